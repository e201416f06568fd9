package io.softswitch.voice.twiml;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * {@code <Dial callerId timeout timeLimit answerOnBridge action method>} with one or more targets
 * ({@code <Number>}, {@code <Sip>} or a plain-text number, which becomes a {@link DialTarget.Number}).
 *
 * @param callerId the From of the new leg, or {@code null} for the caller's
 * @param timeout how long the target may ring (default 30 s)
 * @param timeLimit the longest the bridged call may last (default 4 hours)
 * @param action where {@code DialCallStatus} goes; {@code null}: the call continues with the next verb
 * @param recording {@code record} and its attributes ({@link DialRecording#NONE}: not recorded)
 */
public record Dial(
        String callerId,
        Duration timeout,
        Duration timeLimit,
        boolean answerOnBridge,
        URI action,
        HttpMethod method,
        List<DialTarget> targets,
        DialRecording recording)
        implements Verb {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_TIME_LIMIT = Duration.ofSeconds(14_400);

    public Dial {
        targets = List.copyOf(targets);
        java.util.Objects.requireNonNull(recording, "recording");
    }

    /** A {@code <Dial>} that records nothing. */
    public Dial(String callerId, Duration timeout, Duration timeLimit, boolean answerOnBridge, URI action,
            HttpMethod method, List<DialTarget> targets) {
        this(callerId, timeout, timeLimit, answerOnBridge, action, method, targets, DialRecording.NONE);
    }
}
