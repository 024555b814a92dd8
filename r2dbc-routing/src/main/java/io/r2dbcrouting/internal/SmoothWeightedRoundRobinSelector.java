package io.r2dbcrouting.internal;

import org.jspecify.annotations.Nullable;

import java.util.List;

/**
 * Smooth weighted round-robin (the nginx algorithm): over any window of {@code sum(weights)} picks each candidate is
 * chosen exactly {@code weight} times, and the picks of a heavy candidate are spread out rather than bunched.
 * A short critical section keeps it exact under concurrency; it holds no lock while anything else runs.
 */
final class SmoothWeightedRoundRobinSelector<T> implements TargetSelector<T> {

    private final List<T> candidates;

    private final int[] weights;

    private final long[] current;

    SmoothWeightedRoundRobinSelector(List<T> candidates, int[] weights) {
        this.candidates = List.copyOf(candidates);
        this.weights = weights.clone();
        this.current = new long[weights.length];
    }

    @Override
    public T next() {
        T chosen = next(candidate -> true);
        if (chosen == null) {
            throw new IllegalStateException("unreachable: every candidate is eligible");
        }
        return chosen;
    }

    @Override
    public @Nullable T next(Eligibility<T> eligible) {
        if (this.candidates.size() == 1) {
            T only = this.candidates.get(0);
            return eligible.test(only) ? only : null;
        }
        synchronized (this.current) {
            int best = -1;
            long total = 0;
            for (int i = 0; i < this.weights.length; i++) {
                if (!eligible.test(this.candidates.get(i))) {
                    continue;
                }
                this.current[i] += this.weights[i];
                total += this.weights[i];
                if (best < 0 || this.current[i] > this.current[best]) {
                    best = i;
                }
            }
            if (best < 0) {
                return null;
            }
            this.current[best] -= total;
            return this.candidates.get(best);
        }
    }

    @Override
    public List<T> candidates() {
        return this.candidates;
    }
}
