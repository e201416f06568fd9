package io.softswitch.voice.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.voice.twiml.HttpMethod;
import io.softswitch.voice.twiml.TwimlError;
import io.softswitch.voice.twiml.TwimlParser;
import io.softswitch.voice.webhook.WebhookRequest;
import io.softswitch.voice.webhook.WebhookResult;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The interpreter on a fake clock, fake media and canned webhooks: one behaviour per test. */
class TwimlCallTest {
    private static final String APP = "https://app.example.com";
    private final FakeTimer timer = new FakeTimer();
    private final FakeMedia media = new FakeMedia();
    private final FakeWebhooks web = new FakeWebhooks();
    private final List<TwimlError> notifications = new CopyOnWriteArrayList<>();
    private final List<WebhookRequest> async = new CopyOnWriteArrayList<>();
    private boolean ended;

    private TwimlCall call(String fallbackPath) {
        CallContext ctx = new CallContext("CA0001", "AC0001", "+14155550100", "+14155550199", "inbound",
                null, "token", URI.create(APP + "/voice"), HttpMethod.POST,
                fallbackPath == null ? null : URI.create(APP + fallbackPath), HttpMethod.POST);
        TwimlCall call = new TwimlCall(ctx, media, timer, web, new TwimlParser(), Runnable::run, new CallEvents() {
            @Override
            public void notification(TwimlError error) {
                notifications.add(error);
            }

            @Override
            public void asyncCallback(WebhookRequest request) {
                async.add(request);
            }

            @Override
            public void ended() {
                ended = true;
            }
        });
        call.start();
        return call;
    }

    private TwimlCall call() {
        return call(null);
    }

    /** An outbound call (Calls API) once answered: its TwiML inline, or from the Voice URL when null. */
    private TwimlCall answeredCall(String twiml) {
        CallContext ctx = new CallContext("CA0002", "AC0001", "+14155550199", "+14155550100", "outbound-api",
                null, "token", URI.create(APP + "/voice"), HttpMethod.POST, null, HttpMethod.POST);
        TwimlCall call = new TwimlCall(ctx, media, timer, web, new TwimlParser(), Runnable::run, new CallEvents() {
            @Override
            public void notification(TwimlError error) {
                notifications.add(error);
            }

            @Override
            public void ended() {
                ended = true;
            }
        });
        call.startAnswered(twiml);
        return call;
    }

    @Test
    void anAnsweredOutboundCallRunsItsInlineTwimlWithoutAnsweringAgain() {
        web.twiml("/next", "<Response><Hangup/></Response>");
        answeredCall("<Response><Say>hi</Say><Redirect>/next</Redirect></Response>");
        media.finishPrompt();
        assertThat(media.log).containsExactly("say:hi", "hangup");
        assertThat(web.requests).singleElement().satisfies(r -> assertThat(r.params())
                .containsEntry("CallStatus", "in-progress").containsEntry("Direction", "outbound-api"));
        assertThat(ended).isTrue();
    }

    @Test
    void anAnsweredOutboundCallWithoutInlineTwimlFetchesItsUrlInProgress() {
        web.twiml("/voice", "<Response><Hangup/></Response>");
        answeredCall(null);
        assertThat(web.lastParams()).containsEntry("CallStatus", "in-progress");
        assertThat(media.log).containsExactly("hangup");
    }

    @Test
    void inlineTwimlThatDoesNotParseIsA12100AndTheCallHangsUp() {
        answeredCall("<Response><Say>unclosed</Response>");
        assertThat(notifications).extracting(TwimlError::code).containsExactly(12100);
        assertThat(media.log).containsExactly("hangup");
        assertThat(web.requests).isEmpty();
    }

    @Test
    void voiceUrlRequestCarriesTwiliosParameters() {
        web.twiml("/voice", "<Response><Hangup/></Response>");
        call();
        assertThat(web.requests.get(0).params()).containsEntry("CallSid", "CA0001").containsEntry("AccountSid", "AC0001")
                .containsEntry("From", "+14155550100").containsEntry("To", "+14155550199")
                .containsEntry("Caller", "+14155550100").containsEntry("Called", "+14155550199")
                .containsEntry("CallStatus", "ringing").containsEntry("Direction", "inbound")
                .containsEntry("ApiVersion", "2010-04-01").doesNotContainKey("ForwardedFrom");
        assertThat(media.log).containsExactly("hangup");
        assertThat(ended).isTrue();
    }

