package io.r2dbcrouting;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.Option;
import io.r2dbcrouting.RoutingConfig.PoolSettings;
import io.r2dbcrouting.RoutingConfig.Target;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import static io.r2dbc.spi.ConnectionFactoryOptions.DATABASE;
import static io.r2dbc.spi.ConnectionFactoryOptions.DRIVER;
import static io.r2dbc.spi.ConnectionFactoryOptions.HOST;
import static io.r2dbc.spi.ConnectionFactoryOptions.PASSWORD;
import static io.r2dbc.spi.ConnectionFactoryOptions.PORT;
import static io.r2dbc.spi.ConnectionFactoryOptions.PROTOCOL;
import static io.r2dbc.spi.ConnectionFactoryOptions.USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * {@link RoutingConfig} from its builder: URL forms, targets, groups, pool settings, driver options, every validation
 * message, and passwords that never show in a message or a {@code toString()}.
 */
class RoutingConfigUnitTests {

    static final String SECRET = "s3cr3t-P@ss";

    static final String ENCODED_SECRET = "s3cr3t-P%40ss";

    private static final String PRIMARY = "r2dbc:postgresql://app:secret@db1:5432/app";

    private static final String REPLICA = "r2dbc:postgresql://app:secret@db2:5432/app";

    @Test
    void buildsAPrimaryWithTheDefaults() {
        RoutingConfig config = RoutingConfig.builder().primary(PRIMARY).build();

        assertThat(config.primary().name()).isEqualTo("primary");
        assertThat(config.primary().url()).isEqualTo("r2dbc:postgresql://app:***@db1:5432/app");
        assertThat(config.primary().weight()).isEqualTo(1);
        assertThat(config.replicas()).isEmpty();
        assertThat(config.groups()).isEmpty();
        assertThat(config.defaultGroup()).isEqualTo("primary");
        assertThat(config.readGroup()).isEqualTo("replicas");
        assertThat(config.strategy()).isEqualTo(RoutingStrategy.ROUND_ROBIN);
        assertThat(config.stickyAfterWrite()).isTrue();
        assertThat(config.enabled()).isTrue();
        assertThat(config.primaryFunctions()).isEmpty();
        assertThat(config.pool().initialSize()).isEqualTo(1);
        assertThat(config.pool().maxSize()).isEqualTo(10);
        assertThat(config.pool().maxIdleTime()).isEqualTo(Duration.ofMinutes(30));
        assertThat(config.pool().maxAcquireTime()).isNull();
        assertThat(config.pool().validationQuery()).isNull();
        assertThat(config.primary().pool()).isEqualTo(config.pool());
    }

