package io.r2dbcrouting;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TargetStatusUnitTests {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void failuresInARowDoubleTheBackOffUpToTheCap() {
        long interval = SECOND / 5;
        long cap = 10 * SECOND;
        TargetStatus status = TargetStatus.UNCHECKED;
        long[] backoffs = new long[8];
        for (int i = 0; i < backoffs.length; i++) {
            status = status.failed("down", 0, interval, cap);
            backoffs[i] = status.nextCheckNanos;
            assertThat(status.up).isFalse();
            assertThat(status.failures).isEqualTo(i + 1);
        }
        assertThat(backoffs).containsExactly(interval, 2 * interval, 4 * interval, 8 * interval, 16 * interval, 32 * interval,
            cap, cap);
        assertThat(status.dueForCheck(cap - 1)).isFalse();
        assertThat(status.dueForCheck(cap)).isTrue();
    }

    @Test
    void aPassingCheckPutsItBackAndClearsTheFailures() {
        TargetStatus failed = TargetStatus.UNCHECKED.failed("down", 0, SECOND, 10 * SECOND);
        TargetStatus healthy = TargetStatus.healthy(100, 5, 7);
        assertThat(healthy.up).isTrue();
        assertThat(healthy.failures).isZero();
        assertThat(healthy.dueForCheck(0)).isTrue();
        assertThat(failed.toString()).isEqualTo("out of rotation: down");
        assertThat(TargetStatus.UNCHECKED.up).as("assumed up before the first check").isTrue();
    }
}
