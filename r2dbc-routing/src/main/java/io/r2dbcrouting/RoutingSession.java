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

    /** The token prefix: a version, so the format can change without misreading old cookies. */
    static final String TOKEN_PREFIX = "r2r1.";

    private volatile boolean stuckToPrimary;

    /** The WAL position the session's reads must see (CAUSAL mode), or {@link Lsn#UNKNOWN}. */
    private volatile long requiredPosition = Lsn.UNKNOWN;

    RoutingSession() {
    }

    RoutingSession(long requiredPosition) {
        this.requiredPosition = requiredPosition;
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
        this.requiredPosition = Lsn.UNKNOWN;
    }

    /**
     * The session's read-your-writes position as an opaque token, for carrying it to a later request (a cookie, a
     * header) and resuming it there with {@link Routing#session(String)}. In {@link ReadConsistency#CAUSAL} mode it holds
     * the WAL position of the session's last committed write; in {@link ReadConsistency#STICKY} mode, or before any
     * write, it is the empty string.
     *
     * @return the token, never {@code null}
     */
    public String token() {
        long position = this.requiredPosition;
        return position == Lsn.UNKNOWN ? "" : TOKEN_PREFIX + Long.toHexString(position);
    }

    static long parseToken(String token) {
        if (token.isEmpty()) {
            return Lsn.UNKNOWN;
        }
        if (!token.startsWith(TOKEN_PREFIX) || token.length() == TOKEN_PREFIX.length() || token.length() > TOKEN_PREFIX.length() + 16) {
            throw new IllegalArgumentException("not a routing session token: '" + token + "'");
        }
        try {
            return Long.parseUnsignedLong(token.substring(TOKEN_PREFIX.length()), 16);
        } catch (NumberFormatException notHex) {
            throw new IllegalArgumentException("not a routing session token: '" + token + "'", notHex);
        }
    }

    void stickToPrimary() {
        this.stuckToPrimary = true;
    }

    /** Raises the position the session's reads must see (never lowers it). */
    void requirePosition(long position) {
        synchronized (this) {
            if (this.requiredPosition == Lsn.UNKNOWN || Long.compareUnsigned(position, this.requiredPosition) > 0) {
                this.requiredPosition = position;
            }
        }
    }

    long requiredPosition() {
        return this.requiredPosition;
    }

    @Override
    public String toString() {
        long position = this.requiredPosition;
        return "RoutingSession[stuckToPrimary=" + this.stuckToPrimary
            + (position == Lsn.UNKNOWN ? "" : ", requiredPosition=" + Lsn.format(position)) + "]";
    }
}
