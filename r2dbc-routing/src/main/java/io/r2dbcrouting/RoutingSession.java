package io.r2dbcrouting;

/**
 * A unit of work (a web request, a job) whose reads must see its own writes. Put one in the Reactor context with
 * {@code contextWrite(Routing.session())}; read the current one with {@link Routing#currentSession()}.
 * <p>
 * After a successful write anywhere in the session (an auto-commit write, or a transaction with a write that
 * committed), the session's later reads go to the primary until {@link #reset()} is called or the session ends.
 * With {@code stickyAfterWrite(false)} a session never becomes stuck.
 * <p>
 * Thread-safe: the many connections and statements of one session may run on different threads at once.
 */
public final class RoutingSession {

    private volatile boolean stuckToPrimary;

    RoutingSession() {
    }

    /**
     * Whether the session's reads currently go to the primary because it has written.
     *
     * @return {@code true} after a successful write, until {@link #reset()}
     */
    public boolean isStuckToPrimary() {
        return this.stuckToPrimary;
    }

    /**
     * Lets the session's later reads go to replicas again (for example once the caller knows the replicas have
     * caught up, or at the start of a new logical unit of work).
     */
    public void reset() {
        this.stuckToPrimary = false;
    }

    void stickToPrimary() {
        this.stuckToPrimary = true;
    }

    @Override
    public String toString() {
        return "RoutingSession[stuckToPrimary=" + this.stuckToPrimary + "]";
    }
}
