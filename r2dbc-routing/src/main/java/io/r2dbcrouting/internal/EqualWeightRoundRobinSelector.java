package io.r2dbcrouting.internal;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * Round-robin over candidates of equal weight, without a lock: smooth weighted round-robin with equal weights picks
 * the eligible candidates in turn, and so does this, from one shared counter. Pick number {@code k} takes the
 * {@code (k mod m)}-th of the {@code m} candidates eligible at that moment, so over any window of picks with the same
 * eligible candidates, each is chosen equally often (exactly, over {@code m} consecutive picks without concurrent
 * callers; to within one pick per concurrent caller otherwise).
 */
final class EqualWeightRoundRobinSelector<T> implements TargetSelector<T> {

    private final List<T> candidates;

    private final AtomicLong picks = new AtomicLong();

    EqualWeightRoundRobinSelector(List<T> candidates) {
        this.candidates = List.copyOf(candidates);
    }

    @Override
    public T next() {
        return this.candidates.get((int) Math.floorMod(this.picks.getAndIncrement(), (long) this.candidates.size()));
    }

    @Override
    public @Nullable T next(Eligibility<T> eligible) {
        int size = this.candidates.size();
        int eligibleCount = 0;
        long mask = 0;      // which of the first 64 candidates are eligible, so each is tested once
        for (int i = 0; i < size; i++) {
            if (eligible.test(this.candidates.get(i))) {
                eligibleCount++;
                if (i < Long.SIZE) {
                    mask |= 1L << i;
                }
            }
        }
        if (eligibleCount == 0) {
            return null;
        }
        long turn = Math.floorMod(this.picks.getAndIncrement(), (long) eligibleCount);
        for (int i = 0; i < size; i++) {
            boolean isEligible = i < Long.SIZE ? (mask & (1L << i)) != 0 : eligible.test(this.candidates.get(i));
            if (isEligible && turn-- == 0) {
                return this.candidates.get(i);
            }
        }
        return null;     // a candidate beyond the 64th stopped being eligible between the two passes
    }

    @Override
    public List<T> candidates() {
        return this.candidates;
    }
}
