package io.r2dbcrouting;

import java.util.HashMap;
import java.util.Map;

import io.r2dbc.spi.Option;
import io.r2dbcrouting.RoutingConfig.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.r2dbc.spi.ConnectionFactoryOptions.DATABASE;
import static io.r2dbc.spi.ConnectionFactoryOptions.DRIVER;
import static io.r2dbc.spi.ConnectionFactoryOptions.HOST;
import static io.r2dbc.spi.ConnectionFactoryOptions.PASSWORD;
import static io.r2dbc.spi.ConnectionFactoryOptions.PORT;
import static io.r2dbc.spi.ConnectionFactoryOptions.USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link RoutingConfig#fromEnvironment(Map)}: the variables of applications with a split read/write database.
 */
class RoutingConfigEnvironmentUnitTests {

    private static final String DATABASE_URL = "postgresql://app:secret@db:5432/app";

    private static final String WRITE_URL = "postgresql://app:secret@db-primary:5432/app?sslmode=require";

    private static final String READ_URL = "postgres://app:secret@db-replica-1:5432/app";

    @Test
    void usesOnlyTheDatabaseWhenSplittingIsOff() {
        RoutingConfig config = RoutingConfig.fromEnvironment(Map.of("DATABASE_URL", DATABASE_URL,
            "READ_DATABASE_URL", READ_URL, "PATH", "/usr/bin"));

        assertThat(config.enabled()).isFalse();
        assertThat(config.primary().name()).isEqualTo("primary");
        assertThat(config.primary().url()).isEqualTo("r2dbc:postgresql://app:***@db:5432/app");
        assertThat(config.primary().driverOptions().getValue(DRIVER)).isEqualTo("postgresql");
        assertThat(config.primary().driverOptions().getValue(HOST)).isEqualTo("db");
        assertThat(config.primary().driverOptions().getValue(PORT)).isEqualTo(5432);
        assertThat(config.primary().driverOptions().getValue(USER)).isEqualTo("app");
        assertThat(String.valueOf(config.primary().driverOptions().getValue(PASSWORD))).isEqualTo("secret");
        assertThat(config.primary().driverOptions().getValue(DATABASE)).isEqualTo("app");
        assertThat(config.replicas()).isEmpty();
        assertThat(config.pool()).isEqualTo(RoutingConfig.builder().primary(DATABASE_URL).build().pool());
    }

    @Test
    void prefersTheWriteUrlForThePrimaryWhenSplittingIsOff() {
        RoutingConfig config = RoutingConfig.fromEnvironment(Map.of("ENABLE_DB_SPLITTING", "false",
            "DATABASE_URL", DATABASE_URL, "WRITE_DATABASE_URL", WRITE_URL, "READ_DATABASE_URL", READ_URL));

        assertThat(config.enabled()).isFalse();
        assertThat(config.primary().url()).isEqualTo("r2dbc:postgresql://app:***@db-primary:5432/app?sslMode=require");
        assertThat(config.replicas()).isEmpty();
    }

    @Test
    void readsFromTheDatabaseThroughAPoolOfItsOwnWhenNoReadUrlIsSet() {
        RoutingConfig config = RoutingConfig.fromEnvironment(Map.of("ENABLE_DB_SPLITTING", "true", "DATABASE_URL", DATABASE_URL));

        assertThat(config.enabled()).isTrue();
        assertThat(config.primary().driverOptions().getValue(HOST)).isEqualTo("db");
        assertThat(config.replicas()).extracting(Target::name).containsExactly("replica-1");
        assertThat(config.replicas().get(0).url()).isEqualTo(config.primary().url());
    }

