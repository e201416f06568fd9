package io.softswitch.voice.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.voice.twiml.HttpMethod;
import io.softswitch.voice.twiml.TwimlParser;
import io.softswitch.voice.twiml.TwimlResult;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The REST API acting on a running call (issue 19, {@code POST .../Calls/{Sid}.json}): a redirect
 * from outside stops what runs and takes the new TwiML; a hang-up ends the call. Fake clock, fake
 * media, canned webhooks.
 */
class TwimlCallRedirectTest {
    private static final String APP = "https://app.example.com";
    private final FakeTimer timer = new FakeTimer();
    private final FakeMedia media = new FakeMedia();
    private final FakeWebhooks web = new FakeWebhooks();
    private boolean ended;

    private TwimlCall call() {
        CallContext ctx = new CallContext("CA0001", "AC0001", "+14155550100", "+14155550199", "inbound",
                null, "token", URI.create(APP + "/voice"), HttpMethod.POST, null, HttpMethod.POST);
        TwimlCall call = new TwimlCall(ctx, media, timer, web, new TwimlParser(), Runnable::run, new CallEvents() {
            @Override
            public void ended() {
                ended = true;
            }
        });
        call.start();
        return call;
    }

    @Test
    void urlRedirectDuringAGatherPromptStopsItAndFetchesTheUrlAsInProgress() {
        web.twiml("/voice", "<Response><Gather numDigits=\"1\" timeout=\"5\" action=\"/choice\"><Say>Press 1</Say>"
                + "</Gather></Response>").twiml("/next", "<Response><Hangup/></Response>");
        TwimlCall call = call();
        assertThat(call.phase()).isEqualTo(TwimlCall.Phase.GATHERING);
        call.redirect(URI.create(APP + "/next"), HttpMethod.GET);
        assertThat(web.last().url()).isEqualTo(URI.create(APP + "/next"));
        assertThat(web.last().method()).isEqualTo(HttpMethod.GET);
        assertThat(web.lastParams()).containsEntry("CallStatus", "in-progress").doesNotContainKey("Digits");
        assertThat(media.log).containsExactly("answer", "say:Press 1", "stopPrompt", "hangup");
        assertThat(ended).isTrue();
        timer.advance(Duration.ofSeconds(30)); // the gather's timeout is gone with it
        assertThat(web.requests).hasSize(2);
    }

    @Test
    void inlineTwimlReplacesAPauseAtOnce() {
        web.twiml("/voice", "<Response><Pause length=\"30\"/><Say>never</Say></Response>");
        TwimlCall call = call();
        assertThat(call.phase()).isEqualTo(TwimlCall.Phase.PROMPTING);
        call.redirect(document("<Response><Say>Goodbye</Say><Hangup/></Response>"));
        media.finishPrompt();
        assertThat(media.log).containsExactly("answer", "stopPrompt", "say:Goodbye", "hangup");
        assertThat(ended).isTrue();
        timer.advance(Duration.ofSeconds(60));
        assertThat(media.log).doesNotContain("say:never");
    }

    @Test
    void aRedirectOfAnEndedCallDoesNothing() {
        web.twiml("/voice", "<Response><Hangup/></Response>");
        TwimlCall call = call();
        assertThat(ended).isTrue();
        call.redirect(URI.create(APP + "/next"), HttpMethod.POST);
        call.redirect(document("<Response><Say>late</Say></Response>"));
        assertThat(web.requests).hasSize(1);
        assertThat(media.log).containsExactly("hangup");
    }

    @Test
    void hangUpEndsAWaitingCall() {
        web.twiml("/voice", "<Response><Gather timeout=\"10\"/></Response>");
        TwimlCall call = call();
        assertThat(call.phase()).isEqualTo(TwimlCall.Phase.GATHERING);
        call.hangUp();
        assertThat(media.log).containsExactly("answer", "hangup");
        assertThat(call.phase()).isEqualTo(TwimlCall.Phase.ENDED);
        assertThat(timer.pending()).isZero();
    }

    private static io.softswitch.voice.twiml.TwimlDocument document(String xml) {
        return ((TwimlResult.Parsed) new TwimlParser().parse(xml, URI.create(APP + "/voice"))).document();
    }
}