    @Test
    void gatherDigitBargesInAndPostsDigitsToTheAction() {
        web.twiml("/voice", "<Response><Gather numDigits=\"1\" action=\"/choice\"><Say>Press 1</Say></Gather></Response>")
                .twiml("/choice", "<Response><Say>You chose</Say></Response>");
        TwimlCall call = call();
        assertThat(call.phase()).isEqualTo(TwimlCall.Phase.GATHERING);
        call.onDigit('1');
        assertThat(web.last().url()).isEqualTo(URI.create(APP + "/choice"));
        assertThat(web.lastParams()).containsEntry("Digits", "1").containsEntry("CallStatus", "in-progress");
        media.finishPrompt();
        assertThat(media.log).containsExactly("answer", "say:Press 1", "stopPrompt", "say:You chose", "hangup");
    }

    @Test
    void staleCompletionOfABargedInPromptIsIgnored() {
        web.twiml("/voice", "<Response><Gather timeout=\"3\"><Say>menu</Say></Gather><Say>bye</Say></Response>");
        TwimlCall call = call();
        CallMedia.Completion stale = media.prompt;
        call.onDigit('4');
        stale.done(null);
        assertThat(media.log).containsExactly("answer", "say:menu", "stopPrompt");
        assertThat(call.phase()).isEqualTo(TwimlCall.Phase.GATHERING);
    }

    @Test
    void gatherTimeoutStartsAfterThePromptsAndFallsThroughWithoutDigits() {
        web.twiml("/voice", "<Response><Gather timeout=\"3\" action=\"/x\"><Say>menu</Say></Gather><Say>bye</Say></Response>");
        call();
        timer.advance(Duration.ofSeconds(10));
        assertThat(media.log).containsExactly("answer", "say:menu");
        media.finishPrompt();
        timer.advance(Duration.ofMillis(2999));
        assertThat(media.log).hasSize(2);
        timer.advance(Duration.ofMillis(1));
        assertThat(media.log).containsExactly("answer", "say:menu", "say:bye");
        assertThat(web.requests).hasSize(1);
    }

    @Test
    void timeoutBetweenDigitsSubmitsWhatWasTyped() {
        web.twiml("/voice", "<Response><Gather timeout=\"2\" action=\"/x\"/></Response>").twiml("/x", "<Response/>");
        TwimlCall call = call();
        call.onDigit('4');
        timer.advance(Duration.ofMillis(1500));
        call.onDigit('2');
        timer.advance(Duration.ofMillis(1999));
        assertThat(web.requests).hasSize(1);
        timer.advance(Duration.ofMillis(1));
        assertThat(web.lastParams()).containsEntry("Digits", "42");
    }

    @Test
    void finishOnKeyEndsInputAndIsNotPartOfDigits() {
        web.twiml("/voice", "<Response><Gather action=\"/x\"/></Response>").twiml("/x", "<Response/>");
        TwimlCall call = call();
        call.onDigit('1');
        call.onDigit('2');
        call.onDigit('#');
        assertThat(web.lastParams()).containsEntry("Digits", "12");
    }

    @Test
    void actionOnEmptyResultPostsEmptyDigits() {
        web.twiml("/voice", "<Response><Gather timeout=\"1\" actionOnEmptyResult=\"true\"/></Response>");
        call();
        timer.advance(Duration.ofSeconds(1));
        assertThat(web.last().url()).isEqualTo(URI.create(APP + "/voice"));
        assertThat(web.lastParams()).containsEntry("Digits", "");
    }

    @Test
    void pauseWaitsOnTheTimerNotAThread() {
        web.twiml("/voice", "<Response><Pause length=\"2\"/><Hangup/></Response>");
        TwimlCall call = call();
        assertThat(timer.pending()).isEqualTo(1);
        timer.advance(Duration.ofMillis(1999));
        assertThat(call.phase()).isEqualTo(TwimlCall.Phase.PROMPTING);
        timer.advance(Duration.ofMillis(1));
        assertThat(media.log).containsExactly("answer", "hangup");
    }

    @Test
    void sayLoopsAndPlaySendsDigitsThenAudio() {
        web.twiml("/voice", "<Response><Say loop=\"3\">hi</Say><Play digits=\"12\" loop=\"2\">/a.wav</Play></Response>");
        media.instant = true;
        call();
        assertThat(media.log).containsExactly("answer", "say:hi", "say:hi", "say:hi", "digits:12", "play:/a.wav",
                "play:/a.wav", "hangup");
    }

