package io.r2dbcrouting;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LsnUnitTests {

    @Test
    void parsesAndFormatsPostgresPositions() {
        assertThat(Lsn.parse("0/0")).isZero();
        assertThat(Lsn.parse("16/B374D848")).isEqualTo(0x16B374D848L);
        assertThat(Lsn.parse("0/3000148")).isEqualTo(0x3000148L);
        assertThat(Lsn.format(0x16B374D848L)).isEqualTo("16/B374D848");
        assertThat(Lsn.format(Lsn.parse("FFFFFFFF/FFFFFFFF"))).isEqualTo("FFFFFFFF/FFFFFFFF");
    }

    @Test
    void comparesPositions() {
        assertThat(Lsn.reached(Lsn.parse("1/0"), Lsn.parse("0/FFFFFFFF"))).isTrue();
        assertThat(Lsn.reached(Lsn.parse("0/10"), Lsn.parse("0/10"))).isTrue();
        assertThat(Lsn.reached(Lsn.parse("0/F"), Lsn.parse("0/10"))).isFalse();
        assertThat(Lsn.reached(Lsn.UNKNOWN, 0)).isFalse();
    }

    @Test
    void rejectsWhatIsNotAPosition() {
        assertThatThrownBy(() -> Lsn.parse("16B374D848")).hasMessage("not a WAL position (expected hex/hex): '16B374D848'");
        assertThatThrownBy(() -> Lsn.parse("0/xyz")).hasMessage("not a WAL position (expected hex/hex): '0/xyz'");
        assertThatThrownBy(() -> Lsn.parse("1FFFFFFFF/0")).hasMessage("not a WAL position (each half is 32 bits): '1FFFFFFFF/0'");
    }
}
