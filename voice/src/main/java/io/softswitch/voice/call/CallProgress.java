package io.softswitch.voice.call;

import io.softswitch.voice.twiml.HttpMethod;
import io.softswitch.voice.webhook.WebhookRequest;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds one call's call-progress status callbacks as Twilio sends them to a number's or call's
 * {@code StatusCallback}: the call's parameters plus {@code CallbackSource=call-progress-events},
 * {@code SequenceNumber} (0, 1, ... in the order sent), {@code Timestamp} (RFC 2822, as Twilio writes it: {@code Wed, 02 Dec 2026 15:30:00 +0000}), and on
 * {@code completed} the {@code CallDuration} and {@code SipResponseCode}. Only the subscribed events
 * are sent ({@code StatusCallbackEvent}; Twilio's default is {@code completed} alone). Core queues the
 * requests on {@link io.softswitch.voice.webhook.StatusCallbacks}. Not thread-safe: one per call,
 * used on the call's executor.
 */
public final class CallProgress {
    private static final DateTimeFormatter RFC_2822 = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", java.util.Locale.US).withZone(ZoneOffset.UTC);

    /** Twilio's {@code StatusCallbackEvent} values. */
    public enum Event {
        INITIATED("initiated"),
        RINGING("ringing"),
        ANSWERED("answered"),
        COMPLETED("completed");

        private final String value;

        Event(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }

        /** The event for a {@code StatusCallbackEvent} value, or {@code null}. */
        public static Event parse(String value) {
            for (Event e : values()) {
                if (e.value.equals(value)) {
                    return e;
                }
            }
            return null;
        }
    }

    private final CallContext call;
    private final URI url;
    private final HttpMethod method;
    private final Set<Event> subscribed;
    private final Clock clock;
    private int sequence;

    public CallProgress(CallContext call, URI url, HttpMethod method, Set<Event> subscribed, Clock clock) {
        this.call = call;
        this.url = url;
        this.method = method;
        this.subscribed = subscribed.isEmpty() ? EnumSet.of(Event.COMPLETED) : EnumSet.copyOf(subscribed);
        this.clock = clock;
    }

    /**
     * The callback for {@code event}, if subscribed.
     *
     * @param callStatus {@code initiated}, {@code ringing}, {@code in-progress}, or the final status
     *     ({@code completed}, {@code busy}, {@code no-answer}, {@code failed}, {@code canceled})
     * @param duration the answered time (used on {@code completed})
     * @param sipResponseCode the final SIP status (used on {@code completed}; 0 if none)
     */
    public Optional<WebhookRequest> on(Event event, String callStatus, Duration duration, int sipResponseCode) {
        if (url == null || !subscribed.contains(event)) {
            return Optional.empty();
        }
        Map<String, String> p = call.parameters(callStatus);
        p.put("CallbackSource", "call-progress-events");
        p.put("SequenceNumber", Integer.toString(sequence++));
        p.put("Timestamp", RFC_2822.format(clock.instant()));
        if (event == Event.COMPLETED) {
            p.put("CallDuration", Long.toString(duration.toSeconds()));
            if (sipResponseCode > 0) {
                p.put("SipResponseCode", Integer.toString(sipResponseCode));
            }
        }
        return Optional.of(new WebhookRequest(url, method, p, call.authToken()));
    }
}
