package io.softswitch.voice.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.twilio.security.RequestValidator;
import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Gather;
import com.twilio.twiml.voice.Say;
import io.softswitch.voice.twiml.HttpMethod;
import io.softswitch.voice.twiml.TwimlParser;
import io.softswitch.voice.webhook.HttpWebhookClient;
import io.softswitch.voice.webhook.WebhookServer;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * An IVR served by a real HTTP server with TwiML from Twilio's VoiceResponse builder: every request
 * the interpreter makes carries Twilio's parameters and a signature Twilio's RequestValidator accepts.
 */
class TwimlCallHttpTest {
    private static final String TOKEN = "secret-auth-token";

    @Test
    void ivrMenuOverHttpWithSignedRequests() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (WebhookServer server = new WebhookServer(); ScheduledVoiceTimer timer = new ScheduledVoiceTimer()) {
            server.on("/voice", WebhookServer.twiml(new VoiceResponse.Builder()
                    .gather(new Gather.Builder().numDigits(1).action("/menu").say(new Say.Builder("Press 1 for sales").build())
                            .build())
                    .build().toXml()));
            server.on("/menu", WebhookServer.twiml(new VoiceResponse.Builder()
                    .say(new Say.Builder("Connecting you").build()).hangup(new com.twilio.twiml.voice.Hangup.Builder().build())
                    .build().toXml()));
            FakeMedia media = new FakeMedia();
            CallContext ctx = new CallContext("CA42", "AC42", "+14155550100", "+14155550199", "inbound", "+14155550188",
                    TOKEN, server.url("/voice"), HttpMethod.POST, null, HttpMethod.POST);
            TwimlCall call = new TwimlCall(ctx, media, timer, new HttpWebhookClient(), new TwimlParser(),
                    new SerialExecutor(pool), CallEvents.NONE);
            call.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> media.log.contains("say:Press 1 for sales"));
            call.onDigit('1');
            await().atMost(Duration.ofSeconds(5)).until(() -> media.log.contains("say:Connecting you"));
            media.finishPrompt();
            await().atMost(Duration.ofSeconds(5)).until(() -> call.phase() == TwimlCall.Phase.ENDED);

            assertThat(media.log).containsExactly("answer", "say:Press 1 for sales", "stopPrompt", "say:Connecting you",
                    "hangup");
            assertThat(server.seen()).hasSize(2);
            RequestValidator validator = new RequestValidator(TOKEN);
            for (WebhookServer.Seen seen : server.seen()) {
                assertThat(validator.validate(server.url(seen.uri().getPath()).toString(), seen.params(), seen.signature()))
                        .as("signature of %s", seen.uri()).isTrue();
                assertThat(seen.params()).containsEntry("CallSid", "CA42").containsEntry("ForwardedFrom", "+14155550188")
                        .containsKeys("AccountSid", "From", "To", "Caller", "Called", "CallStatus", "Direction", "ApiVersion");
            }
            assertThat(server.seen().get(1).params()).containsEntry("Digits", "1").containsEntry("CallStatus", "in-progress");
        } finally {
            pool.shutdownNow();
        }
    }
}
