package io.r2dbcrouting;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * The one operator of {@link ReplicaReadRecovery}: passes on its source's items (each optionally wrapped, knowing its
 * position), and when the source fails, may continue once from a fallback publisher, asking it for the demand the
 * failed source left unmet.
 * <p>
 * It does what {@code map(...).onErrorResume(...)} would, as one subscriber instead of two and without the general
 * machinery of switching sources at any time: the switch happens at most once, after the source terminated, so the
 * unmet demand is simply what was requested less what was delivered. Every guarded read goes through it, so it is
 * kept small.
 *
 * @param <T> the type of the items
 */
final class RecoveringFlux<T> extends Flux<T> {

    /** Wraps an item on its way down, knowing how many came before it. */
    @FunctionalInterface
    interface Wrapper<T> {

        T wrap(T item, long index);
    }

    /** Where to continue after the source failed, or {@code null} to pass the failure on. */
    @FunctionalInterface
    interface Fallback<T> {

        @Nullable Publisher<? extends T> after(Throwable failure, long delivered);
    }

    private final Publisher<? extends T> source;

    private final @Nullable Wrapper<T> wrapper;

    private final Fallback<T> fallback;

    RecoveringFlux(Publisher<? extends T> source, @Nullable Wrapper<T> wrapper, Fallback<T> fallback) {
        this.source = source;
        this.wrapper = wrapper;
        this.fallback = fallback;
    }

    @Override
    public void subscribe(CoreSubscriber<? super T> actual) {
        subscribe(this.source, actual, this.wrapper, this.fallback);
    }

    /**
     * Subscribes {@code actual} to {@code source} through this operator, for a publisher that is the operator itself
     * and has the wrapper and fallback at hand (a guarded read is all three in one object).
     */
    static <T> void subscribe(Publisher<? extends T> source, CoreSubscriber<? super T> actual, @Nullable Wrapper<T> wrapper,
                              Fallback<T> fallback) {
        source.subscribe(new RecoveringSubscriber<>(actual, wrapper, fallback));
    }

    private static final class RecoveringSubscriber<T> implements CoreSubscriber<T>, Subscription {

        private final CoreSubscriber<? super T> actual;

        private final @Nullable Wrapper<T> wrapper;

        private final Fallback<T> fallback;

        /** Items passed on; written by the (serialized) signals only. */
        private long delivered;

        /** Whether the fallback took over; written by the (serialized) signals only. */
        private boolean switched;

        // guarded by this: the current source's subscription (null between the failure and the fallback's; the first
        // source's is written before anyone can read it, without the lock), the demand received so far, and
        // cancellation
        private @Nullable Subscription upstream;

        private long requested;

        private boolean cancelled;

        RecoveringSubscriber(CoreSubscriber<? super T> actual, @Nullable Wrapper<T> wrapper, Fallback<T> fallback) {
            this.actual = actual;
            this.wrapper = wrapper;
            this.fallback = fallback;
        }

        @Override
        public Context currentContext() {
            return this.actual.currentContext();
        }

        @Override
        public void onSubscribe(Subscription subscription) {
            if (!this.switched) {
                // the first source: nobody holds this subscription before actual.onSubscribe(this), so nothing can
                // have requested or cancelled yet, and no lock is needed; the downstream's later calls see this write
                // through however it passes the subscription on
                this.upstream = subscription;
                this.actual.onSubscribe(this);
                return;
            }
            long unmet;
            boolean cancelledAlready;
            synchronized (this) {
                cancelledAlready = this.cancelled;
                this.upstream = cancelledAlready ? null : subscription;
                unmet = this.requested - this.delivered;
            }
            if (cancelledAlready) {
                subscription.cancel();
            } else if (unmet > 0) {
                subscription.request(unmet);
            }
        }

        @Override
        public void onNext(T item) {
            long index = this.delivered++;
            this.actual.onNext(this.wrapper == null || this.switched ? item : this.wrapper.wrap(item, index));
        }

        @Override
        public void onError(Throwable failure) {
            if (!this.switched) {
                Publisher<? extends T> next;
                try {
                    next = this.fallback.after(failure, this.delivered);
                } catch (Throwable fallbackFailure) {
                    Exceptions.throwIfJvmFatal(fallbackFailure);
                    fallbackFailure.addSuppressed(failure);
                    this.actual.onError(fallbackFailure);
                    return;
                }
                if (next != null) {
                    this.switched = true;
                    synchronized (this) {
                        this.upstream = null;
                    }
                    next.subscribe(this);
                    return;
                }
            }
            this.actual.onError(failure);
        }

        @Override
        public void onComplete() {
            this.actual.onComplete();
        }

        @Override
        public void request(long n) {
            if (!Operators.validate(n)) {
                return;
            }
            Subscription current;
            synchronized (this) {
                this.requested = Operators.addCap(this.requested, n);
                current = this.upstream;
            }
            if (current != null) {
                current.request(n);
            }
        }

        @Override
        public void cancel() {
            Subscription current;
            synchronized (this) {
                this.cancelled = true;
                current = this.upstream;
                this.upstream = null;
            }
            if (current != null) {
                current.cancel();
            }
        }
    }
}
