package io.r2dbcrouting;

import org.jspecify.annotations.Nullable;

/**
 * What the router last learned about one target: whether it may serve reads, and for a replica how far behind the
 * primary it is. Immutable; a target's current status is swapped atomically by the monitor and by failed
 * acquisitions.
 */
final class TargetStatus {

    /** Before the first check: assumed up, lag unknown. */
    static final TargetStatus UNCHECKED = new TargetStatus(true, null, Lsn.UNKNOWN, -1, -1, 0, 0);

    final boolean up;

    /** Why the target is out of rotation (never holding a password), or null when up. */
    final @Nullable String reason;

    /** A replica's replay position, or the primary's current position; {@link Lsn#UNKNOWN} when not known. */
    final long position;

    /** How far a replica's replay is behind the primary, in bytes; -1 when unknown. */
    final long lagBytes;

    /** How far behind in time; -1 when unknown. */
    final long lagNanos;

    /** Checks or acquisitions that failed in a row. */
    final int failures;

    /** No check before this time ({@link System#nanoTime()}): the back-off after failures. */
    final long nextCheckNanos;

    TargetStatus(boolean up, @Nullable String reason, long position, long lagBytes, long lagNanos, int failures,
                 long nextCheckNanos) {
        this.up = up;
        this.reason = reason;
        this.position = position;
        this.lagBytes = lagBytes;
        this.lagNanos = lagNanos;
        this.failures = failures;
        this.nextCheckNanos = nextCheckNanos;
    }

    static TargetStatus healthy(long position, long lagBytes, long lagNanos) {
        return new TargetStatus(true, null, position, lagBytes, lagNanos, 0, 0);
    }

    /**
     * The status after a failure: out of rotation, with the next check put off by a back-off that doubles with each
     * failure in a row, from {@code interval} up to {@code maxBackoff}.
     */
    TargetStatus failed(String why, long now, long intervalNanos, long maxBackoffNanos) {
        int failuresInARow = this.failures + 1;
        long backoff = intervalNanos << Math.min(failuresInARow - 1, 20);
        if (backoff <= 0 || backoff > maxBackoffNanos) {
            backoff = Math.max(intervalNanos, maxBackoffNanos);
        }
        return new TargetStatus(false, why, this.position, this.lagBytes, this.lagNanos, failuresInARow, now + backoff);
    }

    boolean dueForCheck(long now) {
        return this.nextCheckNanos == 0 || now - this.nextCheckNanos >= 0;
    }

    @Override
    public String toString() {
        return this.up ? "up" + (this.lagNanos >= 0 ? ", " + this.lagNanos / 1_000_000 + " ms behind" : "")
            : "out of rotation: " + this.reason;
    }
}
