package io.softswitch.core.call;

import java.time.Instant;
import java.util.concurrent.Future;

/**
 * What a {@link Call} needs from its engine: the router, media, events and dialer, its stripe, its
 * timers and its clocks. The engine's is backed by its executors and the system clocks; a test's
 * runs tasks by hand and moves a manual clock, so the races between SIP events are played in a
 * chosen order.
 */
interface CallContext {
    CallRouter router();

    MediaBridge media();

    CallEvents events();

    CallEngine.Dialer dialer();

    /** Runs {@code task} on {@code stripe}, after the tasks already queued there. */
    void execute(int stripe, Runnable task);

    /**
     * Runs {@code task} on {@code stripe} after {@code delayMs}. Cancel the returned future once the
     * timer is moot: until it fires, the task (and the call it refers to) stays reachable.
     */
    Future<?> schedule(int stripe, long delayMs, Runnable task);

    /** The call is over: it no longer counts as live. */
    void ended(Call call);

    /** The Retry-After values of the engine's 503s. */
    RetryAfter retryAfter();

    /** Where calls to TwiML applications go (issue 18). */
    default VoiceApps voice() {
        return VoiceApps.NONE;
    }

    /** Trunk call recording (issue 19). */
    default TrunkRecordings recordings() {
        return TrunkRecordings.NONE;
    }

    /** Wall-clock time, for the record. */
    Instant now();

    /** Monotonic nanoseconds, for durations (post-dial delay). */
    long nanoTime();
}