    @Test
    void splitsWritesAndReadsOverTheWriteAndReadUrls() {
        RoutingConfig config = RoutingConfig.fromEnvironment(Map.of("ENABLE_DB_SPLITTING", "true",
            "DATABASE_URL", DATABASE_URL, "WRITE_DATABASE_URL", WRITE_URL,
            "READ_DATABASE_URL", READ_URL + ", r2dbc:postgresql://app:secret@db-replica-2/app,postgresql://app:a,b@db-replica-3/app,"));

        assertThat(config.primary().driverOptions().getValue(HOST)).isEqualTo("db-primary");
        assertThat(config.primary().driverOptions().getValue(Option.valueOf("sslMode"))).isEqualTo("require");
        assertThat(config.replicas()).extracting(Target::name).containsExactly("replica-1", "replica-2", "replica-3");
        assertThat(config.replicas()).extracting(Target::weight).containsExactly(1, 1, 1);
        assertThat(config.replicas()).extracting(target -> target.driverOptions().getValue(HOST))
            .containsExactly("db-replica-1", "db-replica-2", "db-replica-3");
        assertThat(String.valueOf(config.replicas().get(2).driverOptions().getValue(PASSWORD))).isEqualTo("a,b");
        assertThat(config.groups()).isEmpty();
    }

    @Test
    void takesAReadUrlWithoutADatabaseUrl() {
        RoutingConfig config = RoutingConfig.fromEnvironment(Map.of("ENABLE_DB_SPLITTING", "yes",
            "WRITE_DATABASE_URL", WRITE_URL, "READ_DATABASE_URL", READ_URL));

        assertThat(config.primary().driverOptions().getValue(HOST)).isEqualTo("db-primary");
        assertThat(config.replicas()).extracting(target -> target.driverOptions().getValue(HOST)).containsExactly("db-replica-1");
    }

