package io.r2dbcrouting;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The replica-awareness settings, shared by {@link RoutingConnectionFactory.Builder} and {@link RoutingConfig.Builder}:
 * how often replicas are checked, how far behind they may be, what happens when none can serve a read, and what a
 * read after a write is promised to see. Immutable.
 */
final class ReplicaPolicy {

    static final Duration DEFAULT_HEALTH_CHECK_INTERVAL = Duration.ofSeconds(1);

    static final ReplicaPolicy DEFAULTS = new ReplicaPolicy(DEFAULT_HEALTH_CHECK_INTERVAL, null, -1, true,
        ReadConsistency.STICKY, Duration.ZERO);

    final Duration healthCheckInterval;

    final @Nullable Duration maxReplicaLag;

    /** -1: no limit. */
    final long maxReplicaLagBytes;

    final boolean fallbackToPrimary;

    final ReadConsistency readConsistency;

    final Duration catchUpTimeout;

    ReplicaPolicy(Duration healthCheckInterval, @Nullable Duration maxReplicaLag, long maxReplicaLagBytes,
                  boolean fallbackToPrimary, ReadConsistency readConsistency, Duration catchUpTimeout) {
        this.healthCheckInterval = healthCheckInterval;
        this.maxReplicaLag = maxReplicaLag;
        this.maxReplicaLagBytes = maxReplicaLagBytes;
        this.fallbackToPrimary = fallbackToPrimary;
        this.readConsistency = readConsistency;
        this.catchUpTimeout = catchUpTimeout;
    }

    ReplicaPolicy healthCheckInterval(Duration interval) {
        Assert.notNull(interval, "healthCheckInterval");
        Assert.isTrue(!interval.isNegative() && !interval.isZero(), "healthCheckInterval must be positive, was " + interval);
        return new ReplicaPolicy(interval, this.maxReplicaLag, this.maxReplicaLagBytes, this.fallbackToPrimary,
            this.readConsistency, this.catchUpTimeout);
    }

    ReplicaPolicy maxReplicaLag(Duration lag) {
        Assert.notNull(lag, "maxReplicaLag");
        Assert.isTrue(!lag.isNegative() && !lag.isZero(), "maxReplicaLag must be positive, was " + lag);
        return new ReplicaPolicy(this.healthCheckInterval, lag, this.maxReplicaLagBytes, this.fallbackToPrimary,
            this.readConsistency, this.catchUpTimeout);
    }

    ReplicaPolicy maxReplicaLagBytes(long bytes) {
        Assert.isTrue(bytes >= 0, "maxReplicaLagBytes must not be negative, was " + bytes);
        return new ReplicaPolicy(this.healthCheckInterval, this.maxReplicaLag, bytes, this.fallbackToPrimary,
            this.readConsistency, this.catchUpTimeout);
    }

    ReplicaPolicy fallbackToPrimary(boolean fallback) {
        return new ReplicaPolicy(this.healthCheckInterval, this.maxReplicaLag, this.maxReplicaLagBytes, fallback,
            this.readConsistency, this.catchUpTimeout);
    }

    ReplicaPolicy readConsistency(ReadConsistency consistency) {
        Assert.notNull(consistency, "readConsistency");
        return new ReplicaPolicy(this.healthCheckInterval, this.maxReplicaLag, this.maxReplicaLagBytes,
            this.fallbackToPrimary, consistency, this.catchUpTimeout);
    }

    ReplicaPolicy catchUpTimeout(Duration timeout) {
        Assert.notNull(timeout, "catchUpTimeout");
        Assert.isTrue(!timeout.isNegative(), "catchUpTimeout must not be negative, was " + timeout);
        return new ReplicaPolicy(this.healthCheckInterval, this.maxReplicaLag, this.maxReplicaLagBytes,
            this.fallbackToPrimary, this.readConsistency, timeout);
    }

    boolean causal() {
        return this.readConsistency == ReadConsistency.CAUSAL;
    }

    /** Whether a lag limit applies, so that a replica whose lag is unknown is not eligible. */
    boolean limitsLag() {
        return this.maxReplicaLag != null || this.maxReplicaLagBytes >= 0;
    }

    @Override
    public String toString() {
        return "healthCheckInterval=" + this.healthCheckInterval
            + (this.maxReplicaLag != null ? ", maxReplicaLag=" + this.maxReplicaLag : "")
            + (this.maxReplicaLagBytes >= 0 ? ", maxReplicaLagBytes=" + this.maxReplicaLagBytes : "")
            + ", fallbackToPrimary=" + this.fallbackToPrimary + ", readConsistency=" + this.readConsistency
            + (this.catchUpTimeout.isZero() ? "" : ", catchUpTimeout=" + this.catchUpTimeout);
    }
}