    @Test
    void failedPlayIsANotificationAndTheDocumentGoesOn() {
        web.twiml("/voice", "<Response><Play>/missing.wav</Play><Say>after</Say></Response>");
        call();
        media.prompt.done(new TwimlError(11200, "HTTP 404 for /missing.wav"));
        assertThat(notifications).extracting(TwimlError::code).containsExactly(11200);
        assertThat(media.log).containsExactly("answer", "play:/missing.wav", "say:after");
    }

    @Test
    void rejectAsFirstVerbRefusesUnansweredWith486() {
        web.twiml("/voice", "<Response><Reject reason=\"busy\"/></Response>");
        call();
        assertThat(media.log).containsExactly("reject:486");
        assertThat(ended).isTrue();
    }

    @Test
    void rejectAfterAnotherVerbHangsUp() {
        web.twiml("/voice", "<Response><Pause length=\"1\"/><Reject/></Response>");
        call();
        timer.advance(Duration.ofSeconds(1));
        assertThat(media.log).containsExactly("answer", "hangup");
    }

    @Test
    void redirectFetchesWithItsMethod() {
        web.twiml("/voice", "<Response><Redirect method=\"GET\">/next?step=2</Redirect></Response>")
                .twiml("/next", "<Response><Reject/></Response>");
        call();
        assertThat(web.last().method()).isEqualTo(HttpMethod.GET);
        assertThat(web.last().effectiveUrl().toString()).startsWith(APP + "/next?step=2&CallSid=CA0001");
        assertThat(media.log).containsExactly("reject:603");
    }

    @Test
    void failingVoiceUrlFallsBackWithErrorCodeAndUrl() {
        web.answer("/voice", new WebhookResult.Success(200, "text/plain", "hello".getBytes()))
                .twiml("/fallback", "<Response><Say>sorry</Say></Response>");
        media.instant = true;
        call("/fallback");
        assertThat(web.last().url().getPath()).isEqualTo("/fallback");
        assertThat(web.lastParams()).containsEntry("ErrorCode", "12300").containsEntry("ErrorUrl", APP + "/voice");
        assertThat(media.log).containsExactly("answer", "say:sorry", "hangup");
    }

    @Test
    void failingFallbackHangsUpWithBothErrorsRecorded() {
        web.twiml("/voice", "<Response><Bogus/></Response>");
        call("/fallback");
        assertThat(notifications).extracting(TwimlError::code).containsExactly(12100, 11200);
        assertThat(media.log).containsExactly("hangup");
        assertThat(ended).isTrue();
    }

    @Test
    void dialActionGetsDialCallStatus() {
        web.twiml("/voice", "<Response><Dial action=\"/dialed\"><Number>+14155550111</Number></Dial></Response>")
                .twiml("/dialed", "<Response><Hangup/></Response>");
        call();
        assertThat(media.log).containsExactly("answer", "dial:[Number[number=+14155550111]]");
        media.dialing.accept(new DialResult(DialResult.Status.COMPLETED, "CA0002", Duration.ofSeconds(42), 200));
        assertThat(web.lastParams()).containsEntry("DialCallStatus", "completed").containsEntry("DialCallSid", "CA0002")
                .containsEntry("DialCallDuration", "42").containsEntry("DialSipResponseCode", "200");
        assertThat(media.log).last().isEqualTo("hangup");
    }

    @Test
    void dialWithoutActionContinuesAndAnswerOnBridgeDoesNotAnswer() {
        web.twiml("/voice", "<Response><Dial answerOnBridge=\"true\">+14155550111</Dial><Hangup/></Response>");
        call();
        assertThat(media.log).containsExactly("dial:[Number[number=+14155550111]]");
        media.dialing.accept(new DialResult(DialResult.Status.BUSY, null, Duration.ZERO, 486));
        assertThat(media.log).containsExactly("dial:[Number[number=+14155550111]]", "hangup");
    }

