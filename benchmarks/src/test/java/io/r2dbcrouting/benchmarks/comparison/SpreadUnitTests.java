package io.r2dbcrouting.benchmarks.comparison;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SpreadUnitTests {

    @Test
    void meanMinMaxAndSampleStandardDeviation() {
        Spread spread = Spread.of(2, 4, 4, 4, 5, 5, 7, 9);
        assertThat(spread.mean()).isEqualTo(5.0);
        assertThat(spread.min()).isEqualTo(2.0);
        assertThat(spread.max()).isEqualTo(9.0);
        assertThat(spread.stdev()).isCloseTo(Math.sqrt(32.0 / 7), within(1e-12));
        assertThat(spread.count()).isEqualTo(8);
    }

    @Test
    void nanValuesAreLeftOut() {
        Spread spread = Spread.of(1.0, Double.NaN, 3.0);
        assertThat(spread.mean()).isEqualTo(2.0);
        assertThat(spread.count()).isEqualTo(2);
    }

    @Test
    void noValuesIsEmpty() {
        assertThat(Spread.of().isEmpty()).isTrue();
        assertThat(Spread.of(Double.NaN).isEmpty()).isTrue();
        assertThat(Spread.of(Double.NaN).format(2)).isEqualTo("–");
    }

    @Test
    void oneValueHasNoSpread() {
        Spread spread = Spread.of(0.987);
        assertThat(spread.stdev()).isZero();
        assertThat(spread.format(2)).isEqualTo("0.99");
    }

    @Test
    void formatShowsMeanAndRange() {
        assertThat(Spread.of(0.95, 1.0, 1.02).format(2)).isEqualTo("0.99 (0.95–1.02)");
        assertThat(Spread.of(12000, 12500).format(0)).isEqualTo("12250 (12000–12500)");
    }

}
