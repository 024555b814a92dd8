package io.r2dbcrouting;

import java.util.ArrayList;
import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs every release step even when some fail, then reports the first failure with the others suppressed.
 */
final class Release {

    private Release() {
    }

    static Mono<Void> all(List<Mono<Void>> steps) {
        if (steps.isEmpty()) {
            return Mono.empty();
        }
        if (steps.size() == 1) {
            return steps.get(0);
        }
        return Mono.defer(() -> {
            List<Throwable> errors = new ArrayList<>(0);
            return Flux.fromIterable(steps)
                .concatMap(step -> step.onErrorResume(error -> {
                    synchronized (errors) {
                        errors.add(error);
                    }
                    return Mono.empty();
                }))
                .then(Mono.defer(() -> {
                    if (errors.isEmpty()) {
                        return Mono.empty();
                    }
                    Throwable first = errors.get(0);
                    for (int i = 1; i < errors.size(); i++) {
                        first.addSuppressed(errors.get(i));
                    }
                    return Mono.error(first);
                }));
        });
    }
}
