package io.softswitch.voice.twiml;

import java.net.URI;
import java.time.Duration;

/**
 * {@code <Record maxLength timeout finishOnKey playBeep action method recordingStatusCallback>}.
 *
 * @param maxLength the longest recording (default 3600 s)
 * @param timeout silence that ends the recording (default 5 s; zero disables)
 * @param finishOnKey any of these keys ends the recording (default: every key)
 * @param action where {@code RecordingUrl} goes; {@code null} means the current document's URL
 * @param recordingStatusCallback told when the recording is available, or {@code null}
 * @param recordingStatusCallbackMethod how it is told (default POST)
 * @param recordingStatusCallbackEvents which of {@code completed} (default) and {@code absent}
 *     (nothing was recorded) it is told about; Twilio's {@code in-progress} is not sent
 * @param trimSilence {@code trim="trim-silence"} (Twilio's default): leading and trailing silence is cut
 */
public record Record(
        Duration maxLength,
        Duration timeout,
        String finishOnKey,
        boolean playBeep,
        URI action,
        HttpMethod method,
        URI recordingStatusCallback,
        HttpMethod recordingStatusCallbackMethod,
        java.util.Set<String> recordingStatusCallbackEvents,
        boolean trimSilence)
        implements Verb {
    public static final Duration DEFAULT_MAX_LENGTH = Duration.ofSeconds(3600);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final String DEFAULT_FINISH_ON_KEY = "1234567890*#";
    /** Twilio's default {@code recordingStatusCallbackEvent}. */
    public static final java.util.Set<String> DEFAULT_CALLBACK_EVENTS = java.util.Set.of("completed");

    public Record {
        recordingStatusCallbackEvents = java.util.Set.copyOf(recordingStatusCallbackEvents);
    }

    /** A {@code <Record>} whose status callback is a POST of {@code completed}, trimmed. */
    public Record(Duration maxLength, Duration timeout, String finishOnKey, boolean playBeep, URI action,
            HttpMethod method, URI recordingStatusCallback) {
        this(maxLength, timeout, finishOnKey, playBeep, action, method, recordingStatusCallback, HttpMethod.POST,
                DEFAULT_CALLBACK_EVENTS, true);
    }
}
