package io.r2dbcrouting;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;

/**
 * Re-runs an auto-commit read that a replica could not serve, before the subscriber has seen any of it: the read's
 * results are wrapped so that an error that means "this replica cannot do it" (the connection failed or the server
 * went away; or the server refused the statement as a write in a read-only transaction) and arrives before the first
 * row or count, re-executes the statement elsewhere and continues from the same result of the new execution. A hot
 * standby cannot have written anything, so running the read again is safe. Anything else, and any error after data
 * reached the subscriber, is passed on unchanged.
 * <p>
 * It is the guarded read's {@link Flux} itself, subscribed once per execution; how to run the read again is its
 * subclass's.
 */
abstract class ReplicaReadRecovery extends Flux<Result>
    implements RecoveringFlux.Wrapper<Result>, RecoveringFlux.Fallback<Result> {

    private final Flux<Result> results;

    private @Nullable Flux<Result> rerunResults;

    /**
     * @param results the guarded execution's results
     */
    ReplicaReadRecovery(Flux<Result> results) {
        this.results = results;
    }

    /** Runs the statement again, elsewhere, for the given failure; called at most once per execution. */
    abstract Flux<Result> rerun(Throwable failure);

    @Override
    public void subscribe(CoreSubscriber<? super Result> actual) {
        RecoveringFlux.subscribe(this.results, actual, this, this);
    }

    /** Each result of the guarded execution recovers on its own, from the same result of the re-run. */
    @Override
    public Result wrap(Result result, long index) {
        return new RecoverableResult(result, (int) index, this, UnaryOperator.identity());
    }

    /**
     * The driver may signal a lost connection on the stream of results too, after some were emitted: the rest then
     * come from the re-run.
     */
    @Override
    public @Nullable Publisher<Result> after(Throwable failure, long delivered) {
        return recoverable(failure) ? again(failure).skip(delivered) : null;
    }

    /** Whether a replica's failure allows running a read elsewhere. */
    static boolean recoverable(Throwable error) {
        return connectionFailure(error) || refusedAsWrite(error);
    }

    static boolean refusedAsWrite(Throwable error) {
        return error instanceof R2dbcException && "25006".equals(((R2dbcException) error).getSqlState());
    }

    /**
     * Whether the error means the connection (or the server) is gone, not that the server refused a statement: a
     * connection-exception SQLSTATE (class 08, or 57P01-57P03: shut down, crashed, cannot connect now), or a
     * resource or I/O error that carries no SQLSTATE at all. A server's answer with any other SQLSTATE, even one a
     * driver reports as a resource exception (such as 0A000 "feature not supported"), is not a connection failure.
     */
    static boolean connectionFailure(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof R2dbcException && ((R2dbcException) cause).getSqlState() != null) {
                String state = ((R2dbcException) cause).getSqlState();
                return state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03");
            }
            if (cause instanceof R2dbcNonTransientResourceException || cause instanceof R2dbcTransientResourceException
                || cause instanceof IOException || cause instanceof ClosedChannelException) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    /**
     * Consumes and drops one result of a re-run that its caller cannot use (it had already received data from the
     * failed run), so the re-run neither holds its connection nor leaks buffers.
     */
    private void discard(int index) {
        Flux<Result> started;
        synchronized (this) {
            started = this.rerunResults;
        }
        if (started != null) {
            started.elementAt(index)
                .flatMapMany(Result::getRowsUpdated)
                .subscribe(null, error -> { });
        }
    }

    private synchronized Flux<Result> again(Throwable error) {
        if (this.rerunResults == null) {
            this.rerunResults = rerun(error).cache();
        }
        return this.rerunResults;
    }

    /**
     * One result of a guarded read; its operations fall back to the same result of the re-run. A result is consumed
     * once (R2DBC results are single-use), so whether it delivered anything is a field of its own.
     */
    private static final class RecoverableResult implements Result {

        private final Result delegate;

        private final int index;

        private final ReplicaReadRecovery recovery;

        /** The filters applied so far, to apply again to the re-run's result. */
        private final UnaryOperator<Result> filters;


        RecoverableResult(Result delegate, int index, ReplicaReadRecovery recovery, UnaryOperator<Result> filters) {
            this.delegate = delegate;
            this.index = index;
            this.recovery = recovery;
            this.filters = filters;
        }

        @Override
        public Publisher<Long> getRowsUpdated() {
            return new GuardedOperation<>(this, this.delegate.getRowsUpdated(), GuardedOperation.ROWS_UPDATED, null);
        }

        @Override
        public <T> Publisher<T> map(BiFunction<Row, RowMetadata, ? extends T> mapping) {
            return new GuardedOperation<>(this, this.delegate.map(mapping), GuardedOperation.MAP_ROWS, mapping);
        }

        @Override
        public <T> Publisher<T> map(Function<? super Readable, ? extends T> mapping) {
            return new GuardedOperation<>(this, this.delegate.map(mapping), GuardedOperation.MAP_READABLES, mapping);
        }

        @Override
        public Result filter(Predicate<Segment> filter) {
            UnaryOperator<Result> previous = this.filters;
            return new RecoverableResult(this.delegate.filter(filter), this.index, this.recovery,
                result -> previous.apply(result).filter(filter));
        }

        @Override
        public <T> Publisher<T> flatMap(Function<Segment, ? extends Publisher<? extends T>> mapping) {
            return new GuardedOperation<>(this, this.delegate.flatMap(mapping), GuardedOperation.FLAT_MAP, mapping);
        }
    }

    /**
     * One operation on a {@link RecoverableResult} ({@code getRowsUpdated}, {@code map}, {@code flatMap}): when it
     * fails before delivering anything, in a way that allows running the read elsewhere, it continues with the same
     * operation on the same result of the re-run. It is the operation's {@link Flux} and its fallback in one object,
     * since every routed read maps its result.
     */
    private static final class GuardedOperation<T> extends Flux<T> implements RecoveringFlux.Fallback<T> {

        static final int ROWS_UPDATED = 0;

        static final int MAP_ROWS = 1;

        static final int MAP_READABLES = 2;

        static final int FLAT_MAP = 3;

        private final RecoverableResult result;

        private final Publisher<T> first;

        private final int operation;

        /** The operation's function, or {@code null} for {@link #ROWS_UPDATED}. */
        private final @Nullable Object mapping;

        GuardedOperation(RecoverableResult result, Publisher<T> first, int operation, @Nullable Object mapping) {
            this.result = result;
            this.first = first;
            this.operation = operation;
            this.mapping = mapping;
        }

        @Override
        public void subscribe(CoreSubscriber<? super T> actual) {
            RecoveringFlux.subscribe(this.first, actual, null, this);
        }

        @Override
        public @Nullable Publisher<? extends T> after(Throwable failure, long delivered) {
            RecoverableResult failed = this.result;
            if (delivered == 0 && recoverable(failure)) {
                return failed.recovery.again(failure)
                    .elementAt(failed.index)
                    .flatMapMany(rerun -> apply(failed.filters.apply(rerun)));
            }
            failed.recovery.discard(failed.index);
            return null;
        }

        /** The same operation on another result. */
        @SuppressWarnings("unchecked")
        private Publisher<? extends T> apply(Result other) {
            switch (this.operation) {
                case ROWS_UPDATED:
                    return (Publisher<? extends T>) other.getRowsUpdated();
                case MAP_ROWS:
                    return other.map((BiFunction<Row, RowMetadata, ? extends T>) this.mapping);
                case MAP_READABLES:
                    return other.map((Function<? super Readable, ? extends T>) this.mapping);
                default:
                    return other.flatMap((Function<Result.Segment, ? extends Publisher<? extends T>>) this.mapping);
            }
        }
    }
}
