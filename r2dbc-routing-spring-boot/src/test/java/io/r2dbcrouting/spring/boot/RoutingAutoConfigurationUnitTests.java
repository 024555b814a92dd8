package io.r2dbcrouting.spring.boot;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbcrouting.RoutingConnectionFactory;
import io.r2dbcrouting.RoutingInfo;
import io.r2dbcrouting.RoutingStrategy;
import io.r2dbcrouting.micrometer.MicrometerRoutingMetrics;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.r2dbc.ConnectionFactoryHealthContributorAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.r2dbc.R2dbcAutoConfiguration;
import org.springframework.boot.autoconfigure.web.reactive.WebFluxAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.core.io.ClassPathResource;
import org.springframework.util.StreamUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The auto-configuration without a database: which beans the properties make. Making a router opens no connection,
 * so the URLs need no server.
 */
class RoutingAutoConfigurationUnitTests {

    private static final String PRIMARY = "r2dbc:postgresql://app:secret@db-primary:5432/app";

    private static final String REPLICA_1 = "r2dbc:postgresql://app:secret@db-replica-1:5432/app";

    private static final String REPLICA_2 = "postgresql://app:secret@db-replica-2:5432/app";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(RoutingAutoConfiguration.class, R2dbcAutoConfiguration.class));

    @Test
    void primaryUrlMakesTheConnectionFactoryARouterAndSpringBootMakesNoPool() {
        this.runner.withPropertyValues("r2dbc.routing.primary.url=" + PRIMARY,
                "r2dbc.routing.replicas[0].name=east", "r2dbc.routing.replicas[0].url=" + REPLICA_1,
                "r2dbc.routing.replicas[0].weight=2",
                "r2dbc.routing.replicas[1].url=" + REPLICA_2,
                "r2dbc.routing.groups.analytics.urls=r2dbc:postgresql://app:secret@warehouse:5432/analytics",
                "r2dbc.routing.strategy=random")
            .run(context -> {
                assertThat(context).hasSingleBean(ConnectionFactory.class);
                assertThat(context).doesNotHaveBean(ConnectionPool.class);
                assertThat(context.getBean(ConnectionFactory.class)).isInstanceOf(RoutingConnectionFactory.class);
                RoutingInfo info = context.getBean(RoutingConnectionFactory.class).info();
                assertThat(info.strategy()).isEqualTo(RoutingStrategy.RANDOM);
                assertThat(info.targets()).extracting(RoutingInfo.Target::group, RoutingInfo.Target::name,
                        RoutingInfo.Target::weight, RoutingInfo.Target::url)
                    .containsExactly(
                        tuple("primary", "primary", 1, "r2dbc:postgresql://app:***@db-primary:5432/app"),
                        tuple("replicas", "east", 2, "r2dbc:postgresql://app:***@db-replica-1:5432/app"),
                        tuple("replicas", "replica-2", 1, "r2dbc:postgresql://app:***@db-replica-2:5432/app"),
                        tuple("analytics", "analytics", 1, "r2dbc:postgresql://app:***@warehouse:5432/analytics"));
                // the pools are the router's own, one per target
                assertThat(info.targets()).extracting(RoutingInfo.Target::poolClass).containsOnly("ConnectionPool");
            });
    }

    @Test
    void poolSettingsApplyToEveryTargetAndATargetsOwnWinOverThem() {
        this.runner.withPropertyValues("r2dbc.routing.primary.url=" + PRIMARY,
                "r2dbc.routing.primary.pool.max-size=30",
                "r2dbc.routing.replicas[0].url=" + REPLICA_1,
                "r2dbc.routing.groups.analytics.urls[0]=r2dbc:postgresql://app:secret@warehouse-1:5432/analytics",
                "r2dbc.routing.groups.analytics.urls[1]=r2dbc:postgresql://app:secret@warehouse-2:5432/analytics",
                "r2dbc.routing.groups.analytics.pool.max-size=4",
                "r2dbc.routing.pool.initial-size=2", "r2dbc.routing.pool.max-size=20")
            .run(context -> {
                RoutingInfo info = context.getBean(RoutingConnectionFactory.class).info();
                assertThat(info.targets()).extracting(RoutingInfo.Target::name, RoutingInfo.Target::initialSize,
                        RoutingInfo.Target::maxSize)
                    .containsExactly(
                        tuple("primary", 2, 30),
                        tuple("replica-1", 2, 20),
                        tuple("analytics-1", 2, 4),
                        tuple("analytics-2", 2, 4));
            });
    }

    @Test
    void credentialsGoIntoEveryUrlThatHasNone() {
        this.runner.withPropertyValues("r2dbc.routing.primary.url=r2dbc:postgresql://db-primary:5432/app",
                "r2dbc.routing.replicas[0].url=postgresql://db-replica-1/app?sslmode=require",
                "r2dbc.routing.replicas[1].url=" + REPLICA_2.replace("app:secret", "reader:other"),
                "r2dbc.routing.username=app", "r2dbc.routing.password=p@ss:w/rd+1")
            .run(context -> {
                RoutingConnectionFactory factory = context.getBean(RoutingConnectionFactory.class);
                assertThat(factory.info().targets()).extracting(RoutingInfo.Target::url).containsExactly(
                    "r2dbc:postgresql://app:***@db-primary:5432/app",
                    "r2dbc:postgresql://app:***@db-replica-1/app?sslMode=require",
                    "r2dbc:postgresql://reader:***@db-replica-2:5432/app");
                assertThat(factory.toString()).doesNotContain("p@ss");
            });
    }

    @Test
    void springR2dbcCredentialsAreTheFallback() {
        this.runner.withPropertyValues("r2dbc.routing.primary.url=r2dbc:postgresql://db-primary:5432/app",
                "spring.r2dbc.username=boot", "spring.r2dbc.password=secret")
            .run(context -> assertThat(context.getBean(RoutingConnectionFactory.class).info().targets())
                .extracting(RoutingInfo.Target::url)
                .containsExactly("r2dbc:postgresql://boot:***@db-primary:5432/app"));
    }

    @Test
    void routingSettingsReachTheRouter() {
        this.runner.withPropertyValues("r2dbc.routing.primary.url=" + PRIMARY, "r2dbc.routing.replicas[0].url=" + REPLICA_1,
                "r2dbc.routing.sticky-after-write=false", "r2dbc.routing.read-consistency=causal",
                "r2dbc.routing.health-check-interval=250ms", "r2dbc.routing.max-replica-lag=5s",
                "r2dbc.routing.max-replica-lag-bytes=16MB", "r2dbc.routing.fallback-to-primary=false",
                "r2dbc.routing.catch-up-timeout=100ms", "r2dbc.routing.enabled=false")
            .run(context -> {
                RoutingConnectionFactory factory = context.getBean(RoutingConnectionFactory.class);
                assertThat(factory.isEnabled()).isFalse();
                assertThat(factory.info().stickyAfterWrite()).isFalse();
                assertThat(factory.toString()).contains("healthCheckInterval=PT0.25S", "maxReplicaLag=PT5S",
                    "maxReplicaLagBytes=16777216", "fallbackToPrimary=false", "readConsistency=CAUSAL",
                    "catchUpTimeout=PT0.1S");
            });
    }

    @Test
    void aRoutingSpringR2dbcUrlMakesARouterWithTheSpringR2dbcCredentials() {
        this.runner.withPropertyValues(
                "spring.r2dbc.url=r2dbc:routing:postgresql://db-primary:5432,db-replica-1,db-replica-2/app?replicaWeights=2,1",
                "spring.r2dbc.username=app", "spring.r2dbc.password=secret", "spring.r2dbc.properties.maxSize=7",
                "spring.r2dbc.pool.enabled=true")
            .run(context -> {
                assertThat(context).hasSingleBean(ConnectionFactory.class);
                assertThat(context).doesNotHaveBean(ConnectionPool.class);
                RoutingInfo info = context.getBean(RoutingConnectionFactory.class).info();
                assertThat(info.targets()).extracting(RoutingInfo.Target::name, RoutingInfo.Target::weight,
                        RoutingInfo.Target::maxSize)
                    .containsExactly(tuple("primary", 1, 7),
                        tuple("replica-1", 2, 7),
                        tuple("replica-2", 1, 7));
                assertThat(info.targets().get(0).url()).isEqualTo("r2dbc:postgresql://app:***@db-primary:5432/app");
            });
    }

    @Test
    void anOrdinarySpringR2dbcUrlLeavesTheConnectionFactoryToSpringBoot() {
        this.runner.withPropertyValues("spring.r2dbc.url=r2dbc:postgresql://app:secret@db:5432/app")
            .run(context -> {
                assertThat(context).hasSingleBean(ConnectionFactory.class);
                assertThat(context).doesNotHaveBean(RoutingConnectionFactory.class);
                assertThat(context.getBean(ConnectionFactory.class)).isInstanceOf(ConnectionPool.class);
            });
    }

    @Test
    void theApplicationsOwnConnectionFactoryWins() {
        ConnectionFactory own = ConnectionFactories.get("r2dbc:postgresql://app:secret@db:5432/app");
        this.runner.withPropertyValues("r2dbc.routing.primary.url=" + PRIMARY)
            .withBean("connectionFactory", ConnectionFactory.class, () -> own)
            .run(context -> {
                assertThat(context).hasSingleBean(ConnectionFactory.class);
                assertThat(context.getBean(ConnectionFactory.class)).isSameAs(own);
            });
    }

    @Test
    void closingTheContextClosesTheRouterAndItsPools() {
        RoutingConnectionFactory[] factory = new RoutingConnectionFactory[1];
        this.runner.withPropertyValues("r2dbc.routing.primary.url=" + PRIMARY)
            .run(context -> {
                factory[0] = context.getBean(RoutingConnectionFactory.class);
                assertThat(factory[0].isClosed()).isFalse();
            });
        // close() only marks the factory closed once its Mono is subscribed
        assertThat(factory[0].isClosed()).isTrue();
    }

    @Test
    void aBadValueFailsStartupNamingTheProperty() {
        this.runner.withPropertyValues("r2dbc.routing.primary.url=" + PRIMARY,
                "r2dbc.routing.replicas[0].name=r1", "r2dbc.routing.replicas[0].url=" + REPLICA_1,
                "r2dbc.routing.replicas[0].weight=0")
            .run(context -> assertThat(invalid(context))
                .hasMessage("r2dbc.routing.replicas[0]: weight must be positive, was 0 for replica 'r1'"));
    }

    @Test
    void aMissingUrlFailsStartupNamingTheProperty() {
        this.runner.withPropertyValues("r2dbc.routing.primary.url=" + PRIMARY,
                "r2dbc.routing.replicas[0].url=" + REPLICA_1, "r2dbc.routing.replicas[1].weight=2")
            .run(context -> assertThat(invalid(context))
                .hasMessage("r2dbc.routing.replicas[1].url: must be set"));
    }

    @Test
    void aMalformedUrlFailsWithoutShowingThePassword() {
        this.runner.withPropertyValues("r2dbc.routing.primary.url=r2dbc:postgresql://app:hunter2@/app")
            .run(context -> {
                Throwable failure = context.getStartupFailure();
                assertThat(invalid(context)).hasMessage(
                    "r2dbc.routing.primary: primary: malformed URL 'r2dbc:postgresql://app:***@/app': no host");
                assertThat(stackTraceOf(failure)).doesNotContain("hunter2");
            });
    }

    @Test
    void aBadPoolSettingNamesItsTarget() {
        this.runner.withPropertyValues("r2dbc.routing.primary.url=" + PRIMARY, "r2dbc.routing.replicas[0].url=" + REPLICA_1,
                "r2dbc.routing.replicas[0].pool.max-size=0")
            .run(context -> assertThat(invalid(context))
                .hasMessage("r2dbc.routing.replicas[0].pool: maxSize must be positive, was 0"));
    }

    @Test
    void aBadDurationNamesItsProperty() {
        this.runner.withPropertyValues("r2dbc.routing.primary.url=" + PRIMARY, "r2dbc.routing.health-check-interval=0s")
            .run(context -> assertThat(invalid(context).getMessage()).startsWith("r2dbc.routing.health-check-interval: ")
                .contains("PT0S"));
    }

    @Test
    void aBadRoutingUrlFailsNamingSpringR2dbcUrl() {
        this.runner.withPropertyValues("spring.r2dbc.url=r2dbc:routing:postgresql://app:hunter2@db1,db2/app?strategy=FASTEST")
            .run(context -> {
                assertThat(invalid(context)).hasMessage(
                    "spring.r2dbc.url: strategy: unknown strategy 'FASTEST'; expected ROUND_ROBIN or RANDOM");
                assertThat(stackTraceOf(context.getStartupFailure())).doesNotContain("hunter2");
            });
    }

    @Test
    void theFailureAnalysisNamesThePropertyAndTheReason() {
        InvalidRoutingConfigurationException invalid = new InvalidRoutingConfigurationException(
            "r2dbc.routing.replicas[0]", "weight must be positive, was 0 for replica 'r1'", null);
        FailureAnalysis analysis = new RoutingConfigurationFailureAnalyzer().analyze(new IllegalStateException(invalid));
        assertThat(analysis.getDescription()).isEqualTo("The r2dbc-routing configuration is invalid." + System.lineSeparator()
            + System.lineSeparator() + "    Property: r2dbc.routing.replicas[0]" + System.lineSeparator()
            + "    Reason: weight must be positive, was 0 for replica 'r1'");
        assertThat(analysis.getAction()).isEqualTo("Correct the r2dbc.routing.* properties of the application.");
    }

    @Test
    void theSessionFilterIsOnInReactiveWebApplicationsAndCanBeTurnedOff() {
        ReactiveWebApplicationContextRunner web = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RoutingAutoConfiguration.class, R2dbcAutoConfiguration.class,
                RoutingWebFluxAutoConfiguration.class, WebFluxAutoConfiguration.class))
            .withPropertyValues("r2dbc.routing.primary.url=" + PRIMARY);
        web.run(context -> assertThat(context.getBean(RoutingSessionWebFilter.class))
            .hasToString("RoutingSessionWebFilter[token=COOKIE 'R2DBC_ROUTING_SESSION']"));
        web.withPropertyValues("r2dbc.routing.web.token=header", "r2dbc.routing.web.header-name=X-Session")
            .run(context -> assertThat(context.getBean(RoutingSessionWebFilter.class))
                .hasToString("RoutingSessionWebFilter[token=HEADER 'X-Session']"));
        web.withPropertyValues("r2dbc.routing.web.token=none")
            .run(context -> assertThat(context.getBean(RoutingSessionWebFilter.class))
                .hasToString("RoutingSessionWebFilter[token=NONE]"));
        web.withPropertyValues("r2dbc.routing.web.enabled=false")
            .run(context -> assertThat(context).doesNotHaveBean(RoutingSessionWebFilter.class));
    }

    @Test
    void noSessionFilterWithoutRoutingOrOutsideWebApplications() {
        new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RoutingAutoConfiguration.class, RoutingWebFluxAutoConfiguration.class))
            .run(context -> assertThat(context).doesNotHaveBean(RoutingSessionWebFilter.class));
        this.runner.withConfiguration(AutoConfigurations.of(RoutingWebFluxAutoConfiguration.class))
            .withPropertyValues("r2dbc.routing.primary.url=" + PRIMARY)
            .run(context -> assertThat(context).doesNotHaveBean(RoutingSessionWebFilter.class));
    }

    @Test
    void theHealthIndicatorReplacesActuatorsR2dbcOne() {
        ApplicationContextRunner actuator = this.runner
            .withConfiguration(AutoConfigurations.of(HealthContributorAutoConfiguration.class,
                RoutingHealthAutoConfiguration.class, ConnectionFactoryHealthContributorAutoConfiguration.class))
            .withPropertyValues("r2dbc.routing.primary.url=" + PRIMARY);
        actuator.run(context -> {
            assertThat(context).hasBean("r2dbcHealthIndicator");
            assertThat(context.getBean("r2dbcHealthIndicator")).isInstanceOf(RoutingHealthIndicator.class);
            assertThat(context).doesNotHaveBean("r2dbcHealthContributor");
        });
        actuator.withPropertyValues("management.health.r2dbc.enabled=false")
            .run(context -> assertThat(context).doesNotHaveBean("r2dbcHealthIndicator")
                .doesNotHaveBean("r2dbcHealthContributor"));
    }

    @Test
    void theMetersAreBoundToTheApplicationsRegistry() {
        this.runner.withConfiguration(AutoConfigurations.of(RoutingMetricsAutoConfiguration.class))
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withPropertyValues("r2dbc.routing.primary.url=" + PRIMARY, "r2dbc.routing.replicas[0].url=" + REPLICA_1)
            .run(context -> {
                assertThat(context).hasSingleBean(MicrometerRoutingMetrics.class);
                MeterRegistry registry = context.getBean(MeterRegistry.class);
                context.getBean(MicrometerRoutingMetrics.class).bindTo(registry);
                assertThat(registry.find(MicrometerRoutingMetrics.STATEMENTS).functionCounters())
                    .extracting(counter -> counter.getId().getTag("target")).contains("primary", "replica-1");
            });
    }

    @Test
    void configurationMetadataDescribesEveryProperty() throws Exception {
        String metadata = StreamUtils.copyToString(
            new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream(), StandardCharsets.UTF_8);
        List<String> expected = List.of("r2dbc.routing.primary.url", "r2dbc.routing.replicas", "r2dbc.routing.groups",
            "r2dbc.routing.username", "r2dbc.routing.password", "r2dbc.routing.strategy",
            "r2dbc.routing.sticky-after-write", "r2dbc.routing.transactions-on-primary",
            "r2dbc.routing.read-consistency", "r2dbc.routing.health-check-interval", "r2dbc.routing.max-replica-lag",
            "r2dbc.routing.max-replica-lag-bytes", "r2dbc.routing.fallback-to-primary", "r2dbc.routing.catch-up-timeout",
            "r2dbc.routing.pool.max-size", "r2dbc.routing.web.enabled", "r2dbc.routing.web.token",
            "r2dbc.routing.web.cookie-name", "r2dbc.routing.web.header-name");
        assertThat(expected.stream().filter(name -> !metadata.contains("\"name\": \"" + name + "\""))
            .collect(Collectors.toList())).isEmpty();
        assertThat(metadata).contains("\"defaultValue\": \"R2DBC_ROUTING_SESSION\"");
    }

    @Test
    void theFiltersDefaultNamesAreThePropertiesDefaults() {
        RoutingProperties.Web web = new RoutingProperties().getWeb();
        assertThat(web.getCookieName()).isEqualTo(RoutingSessionWebFilter.DEFAULT_COOKIE_NAME);
        assertThat(web.getHeaderName()).isEqualTo(RoutingSessionWebFilter.DEFAULT_HEADER_NAME);
    }

    /** The routing configuration error that stopped the context from starting. */
    private static InvalidRoutingConfigurationException invalid(AssertableApplicationContext context) {
        for (Throwable cause = context.getStartupFailure(); cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidRoutingConfigurationException) {
                return (InvalidRoutingConfigurationException) cause;
            }
        }
        throw new AssertionError("no InvalidRoutingConfigurationException", context.getStartupFailure());
    }

    private static String stackTraceOf(Throwable failure) {
        StringWriter text = new StringWriter();
        failure.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
