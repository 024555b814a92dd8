package io.r2dbcrouting;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * A short history of the primary's WAL positions, to tell how far behind in time a replica is: the time since the
 * primary was last seen at (or before) the position the replica has replayed. An idle primary keeps its position,
 * and each check renews when it was last seen there, so an idle primary never makes its replicas look lagged (unlike
 * the age of {@code pg_last_xact_replay_timestamp()}).
 * <p>
 * Each entry is one position with the first and last time it was seen; a bounded number of entries is kept. Times
 * are {@link System#nanoTime()} values. Thread-safe.
 */
final class PrimaryPositionHistory {

    private static final class Entry {

        final long lsn;

        long lastSeenNanos;

        Entry(long lsn, long seenNanos) {
            this.lsn = lsn;
            this.lastSeenNanos = seenNanos;
        }
    }

    private final int capacity;

    private final ArrayDeque<Entry> entries;

    PrimaryPositionHistory(int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("capacity must be at least 2, was " + capacity);
        }
        this.capacity = capacity;
        this.entries = new ArrayDeque<>(capacity);
    }

    /** Records that the primary was at {@code lsn} at {@code nanos}. */
    synchronized void record(long lsn, long nanos) {
        Entry last = this.entries.peekLast();
        if (last != null && Long.compareUnsigned(lsn, last.lsn) <= 0) {
            last.lastSeenNanos = nanos;          // unchanged (or an older answer arriving late): still at least here
            return;
        }
        if (this.entries.size() == this.capacity) {
            this.entries.removeFirst();
        }
        this.entries.addLast(new Entry(lsn, nanos));
    }

    /** The newest known primary position, or {@link Lsn#UNKNOWN}. */
    synchronized long latest() {
        Entry last = this.entries.peekLast();
        return last == null ? Lsn.UNKNOWN : last.lsn;
    }

    /**
     * How far behind in time a replica that has replayed {@code replayed} is, at {@code nowNanos}.
     *
     * @return nanoseconds (0 when it has replayed everything the primary was last seen at), or -1 when unknown (no
     *     primary position recorded yet, or the replay position unknown)
     */
    synchronized long lagNanos(long replayed, long nowNanos) {
        if (replayed == Lsn.UNKNOWN || this.entries.isEmpty()) {
            return -1;
        }
        if (Lsn.reached(replayed, this.entries.peekLast().lsn)) {
            return 0;
        }
        // the last time the primary was seen at or before the replayed position
        long lastSeenThere = -1;
        Iterator<Entry> newestFirst = this.entries.descendingIterator();
        while (newestFirst.hasNext()) {
            Entry entry = newestFirst.next();
            if (Lsn.reached(replayed, entry.lsn)) {
                lastSeenThere = entry.lastSeenNanos;
                break;
            }
        }
        if (lastSeenThere < 0) {
            // behind everything remembered: at least as old as the oldest entry
            lastSeenThere = this.entries.peekFirst().lastSeenNanos;
        }
        return Math.max(0, nowNanos - lastSeenThere);
    }
}