    @Test
    void recordStopsOnFinishKeyAndPostsTheRecording() {
        web.twiml("/voice", "<Response><Record finishOnKey=\"#\" action=\"/rec\" recordingStatusCallback=\"/rs\"/></Response>")
                .twiml("/rec", "<Response/>");
        TwimlCall call = call();
        call.onDigit('5');
        assertThat(media.log).containsExactly("answer", "record");
        call.onDigit('#');
        assertThat(media.log).containsExactly("answer", "record", "stopRecording");
        media.recording.accept(new RecordingResult("RE1", URI.create("https://sw/Recordings/RE1.wav"), Duration.ofSeconds(7)));
        assertThat(web.lastParams()).containsEntry("RecordingUrl", "https://sw/Recordings/RE1.wav")
                .containsEntry("RecordingDuration", "7").containsEntry("RecordingSid", "RE1").containsEntry("Digits", "#");
        assertThat(async).singleElement().satisfies(r -> {
            assertThat(r.url()).isEqualTo(URI.create(APP + "/rs"));
            assertThat(r.params()).containsEntry("RecordingStatus", "completed");
        });
    }

    @Test
    void recordStatusCallbackUsesItsMethodAndReportsAnAbsentRecordingWhenAsked() {
        web.twiml("/voice", "<Response><Record action=\"/rec\" recordingStatusCallback=\"/rs\""
                + " recordingStatusCallbackMethod=\"GET\" recordingStatusCallbackEvent=\"in-progress completed absent\"/>"
                + "</Response>").twiml("/rec", "<Response/>");
        TwimlCall call = call();
        call.onDigit('1');
        media.recording.accept(new RecordingResult(null, null, Duration.ZERO));
        assertThat(web.lastParams()).doesNotContainKey("RecordingUrl").containsEntry("Digits", "1");
        assertThat(async).singleElement().satisfies(r -> {
            assertThat(r.url()).isEqualTo(URI.create(APP + "/rs"));
            assertThat(r.method()).isEqualTo(io.softswitch.voice.twiml.HttpMethod.GET);
            assertThat(r.params()).containsEntry("RecordingStatus", "absent").doesNotContainKey("RecordingSid");
        });
    }

    @Test
    void anAbsentRecordingIsNotReportedByDefault() {
        web.twiml("/voice", "<Response><Record action=\"/rec\" recordingStatusCallback=\"/rs\"/></Response>")
                .twiml("/rec", "<Response/>");
        TwimlCall call = call();
        call.onDigit('1');
        media.recording.accept(new RecordingResult(null, null, Duration.ZERO));
        assertThat(async).isEmpty();
    }

    @Test
    void recordMaxLengthStopsTheRecording() {
        web.twiml("/voice", "<Response><Record maxLength=\"10\"/></Response>");
        call();
        timer.advance(Duration.ofSeconds(10));
        assertThat(media.log).containsExactly("answer", "record", "stopRecording");
    }

    @Test
    void callerHangupCancelsTimersAndIgnoresLaterEvents() {
        web.twiml("/voice", "<Response><Gather timeout=\"5\" action=\"/x\"/></Response>");
        TwimlCall call = call();
        call.onHangup();
        assertThat(timer.pending()).isZero();
        call.onDigit('1');
        timer.advance(Duration.ofSeconds(10));
        assertThat(web.requests).hasSize(1);
        assertThat(call.phase()).isEqualTo(TwimlCall.Phase.ENDED);
        assertThat(media.log).containsExactly("answer");
    }

    @Test
    void callerHangingUpDuringRecordStillPostsTheRecordingWithDigitsHangup() {
        web.twiml("/voice", "<Response><Record action=\"/rec\"/></Response>");
        TwimlCall call = call();
        call.onHangup();
        assertThat(media.log).containsExactly("answer", "record", "stopRecording");
        assertThat(call.phase()).isEqualTo(TwimlCall.Phase.RECORDING);
        media.recording.accept(new RecordingResult("RE2", URI.create("https://sw/RE2.wav"), Duration.ofSeconds(3)));
        assertThat(async).singleElement().satisfies(r -> {
            assertThat(r.url()).isEqualTo(URI.create(APP + "/rec"));
            assertThat(r.params()).containsEntry("Digits", "hangup").containsEntry("RecordingUrl", "https://sw/RE2.wav")
                    .containsEntry("CallStatus", "completed");
        });
        assertThat(web.requests).hasSize(1);
        assertThat(ended).isTrue();
        assertThat(media.log).doesNotContain("hangup");
    }

    @Test
    void recordingThatNeverReportsAfterHangupEndsTheCallAfterTheGrace() {
        web.twiml("/voice", "<Response><Record/></Response>");
        TwimlCall call = call();
        call.onHangup();
        timer.advance(TwimlCall.RECORDING_GRACE);
        assertThat(call.phase()).isEqualTo(TwimlCall.Phase.ENDED);
        assertThat(async).isEmpty();
    }
}
