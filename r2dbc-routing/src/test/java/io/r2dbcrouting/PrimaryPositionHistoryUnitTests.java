package io.r2dbcrouting;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PrimaryPositionHistoryUnitTests {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aReplicaThatReplayedEverythingHasNoLag() {
        PrimaryPositionHistory history = new PrimaryPositionHistory(16);
        history.record(100, 0);
        history.record(200, SECOND);
        assertThat(history.lagNanos(200, 5 * SECOND)).isZero();
        assertThat(history.lagNanos(250, 5 * SECOND)).isZero();
    }

    @Test
    void anIdlePrimaryDoesNotMakeItsReplicasLookLagged() {
        PrimaryPositionHistory history = new PrimaryPositionHistory(16);
        for (int second = 0; second <= 3600; second++) {
            history.record(100, second * SECOND);      // an hour without writes
        }
        assertThat(history.lagNanos(100, 3600 * SECOND + SECOND / 2)).isZero();
        // a write lands; the replica has not replayed it yet
        history.record(200, 3601 * SECOND);
        assertThat(history.lagNanos(100, 3601 * SECOND + SECOND / 2)).isEqualTo(SECOND + SECOND / 2);
    }

    @Test
    void lagIsTheTimeSinceThePrimaryWasLastSeenAtTheReplayedPosition() {
        PrimaryPositionHistory history = new PrimaryPositionHistory(16);
        history.record(100, 0);
        history.record(200, 10 * SECOND);
        history.record(300, 20 * SECOND);
        history.record(300, 25 * SECOND);
        assertThat(history.lagNanos(250, 30 * SECOND)).isEqualTo(20 * SECOND);    // last seen at 200 (<= 250) at 10 s
        assertThat(history.lagNanos(100, 30 * SECOND)).isEqualTo(30 * SECOND);
        assertThat(history.latest()).isEqualTo(300);
    }

    @Test
    void aReplicaBehindEverythingRememberedIsAtLeastAsOldAsTheOldestEntry() {
        PrimaryPositionHistory history = new PrimaryPositionHistory(2);
        history.record(100, 0);
        history.record(200, 10 * SECOND);
        history.record(300, 20 * SECOND);       // drops the entry for 100
        assertThat(history.lagNanos(50, 30 * SECOND)).isEqualTo(20 * SECOND);
    }

    @Test
    void unknownWhenNothingIsKnown() {
        PrimaryPositionHistory history = new PrimaryPositionHistory(4);
        assertThat(history.lagNanos(100, SECOND)).isEqualTo(-1);
        history.record(100, 0);
        assertThat(history.lagNanos(Lsn.UNKNOWN, SECOND)).isEqualTo(-1);
        assertThat(history.latest()).isEqualTo(100);
    }
}
