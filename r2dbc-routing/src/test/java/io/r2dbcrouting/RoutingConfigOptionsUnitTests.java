package io.r2dbcrouting;

import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import io.r2dbc.spi.Closeable;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.ConnectionFactoryProvider;
import io.r2dbc.spi.Option;
import io.r2dbcrouting.RoutingConfig.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Mono;

import static io.r2dbc.spi.ConnectionFactoryOptions.CONNECT_TIMEOUT;
import static io.r2dbc.spi.ConnectionFactoryOptions.DATABASE;
import static io.r2dbc.spi.ConnectionFactoryOptions.DRIVER;
import static io.r2dbc.spi.ConnectionFactoryOptions.HOST;
import static io.r2dbc.spi.ConnectionFactoryOptions.PASSWORD;
import static io.r2dbc.spi.ConnectionFactoryOptions.PORT;
import static io.r2dbc.spi.ConnectionFactoryOptions.PROTOCOL;
import static io.r2dbc.spi.ConnectionFactoryOptions.SSL;
import static io.r2dbc.spi.ConnectionFactoryOptions.USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link RoutingConfig#fromOptions}: the options that {@code ConnectionFactoryOptions.parse} makes of an
 * {@code r2dbc:routing:} URL, or that a program sets, and {@link RoutingConnectionFactoryProvider}.
 */
class RoutingConfigOptionsUnitTests {

    private static RoutingConfig parse(String url) {
        return RoutingConfig.fromOptions(ConnectionFactoryOptions.parse(url));
    }

    @Test
    void readsThePrimaryAndTheReplicasFromTheHostList() {
        RoutingConfig config = parse("r2dbc:routing:postgresql://app:s3cr%40t@primary:5432,replica1:5433,replica2/orders"
            + "?replicaWeights=2,1&replicaNames=east,west&strategy=random&stickyAfterWrite=false&enabled=true"
            + "&primaryFunctions=audit.log_access,touch&initialSize=2&maxSize=20&maxIdleTime=PT10M&maxAcquireTime=5s"
            + "&validationQuery=SELECT%201&sslMode=require&applicationName=orders&connectTimeout=PT3S"
            + "&options=-c%20statement_timeout%3D5s");

        assertThat(config.targets()).extracting(Target::name).containsExactly("primary", "east", "west");
        assertThat(config.targets()).extracting(Target::weight).containsExactly(1, 2, 1);
        assertThat(config.targets()).extracting(target -> target.driverOptions().getValue(HOST))
            .containsExactly("primary", "replica1", "replica2");
        assertThat(config.targets()).extracting(target -> target.driverOptions().getValue(PORT)).containsExactly(5432, 5433, null);
        for (Target target : config.targets()) {
            ConnectionFactoryOptions options = target.driverOptions();
            assertThat(options.getValue(DRIVER)).isEqualTo("postgresql");
            assertThat(options.hasOption(PROTOCOL)).isFalse();
            assertThat(options.getValue(USER)).isEqualTo("app");
            assertThat(String.valueOf(options.getValue(PASSWORD))).isEqualTo("s3cr@t");
            assertThat(options.getValue(DATABASE)).isEqualTo("orders");
            assertThat(options.getValue(Option.valueOf("sslMode"))).isEqualTo("require");
            assertThat(options.getValue(Option.valueOf("applicationName"))).isEqualTo("orders");
            assertThat(options.getValue(Option.valueOf("connectTimeout"))).isEqualTo("PT3S");
            assertThat(options.getValue(Option.valueOf("options"))).isEqualTo("-c statement_timeout=5s");
            for (Option<?> option : List.of(RoutingConnectionFactoryProvider.REPLICA_WEIGHTS,
                RoutingConnectionFactoryProvider.REPLICA_NAMES, RoutingConnectionFactoryProvider.STRATEGY,
                RoutingConnectionFactoryProvider.STICKY_AFTER_WRITE, RoutingConnectionFactoryProvider.ENABLED,
                RoutingConnectionFactoryProvider.PRIMARY_FUNCTIONS, RoutingConnectionFactoryProvider.INITIAL_SIZE,
                RoutingConnectionFactoryProvider.MAX_SIZE, RoutingConnectionFactoryProvider.MAX_IDLE_TIME,
                RoutingConnectionFactoryProvider.MAX_ACQUIRE_TIME, RoutingConnectionFactoryProvider.VALIDATION_QUERY)) {
                assertThat(options.hasOption(option)).as(option.name()).isFalse();
            }
            assertThat(target.pool()).isEqualTo(config.pool());
        }
        assertThat(config.replicas().get(1).url()).isEqualTo("r2dbc:postgresql://app:***@replica2/orders?applicationName=orders"
            + "&connectTimeout=PT3S&options=-c statement_timeout=5s&sslMode=require");
        assertThat(config.strategy()).isEqualTo(RoutingStrategy.RANDOM);
        assertThat(config.stickyAfterWrite()).isFalse();
        assertThat(config.enabled()).isTrue();
        assertThat(config.primaryFunctions()).containsExactly("audit.log_access", "touch");
        assertThat(config.pool().initialSize()).isEqualTo(2);
        assertThat(config.pool().maxSize()).isEqualTo(20);
        assertThat(config.pool().maxIdleTime()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.pool().maxAcquireTime()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.pool().validationQuery()).isEqualTo("SELECT 1");
    }

