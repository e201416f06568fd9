package io.softswitch.voice.call;

import java.time.Duration;

/**
 * One shared timer for every call's timeouts (Gather, Pause, Record's maxLength): no thread waits
 * per call. Tasks run on the timer's thread and must only hand work to the call's executor.
 */
public interface VoiceTimer {

    /** A scheduled task. */
    interface Timeout {
        void cancel();
    }

    Timeout schedule(Duration delay, Runnable task);
}
