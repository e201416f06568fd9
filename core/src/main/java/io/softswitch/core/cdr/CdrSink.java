package io.softswitch.core.cdr;

/**
 * Where the call engine hands each finished call. {@link #submit} never blocks on the database and
 * never drops: records are queued and written in batches by the sink's own thread; when the queue
 * is full or the database is down they go to an append-only spool file in the data directory and
 * are written, in order and exactly once (insert-if-absent by SID), when it is back. Safe to call
 * from any thread, including SIP event threads.
 */
public interface CdrSink {
    /** A sink that discards everything (tests of components that need one). */
    CdrSink NOOP = record -> { };

    void submit(CallRecord record);
}
