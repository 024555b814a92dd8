package io.r2dbcrouting.internal;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Chooses one of a fixed list of weighted candidates. Implementations are thread-safe.
 *
 * @param <T> the candidate type
 */
public interface TargetSelector<T> {

    /**
     * Picks the next candidate.
     *
     * @return one of the candidates this selector was built with, never {@code null}
     */
    T next();

    /**
     * Picks the next candidate among those the filter accepts, honouring weights among them.
     *
     * @param eligible which candidates may be chosen
     * @return the chosen candidate, or {@code null} when the filter accepts none
     */
    @Nullable T next(Eligibility<T> eligible);

    /**
     * The candidates, in the order they were given.
     *
     * @return an unmodifiable list
     */
    List<T> candidates();

    /**
     * A test of whether a candidate may be chosen now.
     *
     * @param <T> the candidate type
     */
    @FunctionalInterface
    interface Eligibility<T> {

        /**
         * @param candidate a candidate
         * @return whether it may be chosen
         */
        boolean test(T candidate);
    }

    /**
     * Creates a selector.
     *
     * @param candidates the candidates, non-empty
     * @param weights    their weights, each positive, in the same order
     * @param random     {@code true} for weighted random, {@code false} for smooth weighted round-robin (plain
     *                   round-robin when all weights are equal, which picks the same way)
     * @param <T>        the candidate type
     * @return a new selector
     * @throws IllegalArgumentException if the lists are empty, of different sizes, or a weight is not positive
     */
    static <T> TargetSelector<T> of(List<T> candidates, int[] weights, boolean random) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("a selector needs at least one candidate");
        }
        if (candidates.size() != weights.length) {
            throw new IllegalArgumentException("candidates and weights differ in size: "
                + candidates.size() + " candidates, " + weights.length + " weights");
        }
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] <= 0) {
                throw new IllegalArgumentException("weight must be positive, was " + weights[i] + " for candidate " + i);
            }
        }
        if (random) {
            return new WeightedRandomSelector<>(candidates, weights);
        }
        boolean equalWeights = true;
        for (int weight : weights) {
            equalWeights &= weight == weights[0];
        }
        // equal weights need no weighting: plain round-robin gives the same picks, without a lock
        return equalWeights ? new EqualWeightRoundRobinSelector<>(candidates) : new SmoothWeightedRoundRobinSelector<>(candidates, weights);
    }
}
