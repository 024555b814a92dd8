package io.r2dbcrouting.testcluster;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Parsing {@code R2DBC_ROUTING_PRIMARY_URL}-style URLs.
 */
class ConnectionUrlUnitTests {

    private static final String SETTING = "R2DBC_ROUTING_PRIMARY_URL";

    @Test
    void parsesAllParts() {
        assertThat(ConnectionUrl.parse(SETTING, "postgresql://routing:secret@127.0.0.1:25432/routing"))
                .isEqualTo(new ConnectionUrl("routing", "secret", "127.0.0.1", 25432, "routing"));
    }

    @Test
    void defaultsThePortAndAcceptsPrefixesAndEncoding() {
        assertThat(ConnectionUrl.parse(SETTING, "r2dbc:postgres://app%40x:p%3Aw+d@db.example.com/orders?ssl=true"))
                .isEqualTo(new ConnectionUrl("app@x", "p:w+d", "db.example.com", 5432, "orders"));
        assertThat(ConnectionUrl.parse(SETTING, " jdbc:postgresql://u@[::1]:6432/d "))
                .isEqualTo(new ConnectionUrl("u", "", "[::1]", 6432, "d"));
    }

    @Test
    void rejectsOtherSchemes() {
        assertThatIllegalArgumentException().isThrownBy(() -> ConnectionUrl.parse(SETTING, "mysql://u:p@h:1/d"))
                .withMessage("R2DBC_ROUTING_PRIMARY_URL must start with postgresql://, was 'mysql://u:****@h:1/d' "
                        + "(expected postgresql://user:password@host:port/database)");
    }

    @Test
    void rejectsMissingParts() {
        assertThatIllegalArgumentException().isThrownBy(() -> ConnectionUrl.parse(SETTING, "postgresql://h:1/d"))
                .withMessage("R2DBC_ROUTING_PRIMARY_URL must name a user, was 'postgresql://h:1/d' "
                        + "(expected postgresql://user:password@host:port/database)");
        assertThatIllegalArgumentException().isThrownBy(() -> ConnectionUrl.parse(SETTING, "postgresql://u:p@h:1"))
                .withMessage("R2DBC_ROUTING_PRIMARY_URL must name one database, was 'postgresql://u:****@h:1' "
                        + "(expected postgresql://user:password@host:port/database)");
    }

    @Test
    void toStringMasksThePassword() {
        assertThat(ConnectionUrl.parse(SETTING, "postgresql://routing:secret@127.0.0.1:25432/routing"))
                .hasToString("postgresql://routing:****@127.0.0.1:25432/routing");
    }

}
