package io.softswitch.voice.call;

import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.security.RequestValidator;
import io.softswitch.voice.twiml.HttpMethod;
import io.softswitch.voice.webhook.WebhookRequest;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Call-progress status callbacks: Twilio's parameters, sequence, subscription, signature. */
class CallProgressTest {
    private static final CallContext CALL = new CallContext("CA9", "AC9", "+14155550100", "+14155550199", "inbound",
            null, "tok", URI.create("https://app/voice"), HttpMethod.POST, null, HttpMethod.POST);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T15:30:00Z"), ZoneOffset.UTC);
    private static final URI STATUS = URI.create("https://app/status");

    @Test
    void subscribedEventsCarryTwiliosParametersInSequence() {
        CallProgress progress = new CallProgress(CALL, STATUS, HttpMethod.POST, EnumSet.allOf(CallProgress.Event.class), CLOCK);
        WebhookRequest ringing = progress.on(CallProgress.Event.RINGING, "ringing", Duration.ZERO, 0).orElseThrow();
        WebhookRequest done = progress.on(CallProgress.Event.COMPLETED, "completed", Duration.ofSeconds(61), 200).orElseThrow();
        assertThat(ringing.params()).containsEntry("SequenceNumber", "0").containsEntry("CallStatus", "ringing")
                .containsEntry("CallbackSource", "call-progress-events")
                .containsEntry("Timestamp", "Wed, 02 Dec 2026 15:30:00 +0000").doesNotContainKey("CallDuration");
        assertThat(done.params()).containsEntry("SequenceNumber", "1").containsEntry("CallDuration", "61")
                .containsEntry("SipResponseCode", "200").containsEntry("CallSid", "CA9");
        assertThat(new RequestValidator("tok").validate(STATUS.toString(), done.params(), done.signature())).isTrue();
    }

    @Test
    void withoutSubscriptionOnlyCompletedIsSent() {
        CallProgress progress = new CallProgress(CALL, STATUS, HttpMethod.POST, Set.of(), CLOCK);
        assertThat(progress.on(CallProgress.Event.INITIATED, "initiated", Duration.ZERO, 0)).isEmpty();
        assertThat(progress.on(CallProgress.Event.ANSWERED, "in-progress", Duration.ZERO, 0)).isEmpty();
        assertThat(progress.on(CallProgress.Event.COMPLETED, "busy", Duration.ZERO, 486).orElseThrow().params())
                .containsEntry("SequenceNumber", "0").containsEntry("CallStatus", "busy");
    }

    @Test
    void noStatusCallbackUrlSendsNothing() {
        CallProgress progress = new CallProgress(CALL, null, HttpMethod.POST, Set.of(), CLOCK);
        assertThat(progress.on(CallProgress.Event.COMPLETED, "completed", Duration.ZERO, 200)).isEmpty();
        assertThat(CallProgress.Event.parse("answered")).isEqualTo(CallProgress.Event.ANSWERED);
        assertThat(CallProgress.Event.parse("bogus")).isNull();
    }
}
