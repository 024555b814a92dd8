package io.r2dbcrouting;

import java.util.List;

import io.r2dbcrouting.internal.TargetSelector;

/**
 * A named set of interchangeable targets (the replicas, or a bind group) with the selector that picks among them.
 */
final class TargetGroup {

    final String name;

    final List<Target> targets;

    private final TargetSelector<Target> selector;

    TargetGroup(String name, List<Target> targets, RoutingStrategy strategy) {
        this.name = name;
        this.targets = List.copyOf(targets);
        int[] weights = new int[targets.size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = targets.get(i).weight;
        }
        this.selector = TargetSelector.of(this.targets, weights, strategy == RoutingStrategy.RANDOM);
    }

    Target select() {
        return this.selector.next();
    }

    @org.jspecify.annotations.Nullable Target select(TargetSelector.Eligibility<Target> eligible) {
        return this.selector.next(eligible);
    }
}