    @ParameterizedTest
    @CsvSource({"true, true", "TRUE, true", "yes, true", "1, true", "' true ', true", "false, false", "No, false", "0, false",
        "'', false"})
    void readsTheSplittingSwitch(String value, boolean enabled) {
        RoutingConfig config = RoutingConfig.fromEnvironment(Map.of("ENABLE_DB_SPLITTING", value, "DATABASE_URL", DATABASE_URL));

        assertThat(config.enabled()).isEqualTo(enabled);
        assertThat(config.replicas()).hasSize(enabled ? 1 : 0);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "5 |    | 5 | 5",
        "5 | 10 | 5 | 15",
        "0 | 3  | 0 | 3",
        "  | 5  | 1 | 15",
        "' ' | ' ' | 1 | 10",
    })
    void sizesThePoolsFromTheSizeAndTheOverflow(String size, String overflow, int initialSize, int maxSize) {
        Map<String, String> environment = new HashMap<>(Map.of("DATABASE_URL", DATABASE_URL));
        if (size != null) {
            environment.put("DB_POOL_SIZE", size);
        }
        if (overflow != null) {
            environment.put("DB_MAX_OVERFLOW", overflow);
        }
        RoutingConfig config = RoutingConfig.fromEnvironment(environment);

        assertThat(config.pool().initialSize()).isEqualTo(initialSize);
        assertThat(config.pool().maxSize()).isEqualTo(maxSize);
        assertThat(config.primary().pool()).isEqualTo(config.pool());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ENABLE_DB_SPLITTING | maybe | ENABLE_DB_SPLITTING: must be true, false, yes, no, 1 or 0, was 'maybe'",
        "DB_POOL_SIZE        | -1    | DB_POOL_SIZE: must be a non-negative integer, was '-1'",
        "DB_POOL_SIZE        | ten   | DB_POOL_SIZE: must be a non-negative integer, was 'ten'",
        "DB_POOL_SIZE        | 1.5   | DB_POOL_SIZE: must be a non-negative integer, was '1.5'",
        "DB_MAX_OVERFLOW     | lots  | DB_MAX_OVERFLOW: must be a non-negative integer, was 'lots'",
        "DB_POOL_SIZE        | 99999999999 | DB_POOL_SIZE: must be a non-negative integer, was '99999999999'",
        "DATABASE_URL        | postgresql://app:s3cr3t@/app | DATABASE_URL: malformed URL 'postgresql://app:***@/app': no host",
        "DATABASE_URL        | mysql://app:s3cr3t@db/app | DATABASE_URL: malformed URL 'mysql://app:***@db/app': expected "
            + "r2dbc:<driver>://…, postgresql://… or postgres://…",
        "WRITE_DATABASE_URL  | postgresql://app:s3cr3t@db/app?maxSize=3 | WRITE_DATABASE_URL: 'maxSize' is a pool option; it "
            + "cannot be set in the URL of one target",
    })
    void rejectsABadVariableNamingIt(String name, String value, String message) {
        Map<String, String> environment = new HashMap<>(Map.of("DATABASE_URL", DATABASE_URL, "ENABLE_DB_SPLITTING", "true"));
        environment.put(name, value);

        assertThatThrownBy(() -> RoutingConfig.fromEnvironment(environment))
            .isExactlyInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void rejectsAMalformedReplicaInTheList() {
        assertThatThrownBy(() -> RoutingConfig.fromEnvironment(Map.of("ENABLE_DB_SPLITTING", "1", "DATABASE_URL", DATABASE_URL,
            "READ_DATABASE_URL", READ_URL + ",postgresql://app:s3cr3t@db-replica-2:port/app")))
            .isExactlyInstanceOf(IllegalArgumentException.class)
            .hasMessage("READ_DATABASE_URL: malformed URL 'postgresql://app:***@db-replica-2:port/app': port 'port' is not a "
                + "number from 1 to 65535");
        assertThatThrownBy(() -> RoutingConfig.fromEnvironment(Map.of("ENABLE_DB_SPLITTING", "1", "DATABASE_URL", DATABASE_URL,
            "READ_DATABASE_URL", "postgresql://app:s3cr3t@db-replica-1,db-replica-2/app")))
            .hasMessage("READ_DATABASE_URL: malformed URL 'postgresql://app:***@db-replica-1,db-replica-2/app': several hosts "
                + "in one URL ('db-replica-1,db-replica-2'); give each database a URL of its own");
    }

    @Test
    void rejectsAPoolWithoutRoom() {
        assertThatThrownBy(() -> RoutingConfig.fromEnvironment(Map.of("DATABASE_URL", DATABASE_URL, "DB_POOL_SIZE", "0")))
            .isExactlyInstanceOf(IllegalArgumentException.class)
            .hasMessage("DB_POOL_SIZE + DB_MAX_OVERFLOW: the pool's maximum size must be from 1 to 2147483647, was 0 + 0");
        assertThatThrownBy(() -> RoutingConfig.fromEnvironment(Map.of("DATABASE_URL", DATABASE_URL,
            "DB_POOL_SIZE", "2147483647", "DB_MAX_OVERFLOW", "1")))
            .hasMessage("DB_POOL_SIZE + DB_MAX_OVERFLOW: the pool's maximum size must be from 1 to 2147483647, was 2147483647 + 1");
    }

    @Test
    void needsAPrimary() {
        String message = "no primary: set primary(url), DATABASE_URL or WRITE_DATABASE_URL";
        assertThatThrownBy(() -> RoutingConfig.fromEnvironment(Map.of()))
            .isExactlyInstanceOf(IllegalStateException.class).hasMessage(message);
        assertThatThrownBy(() -> RoutingConfig.fromEnvironment(Map.of("ENABLE_DB_SPLITTING", "true", "READ_DATABASE_URL", READ_URL)))
            .hasMessage(message);
        assertThatThrownBy(() -> RoutingConfig.fromEnvironment(Map.of("DATABASE_URL", "  ", "WRITE_DATABASE_URL", "")))
            .hasMessage(message);
    }

    @Test
    void ignoresUnusedUrls() {
        RoutingConfig config = RoutingConfig.fromEnvironment(Map.of("WRITE_DATABASE_URL", WRITE_URL,
            "DATABASE_URL", "jdbc:postgresql://db/app", "READ_DATABASE_URL", "not a url"));

        assertThat(config.primary().driverOptions().getValue(HOST)).isEqualTo("db-primary");
    }

    @Test
    void readsTheProcessEnvironment() {
        boolean hasPrimary = isSet(System.getenv("DATABASE_URL")) || isSet(System.getenv("WRITE_DATABASE_URL"));
        if (hasPrimary) {
            assertThat(RoutingConfig.fromEnvironment().primary()).isNotNull();
        } else {
            assertThatThrownBy(RoutingConfig::fromEnvironment).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("no primary");
        }
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