    @Test
    void takesASingleHostAndItsPort() {
        RoutingConfig config = parse("r2dbc:routing:postgresql://app@db:6432/app");

        assertThat(config.primary().driverOptions().getValue(HOST)).isEqualTo("db");
        assertThat(config.primary().driverOptions().getValue(PORT)).isEqualTo(6432);
        assertThat(config.primary().url()).isEqualTo("r2dbc:postgresql://app@db:6432/app");
        assertThat(config.replicas()).isEmpty();
        assertThat(config.pool()).isEqualTo(RoutingConfig.builder().primary("postgresql://db").build().pool());
        assertThat(config.strategy()).isEqualTo(RoutingStrategy.ROUND_ROBIN);
        assertThat(config.stickyAfterWrite()).isTrue();
        assertThat(parse("r2dbc:routing:postgresql://db").primary().url()).isEqualTo("r2dbc:postgresql://db");
    }

    @Test
    void worksWithAnyDriver() {
        RoutingConfig mariadb = parse("r2dbc:routing:mariadb://app:secret@m1:3306,m2:3306/shop?useServerPrepStmts=true");
        RoutingConfig mssql = parse("r2dbc:routing:mssql:tcp://app@s1,s2/shop");
        RoutingConfig secure = parse("r2dbcs:routing:postgresql://app@p1,p2/app");

        assertThat(mariadb.targets()).extracting(target -> target.driverOptions().getValue(DRIVER)).containsOnly("mariadb");
        assertThat(mariadb.replicas().get(0).url()).isEqualTo("r2dbc:mariadb://app:***@m2:3306/shop?useServerPrepStmts=true");
        assertThat(mssql.targets()).extracting(target -> target.driverOptions().getValue(PROTOCOL)).containsOnly("tcp");
        assertThat(mssql.primary().url()).isEqualTo("r2dbc:mssql:tcp://app@s1/shop");
        assertThat(secure.targets()).extracting(target -> target.driverOptions().getValue(SSL)).containsOnly(true);
    }

    @ParameterizedTest
    @CsvSource({"PT30S, 30", "30, 30", "30s, 30", "500ms, 0.5", "5m, 300", "2h, 7200", "1d, 86400", "pt1m, 60", "PT0.25S, 0.25"})
    void readsDurations(String text, double seconds) {
        RoutingConfig config = parse("r2dbc:routing:postgresql://db?maxIdleTime=" + text + "&maxAcquireTime=" + text);

        assertThat(config.pool().maxIdleTime()).isEqualTo(Duration.ofMillis((long) (seconds * 1000)));
        assertThat(config.pool().maxAcquireTime()).isEqualTo(Duration.ofMillis((long) (seconds * 1000)));
    }

