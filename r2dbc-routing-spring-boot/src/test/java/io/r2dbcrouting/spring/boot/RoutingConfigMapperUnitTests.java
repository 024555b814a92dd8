package io.r2dbcrouting.spring.boot;

import io.r2dbc.spi.ConnectionFactoryOptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The small text operations behind the properties: credentials put into URLs, passwords masked, routing URLs told
 * apart.
 */
class RoutingConfigMapperUnitTests {

    @Test
    void credentialsArePutIntoAUrlWithoutAny() {
        assertThat(RoutingConfigMapper.withCredentials("r2dbc:postgresql://db:5432/app?sslMode=require", "app", "secret"))
            .isEqualTo("r2dbc:postgresql://app:secret@db:5432/app?sslMode=require");
        assertThat(RoutingConfigMapper.withCredentials("postgresql://db", "app", null)).isEqualTo("postgresql://app@db");
    }

    @Test
    void credentialsArePercentEncodedSoThatAnyCharacterSurvivesTheUrlParser() {
        String url = RoutingConfigMapper.withCredentials("r2dbc:postgresql://db/app", "me@corp", "p@ss:w/rd+ 1%");

        assertThat(url).isEqualTo("r2dbc:postgresql://me%40corp:p%40ss%3Aw%2Frd%2B%201%25@db/app");
        ConnectionFactoryOptions options = ConnectionFactoryOptions.parse(url);
        assertThat(options.getValue(ConnectionFactoryOptions.USER)).isEqualTo("me@corp");
        assertThat(options.getValue(ConnectionFactoryOptions.PASSWORD)).hasToString("p@ss:w/rd+ 1%");
    }

    @Test
    void aUrlWithItsOwnCredentialsOrWithoutAUserToAddIsKept() {
        assertThat(RoutingConfigMapper.withCredentials("r2dbc:postgresql://own:pw@db/app", "app", "secret"))
            .isEqualTo("r2dbc:postgresql://own:pw@db/app");
        assertThat(RoutingConfigMapper.withCredentials("r2dbc:postgresql://db/app", null, "secret"))
            .isEqualTo("r2dbc:postgresql://db/app");
        assertThat(RoutingConfigMapper.withCredentials("not a url", "app", "secret")).isEqualTo("not a url");
    }

    @Test
    void passwordsAreMaskedInMessages() {
        assertThat(RoutingConfigMapper.mask("r2dbc:routing:postgresql://app:hunter2@db1,db2/app"))
            .isEqualTo("r2dbc:routing:postgresql://app:***@db1,db2/app");
        assertThat(RoutingConfigMapper.mask("r2dbc:postgresql://db/app?user=x@y")).isEqualTo("r2dbc:postgresql://db/app?user=x@y");
    }

    @Test
    void routingUrlsAreToldApart() {
        assertThat(RoutingConfigMapper.isRoutingUrl(" R2DBC:routing:postgresql://db1,db2/app")).isTrue();
        assertThat(RoutingConfigMapper.isRoutingUrl("r2dbcs:routing:postgresql://db1,db2/app")).isTrue();
        assertThat(RoutingConfigMapper.isRoutingUrl("r2dbc:postgresql://db/app")).isFalse();
        assertThat(RoutingConfigMapper.isRoutingUrl(null)).isFalse();
    }
}
