package io.r2dbcrouting.internal;

import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Weighted random choice: each candidate is chosen with probability {@code weight / sum(weights)} of the eligible
 * candidates. Lock-free.
 */
final class WeightedRandomSelector<T> implements TargetSelector<T> {

    private final List<T> candidates;

    private final int[] weights;

    private final int totalWeight;

    WeightedRandomSelector(List<T> candidates, int[] weights) {
        this.candidates = List.copyOf(candidates);
        this.weights = weights.clone();
        int total = 0;
        for (int weight : weights) {
            total = Math.addExact(total, weight);
        }
        this.totalWeight = total;
    }

    @Override
    public T next() {
        int ticket = ThreadLocalRandom.current().nextInt(this.totalWeight);
        for (int i = 0; i < this.weights.length; i++) {
            ticket -= this.weights[i];
            if (ticket < 0) {
                return this.candidates.get(i);
            }
        }
        throw new IllegalStateException("unreachable: ticket beyond total weight");
    }

    @Override
    public @Nullable T next(Eligibility<T> eligible) {
        int total = 0;
        for (int i = 0; i < this.weights.length; i++) {
            if (eligible.test(this.candidates.get(i))) {
                total += this.weights[i];
            }
        }
        if (total == 0) {
            return null;
        }
        int ticket = ThreadLocalRandom.current().nextInt(total);
        for (int i = 0; i < this.weights.length; i++) {
            if (!eligible.test(this.candidates.get(i))) {
                continue;
            }
            ticket -= this.weights[i];
            if (ticket < 0) {
                return this.candidates.get(i);
            }
        }
        throw new IllegalStateException("unreachable: ticket beyond eligible weight");
    }

    @Override
    public List<T> candidates() {
        return this.candidates;
    }
}