    @Test
    void acceptsTypedValuesSetByAProgram() {
        ConnectionFactoryOptions options = ConnectionFactoryOptions.builder()
            .option(DRIVER, "routing").option(PROTOCOL, "postgresql")
            .option(HOST, "a, b:5433").option(PORT, 5432).option(USER, "app").option(PASSWORD, "pw").option(DATABASE, "db")
            .option(Option.valueOf("replicaWeights"), List.of(3))
            .option(RoutingConnectionFactoryProvider.STRATEGY, RoutingStrategy.RANDOM)
            .option(RoutingConnectionFactoryProvider.STICKY_AFTER_WRITE, false)
            .option(RoutingConnectionFactoryProvider.ENABLED, Boolean.FALSE)
            .option(RoutingConnectionFactoryProvider.INITIAL_SIZE, 2)
            .option(RoutingConnectionFactoryProvider.MAX_SIZE, 4)
            .option(RoutingConnectionFactoryProvider.MAX_IDLE_TIME, Duration.ofMinutes(1))
            .option(CONNECT_TIMEOUT, Duration.ofSeconds(2))
            .build();

        RoutingConfig config = RoutingConfig.fromOptions(options);

        assertThat(config.targets()).extracting(target -> target.driverOptions().getValue(HOST)).containsExactly("a", "b");
        assertThat(config.targets()).extracting(target -> target.driverOptions().getValue(PORT)).containsExactly(5432, 5433);
        assertThat(config.replicas().get(0).weight()).isEqualTo(3);
        assertThat(config.strategy()).isEqualTo(RoutingStrategy.RANDOM);
        assertThat(config.stickyAfterWrite()).isFalse();
        assertThat(config.enabled()).isFalse();
        assertThat(config.pool()).hasToString("PoolSettings[initialSize=2, maxSize=4, maxIdleTime=PT1M]");
        assertThat(config.primary().driverOptions().getValue(CONNECT_TIMEOUT)).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.primary().driverOptions().getValue(PASSWORD)).isEqualTo("pw");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "r2dbc:routing://app@db/app | r2dbc:routing: URLs need a driver after routing:, e.g. r2dbc:routing:postgresql://…",
        "r2dbc:routing:pool:postgresql://app@db/app | protocol: r2dbc:routing:pool:… is not supported: the router creates a "
            + "pool for each target itself; write r2dbc:routing:<driver>://… and set the pool options (initialSize, maxSize, "
            + "…) in its query",
        "r2dbc:routing:routing:postgresql://app@db/app | protocol: 'routing:postgresql' is not a driver; r2dbc:routing: URLs "
            + "need a driver after routing:, e.g. r2dbc:routing:postgresql://…",
        "r2dbc:postgresql://app@db/app | driver: expected 'routing' (r2dbc:routing:<driver>://…), was 'postgresql'",
        "r2dbc:routing:postgresql:///app | host: r2dbc:routing: URLs need the primary's host, then the replicas', e.g. "
            + "r2dbc:routing:postgresql://user:password@primary:5432,replica-1:5432/app",
        "r2dbc:routing:postgresql://db1,,db2/app | host: host 2 of 3 is empty in 'db1,,db2'",
        "r2dbc:routing:postgresql://db1:x,db2/app | host: the port of 'db1' is not a number from 1 to 65535 (host 1 of 2)",
        "r2dbc:routing:postgresql://db1,db2:0/app | host: the port of 'db2' is not a number from 1 to 65535 (host 2 of 2)",
        "r2dbc:routing:postgresql://db1,::1/app | host: IPv6 host '::1' must be in brackets, such as [::1]:5432 (host 2 of 2)",
        "r2dbc:routing:postgresql://app:pa/ss@db1,db2/app | database: contains '@'; percent-encode '/', '?', '#' and '@' in "
            + "the user name and password (as %2F, %3F, %23, %40)",
        "r2dbc:routing:postgresql://p,r1,r2/app?replicaWeights=2,1,1 | replicaWeights: 3 weights for 2 replicas",
        "r2dbc:routing:postgresql://p/app?replicaWeights=1 | replicaWeights: 1 weight for 0 replicas",
        "r2dbc:routing:postgresql://p,r1,r2/app?replicaWeights=2,0 | replicaWeights: weight must be a positive integer, was "
            + "'0' for replica 2 (of 2)",
        "r2dbc:routing:postgresql://p,r1,r2/app?replicaWeights=-1,1 | replicaWeights: weight must be a positive integer, was "
            + "'-1' for replica 1 (of 2)",
        "r2dbc:routing:postgresql://p,r1,r2/app?replicaWeights=2,heavy | replicaWeights: weight must be a positive integer, "
            + "was 'heavy' for replica 2 (of 2)",
        "r2dbc:routing:postgresql://p,r1,r2/app?replicaWeights=2, | replicaWeights: weight must be a positive integer, was '' "
            + "for replica 2 (of 2)",
        "r2dbc:routing:postgresql://p,r1/app?replicaNames=a,b | replicaNames: 2 names for 1 replica",
        "r2dbc:routing:postgresql://p,r1,r2/app?replicaNames=a, | replicaNames: name must not be blank for replica 2 (of 2)",
        "r2dbc:routing:postgresql://p,r1,r2/app?replicaNames=a,primary | replicaNames: duplicate target name 'primary'",
        "r2dbc:routing:postgresql://p,r1,r2/app?replicaNames=a,a | replicaNames: duplicate target name 'a'",
        "r2dbc:routing:postgresql://p,r1/app?strategy=FASTEST | strategy: unknown strategy 'FASTEST'; expected ROUND_ROBIN or "
            + "RANDOM",
        "r2dbc:routing:postgresql://p,r1/app?stickyAfterWrite=maybe | stickyAfterWrite: must be true, false, yes, no, 1 or 0, "
            + "was 'maybe'",
        "r2dbc:routing:postgresql://p,r1/app?enabled=2 | enabled: must be true, false, yes, no, 1 or 0, was '2'",
        "r2dbc:routing:postgresql://p/app?primaryFunctions=ok,bad%20name | primaryFunctions: function name must be 'name' or "
            + "'schema.name' of unquoted identifiers, was 'bad name'",
        "r2dbc:routing:postgresql://p/app?maxSize=ten | maxSize: must be a positive integer, was 'ten'",
        "r2dbc:routing:postgresql://p/app?maxSize=0 | maxSize: must be a positive integer, was '0'",
        "r2dbc:routing:postgresql://p/app?initialSize=-1 | initialSize: must be a non-negative integer, was '-1'",
        "r2dbc:routing:postgresql://p/app?maxIdleTime=soon | maxIdleTime: must be an ISO-8601 duration like PT30M or a number "
            + "of seconds, was 'soon'",
        "r2dbc:routing:postgresql://p/app?maxAcquireTime=0 | maxAcquireTime: must be a positive duration, was '0'",
        "r2dbc:routing:postgresql://p/app?maxIdleTime=-PT1S | maxIdleTime: must be a positive duration, was '-PT1S'",
        "r2dbc:routing:postgresql://p/app?validationQuery=%20 | validationQuery: must not be blank",
        "r2dbc:routing:postgresql://p/app?maxLifeTime=PT1H | maxLifeTime: an r2dbc-pool option that r2dbc-routing does not "
            + "support; its pool options are [initialSize, maxSize, maxIdleTime, maxAcquireTime, validationQuery]",
    })
    void rejectsBadOptionsNamingThem(String url, String message) {
        assertThatThrownBy(() -> parse(url)).isExactlyInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void rejectsAHostListThatHoldsAPieceOfTheUserInfo() {
        ConnectionFactoryOptions options = ConnectionFactoryOptions.builder().option(DRIVER, "routing")
            .option(PROTOCOL, "postgresql").option(USER, "app").option(PASSWORD, "s3cr3t").option(HOST, "P@ss@db1,db2").build();

        assertThatThrownBy(() -> RoutingConfig.fromOptions(options)).isExactlyInstanceOf(IllegalArgumentException.class)
            .hasMessage("host: contains '@'; percent-encode '/', '?', '#' and '@' in the user name and password "
                + "(as %2F, %3F, %23, %40)");
    }

    @Test
    void rejectsAnInitialSizeAboveTheMaximum() {
        assertThatThrownBy(() -> parse("r2dbc:routing:postgresql://p/app?initialSize=20"))
            .isExactlyInstanceOf(IllegalStateException.class).hasMessage("pool: initialSize (20) must not exceed maxSize (10)");
        assertThatThrownBy(() -> parse("r2dbc:routing:postgresql://p/app?initialSize=5&maxSize=4"))
            .isExactlyInstanceOf(IllegalStateException.class).hasMessage("initialSize (5) must not exceed maxSize (4)");
    }

    @Test
    void isRegisteredAsTheRoutingDriver() {
        RoutingConnectionFactoryProvider provider = new RoutingConnectionFactoryProvider();

        assertThat(provider.getDriver()).isEqualTo("routing");
        assertThat(provider.supports(ConnectionFactoryOptions.parse("r2dbc:routing:postgresql://p,r/app"))).isTrue();
        assertThat(provider.supports(ConnectionFactoryOptions.parse("r2dbc:postgresql://p/app"))).isFalse();
        assertThat(provider.supports(ConnectionFactoryOptions.parse("r2dbc:pool:postgresql://p/app"))).isFalse();
        List<String> providers = StreamSupport.stream(ServiceLoader.load(ConnectionFactoryProvider.class).spliterator(), false)
            .map(found -> found.getClass().getName()).collect(Collectors.toList());
        assertThat(providers).contains(RoutingConnectionFactoryProvider.class.getName());
    }

    @Test
    void connectionFactoriesGetReturnsARoutingFactoryWithoutConnecting() {
        ConnectionFactory factory = ConnectionFactories.get("r2dbc:routing:postgresql://app:s3cr3t@127.0.0.1:1,127.0.0.1:2/app"
            + "?replicaWeights=2&strategy=random&initialSize=0&maxSize=2&sslMode=disable");
        try {
            assertThat(factory).isInstanceOf(RoutingConnectionFactory.class);
            assertThat(((RoutingConnectionFactory) factory).getStrategy()).isEqualTo(RoutingStrategy.RANDOM);
            assertThat(factory.toString()).doesNotContain("s3cr3t");
        } finally {
            Mono.from(((Closeable) factory).close()).block(Duration.ofSeconds(10));
        }
    }

    @Test
    void createFailsWithTheConfigurationsMessage() {
        assertThatThrownBy(() -> new RoutingConnectionFactoryProvider().create(
            ConnectionFactoryOptions.parse("r2dbc:routing:postgresql://app:s3cr3t@p,r1/app?replicaWeights=0")))
            .isExactlyInstanceOf(IllegalArgumentException.class)
            .hasMessage("replicaWeights: weight must be a positive integer, was '0' for replica 1 (of 1)");
    }
}