    @Test
    void givesEachTargetItsDriverOptions() {
        ConnectionFactoryOptions options = RoutingConfig.builder()
            .primary("r2dbc:postgresql://app:secret@db1:5433/orders?sslMode=require&applicationName=orders")
            .build().primary().driverOptions();

        assertThat(options.getValue(DRIVER)).isEqualTo("postgresql");
        assertThat(options.getValue(HOST)).isEqualTo("db1");
        assertThat(options.getValue(PORT)).isEqualTo(5433);
        assertThat(options.getValue(USER)).isEqualTo("app");
        assertThat(String.valueOf(options.getValue(PASSWORD))).isEqualTo("secret");
        assertThat(options.getValue(DATABASE)).isEqualTo("orders");
        assertThat(options.getValue(Option.valueOf("sslMode"))).isEqualTo("require");
        assertThat(options.getValue(Option.valueOf("applicationName"))).isEqualTo("orders");
        assertThat(options.hasOption(PROTOCOL)).isFalse();
        assertThat(options.toString()).contains("password=REDACTED").doesNotContain("secret");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "postgresql://app:secret@db1:5432/app | r2dbc:postgresql://app:***@db1:5432/app",
        "postgres://app:secret@db1/app        | r2dbc:postgresql://app:***@db1/app",
        "postgresql+asyncpg://app:secret@db1/app | r2dbc:postgresql://app:***@db1/app",
        "R2DBC:postgresql://app:secret@db1/app | r2dbc:postgresql://app:***@db1/app",
        "r2dbc:mariadb://app:secret@db1:3306/app | r2dbc:mariadb://app:***@db1:3306/app",
        "r2dbcs:postgresql://app@db1/app       | r2dbc:postgresql://app@db1/app?ssl=true",
        "r2dbc:postgresql://db1                | r2dbc:postgresql://db1",
        "r2dbc:postgresql://[::1]:5432/app     | r2dbc:postgresql://[::1]:5432/app",
        "r2dbc:postgresql://my_db:5432/app     | r2dbc:postgresql://my_db:5432/app",
    })
    void acceptsR2dbcAndLibpqUrls(String url, String display) {
        Target primary = RoutingConfig.builder().primary(url).build().primary();

        assertThat(primary.url()).isEqualTo(display);
        assertThat(primary.driverOptions().getValue(DRIVER)).isIn("postgresql", "mariadb");
    }

    @Test
    void translatesLibpqParameters() {
        ConnectionFactoryOptions options = RoutingConfig.builder()
            .primary("postgresql://app:secret@db1/app?sslmode=verify-full&application_name=orders&connect_timeout=10"
                + "&sslrootcert=/etc/ca.pem&options=-c%20search_path%3Dorders")
            .build().primary().driverOptions();

        assertThat(options.getValue(Option.valueOf("sslMode"))).isEqualTo("verify-full");
        assertThat(options.getValue(Option.valueOf("applicationName"))).isEqualTo("orders");
        assertThat(options.getValue(Option.valueOf("connectTimeout"))).isEqualTo("PT10S");
        assertThat(options.getValue(Option.valueOf("sslRootCert"))).isEqualTo("/etc/ca.pem");
        assertThat(options.getValue(Option.valueOf("options"))).isEqualTo("-c search_path=orders");
        assertThat(options.hasOption(Option.valueOf("sslmode"))).isFalse();
        assertThat(options.hasOption(Option.valueOf("connect_timeout"))).isFalse();
    }

    @Test
    void decodesPercentEncodedAndReadsUnencodedCredentials() {
        ConnectionFactoryOptions encoded = RoutingConfig.builder()
            .primary("postgresql://app%40corp:" + ENCODED_SECRET + "%2F%3F%23%25@db1/app").build().primary().driverOptions();
        ConnectionFactoryOptions raw = RoutingConfig.builder()
            .primary("postgresql://app:" + SECRET + "+:x!$@db1/app").build().primary().driverOptions();

        assertThat(encoded.getValue(USER)).isEqualTo("app@corp");
        assertThat(String.valueOf(encoded.getValue(PASSWORD))).isEqualTo(SECRET + "/?#%");
        assertThat(raw.getValue(USER)).isEqualTo("app");
        assertThat(String.valueOf(raw.getValue(PASSWORD))).isEqualTo(SECRET + "+:x!$");
        assertThat(raw.getValue(HOST)).isEqualTo("db1");
        Target unicode = RoutingConfig.builder().primary("postgresql://jos\u00e9:p\u00e4ss \uD83D\uDD11@db1/app").build().primary();
        assertThat(unicode.driverOptions().getValue(USER)).isEqualTo("jos\u00e9");
        assertThat(String.valueOf(unicode.driverOptions().getValue(PASSWORD))).isEqualTo("p\u00e4ss \uD83D\uDD11");
        assertThat(unicode.url()).isEqualTo("r2dbc:postgresql://jos%C3%A9:***@db1/app");
    }

    @Test
    void namesAndWeighsReplicas() {
        RoutingConfig config = RoutingConfig.builder().primary(PRIMARY)
            .replica(REPLICA)
            .replica("replica-us-west", "postgresql://app:secret@db3/app", 3)
            .replica("r2dbc:postgresql://app:secret@db4/app")
            .build();

        assertThat(config.replicas()).extracting(Target::name).containsExactly("replica-1", "replica-us-west", "replica-3");
        assertThat(config.replicas()).extracting(Target::weight).containsExactly(1, 3, 1);
        assertThat(config.replicas()).extracting(target -> target.driverOptions().getValue(HOST))
            .containsExactly("db2", "db3", "db4");
        assertThat(config.targets()).extracting(Target::name)
            .containsExactly("primary", "replica-1", "replica-us-west", "replica-3");
    }

    @Test
    void namesGroupMembersAfterTheirGroup() {
        RoutingConfig config = RoutingConfig.builder().primary(PRIMARY)
            .group("reports", "postgresql://app:secret@r1/app", "postgresql://app:secret@r2/app")
            .group("analytics", "postgresql://app:secret@warehouse/analytics")
            .build();

        assertThat(config.groups()).containsOnlyKeys("reports", "analytics");
        assertThat(new ArrayList<>(config.groups().keySet())).containsExactly("reports", "analytics");
        assertThat(config.groups().get("reports")).extracting(Target::name).containsExactly("reports-1", "reports-2");
        assertThat(config.groups().get("analytics")).extracting(Target::name).containsExactly("analytics");
        assertThat(config.groups().get("analytics").get(0).weight()).isEqualTo(1);
        assertThat(config.groups().get("analytics").get(0).driverOptions().getValue(DATABASE)).isEqualTo("analytics");
    }

    @Test
    void takesThePrimaryAndTheReplicasFromNamedGroups() {
        RoutingConfig config = RoutingConfig.builder()
            .group("writers", PRIMARY)
            .group("readers", REPLICA, "postgresql://app:secret@db3/app")
            .group("analytics", "postgresql://app:secret@warehouse/analytics")
            .defaultGroup("writers")
            .readGroup("readers")
            .build();

        assertThat(config.primary().name()).isEqualTo("writers");
        assertThat(config.primary().driverOptions().getValue(HOST)).isEqualTo("db1");
        assertThat(config.replicas()).extracting(Target::name).containsExactly("readers-1", "readers-2");
        assertThat(config.replicas()).extracting(Target::weight).containsExactly(1, 1);
        assertThat(config.groups()).containsOnlyKeys("analytics");
        assertThat(config.defaultGroup()).isEqualTo("writers");
        assertThat(config.readGroup()).isEqualTo("readers");
    }

    @Test
    void sendsReadsToThePrimaryWhenTheReadGroupIsTheDefaultGroup() {
        RoutingConfig config = RoutingConfig.builder().primary(PRIMARY).readGroup("primary").build();

        assertThat(config.replicas()).isEmpty();
        assertThat(config.readGroup()).isEqualTo("primary");
    }

    @ParameterizedTest
    @CsvSource({"ROUND_ROBIN, ROUND_ROBIN", "round-robin, ROUND_ROBIN", "roundRobin, ROUND_ROBIN", "round_robin, ROUND_ROBIN",
        "RANDOM, RANDOM", "random, RANDOM", "' Random ', RANDOM"})
    void readsStrategyNames(String name, RoutingStrategy strategy) {
        assertThat(RoutingConfig.builder().primary(PRIMARY).strategy(name).build().strategy()).isEqualTo(strategy);
    }

    @Test
    void setsTheRoutingSwitches() {
        RoutingConfig config = RoutingConfig.builder().primary(PRIMARY).strategy(RoutingStrategy.RANDOM)
            .stickyAfterWrite(false).enabled(false).primaryFunctions("audit.log_access", "touch_session")
            .primaryFunctions(List.of("bump")).build();

        assertThat(config.strategy()).isEqualTo(RoutingStrategy.RANDOM);
        assertThat(config.stickyAfterWrite()).isFalse();
        assertThat(config.enabled()).isFalse();
        assertThat(config.primaryFunctions()).containsExactly("audit.log_access", "touch_session", "bump");
    }

    @Test
    void mergesPerTargetPoolOverridesOverTheDefaults() {
        RoutingConfig config = RoutingConfig.builder().primary(PRIMARY).replica(REPLICA)
            .replica("postgresql://app:secret@db3/app")
            .pool(PoolSettings.builder().maxSize(20).maxAcquireTime(Duration.ofSeconds(5)).build())
            .pool("replica-1", PoolSettings.builder().initialSize(5).validationQuery("SELECT 1").build())
            .pool("primary", PoolSettings.builder().maxSize(40).maxIdleTime(Duration.ofMinutes(5)).build())
            .build();

        assertThat(config.pool()).hasToString("PoolSettings[initialSize=1, maxSize=20, maxIdleTime=PT30M, maxAcquireTime=PT5S]");
        Target primary = config.primary();
        assertThat(primary.pool().maxSize()).isEqualTo(40);
        assertThat(primary.pool().maxIdleTime()).isEqualTo(Duration.ofMinutes(5));
        assertThat(primary.pool().maxAcquireTime()).isEqualTo(Duration.ofSeconds(5));
        Target replica1 = config.replicas().get(0);
        assertThat(replica1.pool().initialSize()).isEqualTo(5);
        assertThat(replica1.pool().maxSize()).isEqualTo(20);
        assertThat(replica1.pool().validationQuery()).isEqualTo("SELECT 1");
        assertThat(config.replicas().get(1).pool()).isEqualTo(config.pool());
    }

    @Test
    void poolSettingsDefaultEveryFieldAndCompareByWhatIsSet() {
        PoolSettings empty = PoolSettings.builder().build();

        assertThat(empty.initialSize()).isEqualTo(PoolSettings.DEFAULT_INITIAL_SIZE);
        assertThat(empty.maxSize()).isEqualTo(PoolSettings.DEFAULT_MAX_SIZE);
        assertThat(empty.maxIdleTime()).isEqualTo(PoolSettings.DEFAULT_MAX_IDLE_TIME);
        assertThat(empty).hasToString("PoolSettings[]").isEqualTo(PoolSettings.builder().build())
            .isNotEqualTo(PoolSettings.builder().maxSize(10).build());
        assertThat(PoolSettings.builder().maxSize(3).build()).hasSameHashCodeAs(PoolSettings.builder().maxSize(3).build());
        assertThat(PoolSettings.builder().initialSize(0).maxSize(1).build().initialSize()).isZero();
    }

    @Test
    void passesOptionsToEveryTargetAndLetsTheTargetsUrlWin() {
        RoutingConfig config = RoutingConfig.builder()
            .primary(PRIMARY + "?sslMode=verify-full")
            .replica(REPLICA)
            .group("analytics", "postgresql://app:secret@warehouse/analytics")
            .option("sslMode", "require")
            .option(ConnectionFactoryOptions.CONNECT_TIMEOUT, Duration.ofSeconds(5))
            .build();

        assertThat(config.targets()).extracting(target -> target.driverOptions().getValue(Option.valueOf("sslMode")))
            .containsExactly("verify-full", "require", "require");
        assertThat(config.targets()).extracting(target -> target.driverOptions().getValue(ConnectionFactoryOptions.CONNECT_TIMEOUT))
            .containsOnly(Duration.ofSeconds(5));
        assertThat(config.replicas().get(0).url())
            .isEqualTo("r2dbc:postgresql://app:***@db2:5432/app?connectTimeout=PT5S&sslMode=require");
    }

    @Test
    void describesItselfWithPasswordsMasked() {
        RoutingConfig.Builder builder = RoutingConfig.builder()
            .primary("postgresql://app:" + ENCODED_SECRET + "@db1:5432/app?sslmode=require")
            .replica("replica-1", "r2dbc:postgresql://app:" + SECRET + "@db2:5432/app", 2)
            .group("analytics", "postgresql://app:" + ENCODED_SECRET + "@warehouse/analytics")
            .option("sslPassword", SECRET)
            .pool("replica-1", PoolSettings.builder().maxSize(4).build());
        RoutingConfig config = builder.build();

        String primary = "Target[name=primary, url=r2dbc:postgresql://app:***@db1:5432/app?sslMode=require&sslPassword=***, "
            + "weight=1, pool=PoolSettings[initialSize=1, maxSize=10, maxIdleTime=PT30M]]";
        assertThat(config.primary()).hasToString(primary);
        assertThat(config).hasToString("RoutingConfig[primary=" + primary + ", replicas=[Target[name=replica-1, "
            + "url=r2dbc:postgresql://app:***@db2:5432/app?sslPassword=***, weight=2, pool=PoolSettings[initialSize=1, "
            + "maxSize=4, maxIdleTime=PT30M]]], groups={analytics=[Target[name=analytics, "
            + "url=r2dbc:postgresql://app:***@warehouse/analytics?sslPassword=***, weight=1, pool=PoolSettings[initialSize=1, "
            + "maxSize=10, maxIdleTime=PT30M]]]}, defaultGroup=primary, readGroup=replicas, strategy=ROUND_ROBIN, "
            + "stickyAfterWrite=true, enabled=true, healthCheckInterval=PT1S, fallbackToPrimary=true, "
            + "readConsistency=STICKY, pool=PoolSettings[initialSize=1, maxSize=10, maxIdleTime=PT30M], "
            + "primaryFunctions=[]]");
        assertThat(builder).hasToString("RoutingConfig.Builder[primary=primary(r2dbc:postgresql://app:***@db1:5432/app"
            + "?sslMode=require), replicas=[replica-1(weight 2, r2dbc:postgresql://app:***@db2:5432/app)], "
            + "groups={analytics=[analytics(r2dbc:postgresql://app:***@warehouse/analytics)]}, defaultGroup=primary, "
            + "readGroup=replicas, strategy=ROUND_ROBIN, stickyAfterWrite=true, enabled=true, pool=PoolSettings[], "
            + "poolOverrides={replica-1=PoolSettings[maxSize=4]}, primaryFunctions=[], options={sslPassword=***}]");
        assertThat(RoutingConfig.builder()).hasToString("RoutingConfig.Builder[primary=unset, replicas=[], groups={}, "
            + "defaultGroup=primary, readGroup=replicas, strategy=ROUND_ROBIN, stickyAfterWrite=true, enabled=true, "
            + "pool=PoolSettings[], poolOverrides={}, primaryFunctions=[], options={}]");
        assertThat(PoolSettings.builder().initialSize(2).validationQuery("SELECT 1").maxAcquireTime(Duration.ofSeconds(3)))
            .hasToString("PoolSettings.Builder[initialSize=2, maxAcquireTime=PT3S, validationQuery=SELECT 1]");
        assertNoSecret(config.toString() + builder + config.targets());
    }

    static Stream<Arguments> badSettings() {
        return Stream.of(
            arguments(call(() -> RoutingConfig.builder().replica("r2", REPLICA, 0)),
                IllegalArgumentException.class, "weight must be positive, was 0 for replica 'r2'"),
            arguments(call(() -> RoutingConfig.builder().replica("r3", REPLICA, -4)),
                IllegalArgumentException.class, "weight must be positive, was -4 for replica 'r3'"),
            arguments(call(() -> RoutingConfig.builder().replica(REPLICA).group("replica", PRIMARY, REPLICA)),
                IllegalArgumentException.class, "duplicate target name 'replica-1'"),
            arguments(call(() -> RoutingConfig.builder().primary(PRIMARY).replica("primary", REPLICA, 1)),
                IllegalArgumentException.class, "duplicate target name 'primary'"),
            arguments(call(() -> RoutingConfig.builder().group("a", PRIMARY).group("a", REPLICA)),
                IllegalArgumentException.class, "duplicate group name 'a'"),
            arguments(call(() -> RoutingConfig.builder().group("a")),
                IllegalArgumentException.class, "group 'a' needs at least one URL"),
            arguments(call(() -> RoutingConfig.builder().primary(PRIMARY).primary("main", REPLICA)),
                IllegalStateException.class, "primary is already set to 'primary'; only one primary can be configured"),
            arguments(call(() -> RoutingConfig.builder().primary(" ")),
                IllegalArgumentException.class, "primary URL must not be null or blank, was ' '"),
            arguments(call(() -> RoutingConfig.builder().replica("r1", null, 1)),
                IllegalArgumentException.class, "URL of replica 'r1' must not be null or blank, was null"),
            arguments(call(() -> RoutingConfig.builder().defaultGroup("")),
                IllegalArgumentException.class, "defaultGroup must not be null or blank, was ''"),
            arguments(call(() -> RoutingConfig.builder().strategy("FASTEST")),
                IllegalArgumentException.class, "unknown strategy 'FASTEST'; expected ROUND_ROBIN or RANDOM"),
            arguments(call(() -> RoutingConfig.builder().primaryFunctions("bad name")),
                IllegalArgumentException.class, "function name must be 'name' or 'schema.name' of unquoted identifiers, "
                    + "was 'bad name'"),
            arguments(call(() -> RoutingConfig.builder().option("host", "db9")),
                IllegalArgumentException.class, "option 'host' is a part of each target's URL; it cannot be set with option(...)"),
            arguments(call(() -> RoutingConfig.builder().option("maxSize", "5")),
                IllegalArgumentException.class, "option 'maxSize' is a pool option; set it with pool(PoolSettings)"),
            arguments(call(() -> RoutingConfig.builder().option("strategy", "RANDOM")),
                IllegalArgumentException.class, "option 'strategy' is a routing option; set it with the builder's own method"),
            arguments(call(() -> RoutingConfig.builder().option("maxLifeTime", "PT1H")),
                IllegalArgumentException.class, "option 'maxLifeTime' is an r2dbc-pool option that r2dbc-routing does not "
                    + "support; its pool options are [initialSize, maxSize, maxIdleTime, maxAcquireTime, validationQuery]"),
            arguments(call(() -> RoutingConfig.builder().replica(REPLICA).build()),
                IllegalStateException.class, "no primary: set primary(url), DATABASE_URL or WRITE_DATABASE_URL"),
            arguments(call(() -> RoutingConfig.builder().primary(PRIMARY).group("analytics", REPLICA).readGroup("readers").build()),
                IllegalStateException.class, "unknown read group 'readers'; the groups are [primary, analytics]"),
            arguments(call(() -> RoutingConfig.builder().primary(PRIMARY).replica(REPLICA).defaultGroup("writers").build()),
                IllegalStateException.class, "unknown default group 'writers'; the groups are [primary, replicas]"),
            arguments(call(() -> RoutingConfig.builder().primary(PRIMARY).group("writers", REPLICA).defaultGroup("writers").build()),
                IllegalStateException.class, "both primary(...) and group 'writers' define the primary; use one of them"),
            arguments(call(() -> RoutingConfig.builder().group("writers", PRIMARY, REPLICA).defaultGroup("writers").build()),
                IllegalStateException.class, "default group 'writers' must have exactly one member, the primary; it has 2"),
            arguments(call(() -> RoutingConfig.builder().primary(PRIMARY).replica(REPLICA).group("readers", REPLICA)
                    .readGroup("readers").build()),
                IllegalStateException.class, "both replica(...) and group 'readers' define the replicas; use one of them"),
            arguments(call(() -> RoutingConfig.builder().primary(PRIMARY).pool("replica-9", PoolSettings.builder().build()).build()),
                IllegalStateException.class, "pool(...) names an unknown target 'replica-9'; the targets are [primary]"),
            arguments(call(() -> RoutingConfig.builder().primary(PRIMARY).pool(PoolSettings.builder().initialSize(20).build()).build()),
                IllegalStateException.class, "pool: initialSize (20) must not exceed maxSize (10)"),
            arguments(call(() -> RoutingConfig.builder().primary(PRIMARY).pool(PoolSettings.builder().maxSize(4).build())
                    .pool("primary", PoolSettings.builder().initialSize(5).build()).build()),
                IllegalStateException.class, "pool of target 'primary': initialSize (5) must not exceed maxSize (4)"),
            arguments(call(() -> PoolSettings.builder().initialSize(-1)),
                IllegalArgumentException.class, "initialSize must not be negative, was -1"),
            arguments(call(() -> PoolSettings.builder().maxSize(0)),
                IllegalArgumentException.class, "maxSize must be positive, was 0"),
            arguments(call(() -> PoolSettings.builder().maxIdleTime(Duration.ZERO)),
                IllegalArgumentException.class, "maxIdleTime must be positive, was PT0S"),
            arguments(call(() -> PoolSettings.builder().maxAcquireTime(Duration.ofSeconds(-1))),
                IllegalArgumentException.class, "maxAcquireTime must be positive, was PT-1S"),
            arguments(call(() -> PoolSettings.builder().maxAcquireTime(null)),
                IllegalArgumentException.class, "maxAcquireTime must not be null"),
            arguments(call(() -> PoolSettings.builder().validationQuery(" ")),
                IllegalArgumentException.class, "validationQuery must not be null or blank, was ' '"),
            arguments(call(() -> PoolSettings.builder().initialSize(3).maxSize(2).build()),
                IllegalStateException.class, "initialSize (3) must not exceed maxSize (2)"));
    }

    @ParameterizedTest
    @MethodSource("badSettings")
    void rejectsBadSettingsWithAMessageNamingThem(ThrowingCallable call, Class<? extends Throwable> type, String message) {
        assertThatThrownBy(call).isExactlyInstanceOf(type).hasMessage(message);
    }

    static Stream<Arguments> malformedUrls() {
        return Stream.of(
            arguments("postgresql://app:" + ENCODED_SECRET + "@/app", "malformed URL 'postgresql://app:***@/app': no host"),
            arguments("postgresql://app:" + SECRET + "@:5432/app", "malformed URL 'postgresql://app:***@:5432/app': no host"),
            arguments("mysql://app:" + ENCODED_SECRET + "@db/app",
                "malformed URL 'mysql://app:***@db/app': expected r2dbc:<driver>://…, postgresql://… or postgres://…"),
            arguments("jdbc:postgresql://db/app?password=" + ENCODED_SECRET, "malformed URL 'jdbc:postgresql://db/app?password=***': "
                + "expected r2dbc:<driver>://…, postgresql://… or postgres://…"),
            arguments("postgresql:app:" + SECRET + "@db/app",
                "malformed URL 'postgresql:***@db/app': expected r2dbc:<driver>://…, postgresql://… or postgres://…"),
            arguments("r2dbc::" + "//app:" + ENCODED_SECRET + "@db/app", "malformed URL 'r2dbc:://app:***@db/app': no driver after r2dbc:"),
            arguments("r2dbc:pool:postgresql://app:" + ENCODED_SECRET + "@db/app", "URL 'r2dbc:pool:postgresql://app:***@db/app' "
                + "uses the pool driver (r2dbc:pool:…); the router creates a pool for each target itself: drop 'pool:' and "
                + "set the pool settings on the router"),
            arguments("r2dbc:routing:postgresql://app:" + ENCODED_SECRET + "@db/app", "URL 'r2dbc:routing:postgresql://app:***@db/app' "
                + "is a routing URL itself; a target needs a database URL such as r2dbc:postgresql://…"),
            arguments("postgresql://app:" + ENCODED_SECRET + "@db1:5432,db2:5432/app", "malformed URL "
                + "'postgresql://app:***@db1:5432,db2:5432/app': several hosts in one URL ('db1:5432,db2:5432'); give each "
                + "database a URL of its own"),
            arguments("postgresql://app:" + ENCODED_SECRET + "@db:port/app",
                "malformed URL 'postgresql://app:***@db:port/app': port 'port' is not a number from 1 to 65535"),
            arguments("postgresql://app:" + ENCODED_SECRET + "@db:70000/app",
                "malformed URL 'postgresql://app:***@db:70000/app': port '70000' is not a number from 1 to 65535"),
            arguments("postgresql://app:" + ENCODED_SECRET + "@::1/app",
                "malformed URL 'postgresql://app:***@::1/app': IPv6 host '::1' must be in brackets, such as [::1]:5432"),
            arguments("postgresql://app:s3cr3t/P@ss@db/app", "malformed URL 'postgresql://app:***@db/app': '@' after the host; "
                + "percent-encode '/', '?', '#' in the user name and password (as %2F, %3F, %23) and '@' in the path or "
                + "query (as %40)"),
            arguments("postgresql://app:s3cr3t?P@ss@db/app", "malformed URL 'postgresql://app:***@db/app': '@' after the host; "
                + "percent-encode '/', '?', '#' in the user name and password (as %2F, %3F, %23) and '@' in the path or "
                + "query (as %40)"),
            arguments("postgresql://app@db/app?password=" + ENCODED_SECRET, "malformed URL 'postgresql://app@db/app?password=***': "
                + "'password' must not be set in the query; write user:password@ before the host"),
            arguments("postgresql://app:" + ENCODED_SECRET + "@db/app?sslmode=require&host=db2", "malformed URL "
                + "'postgresql://app:***@db/app?sslmode=require&host=db2': 'host' must not be set in the query; it is a "
                + "part of the URL"),
            arguments("postgresql://app:" + ENCODED_SECRET + "@db/app?applicationName=%zz",
                "malformed URL 'postgresql://app:***@db/app?applicationName=%zz': bad percent-encoding (write '%' as %25)"),
            arguments("postgresql://app:" + ENCODED_SECRET + "@db/my app",
                "malformed URL 'postgresql://app:***@db/my app': Illegal character in path"),
            arguments("postgresql://app:" + ENCODED_SECRET + "@db/app?maxSize=5",
                "'maxSize' is a pool option; it cannot be set in the URL of one target"),
            arguments("postgresql://app:" + ENCODED_SECRET + "@db/app?strategy=RANDOM",
                "'strategy' is a routing option; it cannot be set in the URL of one target"),
            arguments("postgresql://app:" + ENCODED_SECRET + "@db/app?minIdle=2",
                "'minIdle' is an r2dbc-pool option that r2dbc-routing does not support; its pool options are [initialSize, "
                    + "maxSize, maxIdleTime, maxAcquireTime, validationQuery]; it cannot be set in the URL of one target"),
            arguments("postgresql://app:" + ENCODED_SECRET + "@db/app?connect_timeout=soon",
                "connect_timeout must be a number of seconds, was 'soon'"));
    }

    @ParameterizedTest
    @MethodSource("malformedUrls")
    void rejectsMalformedUrlsNamingTheSettingAndMaskingThePassword(String url, String message) {
        assertThatThrownBy(() -> RoutingConfig.builder().primary(url))
            .isExactlyInstanceOf(IllegalArgumentException.class).hasMessage("primary: " + message).hasNoCause();
        assertThatThrownBy(() -> RoutingConfig.builder().replica("r2", url, 1)).hasMessage("replica 'r2': " + message);
        assertThatThrownBy(() -> RoutingConfig.builder().group("analytics", PRIMARY, url))
            .hasMessage("group 'analytics': " + message);
    }

    /**
     * Every way a URL with a password reaches the configuration, valid or not: no message, cause or
     * {@code toString()} shows the password, raw or percent-encoded.
     */
    @Test
    void neverShowsThePassword() {
        List<String> urls = new ArrayList<>();
        malformedUrls().forEach(arguments -> urls.add((String) arguments.get()[0]));
        urls.addAll(List.of("postgresql://app:" + SECRET + "@db/app", "postgresql://app:" + ENCODED_SECRET + "@db/app",
            "r2dbc:postgresql://app:" + SECRET + ":more@db:5432/app?sslMode=require", "postgres://app:" + SECRET + "@db",
            "r2dbc:postgresql://app:" + ENCODED_SECRET + "@[::1/app", "postgresql://app:s3cr3t#P@ss@db/app",
            "postgresql://app:" + SECRET + "@db/app?strategy=x&password=" + SECRET, "postgresql://app:" + SECRET + "@db:p/app"));

        List<Supplier<Object>> paths = new ArrayList<>();
        for (String url : urls) {
            paths.add(() -> RoutingConfig.builder().primary(url).build());
            paths.add(() -> RoutingConfig.builder().primary(url));
            paths.add(() -> RoutingConfig.builder().primary(PRIMARY).replica(url).build());
            paths.add(() -> RoutingConfig.builder().primary(PRIMARY).group("analytics", url).build());
            paths.add(() -> RoutingConfig.builder().group("readers", url).readGroup("readers").build());
            paths.add(() -> RoutingConfig.builder().primary(url).pool("nope", PoolSettings.builder().build()).build());
            paths.add(() -> RoutingConfig.builder().primary(url).option("applicationName", "orders").build());
            paths.add(() -> RoutingConfig.fromEnvironment(Map.of("DATABASE_URL", url)));
            paths.add(() -> RoutingConfig.fromEnvironment(Map.of("ENABLE_DB_SPLITTING", "true", "WRITE_DATABASE_URL", PRIMARY,
                "READ_DATABASE_URL", REPLICA + "," + url)));
            paths.add(() -> RoutingConfig.fromEnvironment(Map.of("ENABLE_DB_SPLITTING", "maybe", "DATABASE_URL", url)));
        }
        for (String query : List.of("", "?replicaWeights=0,1", "?replicaWeights=1", "?replicaNames=primary,b",
            "?strategy=fastest", "?maxSize=ten", "?minIdle=1", "?sslMode=require", "?initialSize=20")) {
            for (String authority : List.of("app:" + ENCODED_SECRET + "@db1:5432,db2,db3:5433",
                "app:" + ENCODED_SECRET + "@db1", "app:" + SECRET + "@db1,db2", "app:s3cr3t/P%40ss@db1,db2",
                "app:s3cr3t?P@ss@db1,db2", "app:" + ENCODED_SECRET + "@db1:x,db2", "app:" + ENCODED_SECRET + "@,db2")) {
                ConnectionFactoryOptions options = ConnectionFactoryOptions.parse(
                    "r2dbc:routing:postgresql://" + authority + "/app" + query);
                paths.add(() -> RoutingConfig.fromOptions(options));
            }
        }

        int failures = 0;
        for (Supplier<Object> path : paths) {
            Object result;
            try {
                result = path.get();
            } catch (RuntimeException ex) {
                result = ex;
            }
            if (result instanceof RoutingConfig) {
                for (Target target : ((RoutingConfig) result).targets()) {
                    assertNoSecret(target.url() + target + target.driverOptions());
                }
            }
            assertNoSecret(String.valueOf(result));
            Throwable failure = result instanceof Throwable ? (Throwable) result : null;
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                assertNoSecret(cause.getMessage() + cause);
                for (Throwable suppressed : cause.getSuppressed()) {
                    assertNoSecret(suppressed.toString());
                }
                failures++;
            }
        }
        assertThat(paths).hasSizeGreaterThan(350);
        assertThat(failures).isGreaterThan(250);
    }

    static void assertNoSecret(String text) {
        assertThat(text).doesNotContain("s3cr3t").doesNotContain("P@ss").doesNotContain("P%40ss");
    }

    private static ThrowingCallable call(ThrowingCallable callable) {
        return callable;
    }
}
