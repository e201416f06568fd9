package io.softswitch.voice.twiml;

import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Number;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Documents built with Twilio's own {@code VoiceResponse} builder parse into the expected verbs. */
class TwimlParserTest {
    private static final URI BASE = URI.create("https://app.example.com/voice/menu");
    private final TwimlParser parser = new TwimlParser();

    private TwimlDocument parse(VoiceResponse response) {
        return parse(response.toXml());
    }

    private TwimlDocument parse(String xml) {
        TwimlResult result = parser.parse(xml, BASE);
        assertThat(result).isInstanceOf(TwimlResult.Parsed.class);
        return ((TwimlResult.Parsed) result).document();
    }

    @Test
    void sayPlayPauseKeepTheirAttributes() {
        TwimlDocument doc = parse(new VoiceResponse.Builder()
                .say(new com.twilio.twiml.voice.Say.Builder("Hello & welcome")
                        .voice(com.twilio.twiml.voice.Say.Voice.ALICE)
                        .language(com.twilio.twiml.voice.Say.Language.EN_GB).loop(2).build())
                .play(new com.twilio.twiml.voice.Play.Builder("/audio/beep.wav").loop(3).build())
                .play(new com.twilio.twiml.voice.Play.Builder().digits("ww12#").build())
                .pause(new com.twilio.twiml.voice.Pause.Builder().length(4).build())
                .build());
        assertThat(doc.verbs()).containsExactly(
                new Say("Hello & welcome", "alice", "en-GB", 2),
                new Play(URI.create("https://app.example.com/audio/beep.wav"), 3, null),
                new Play(null, 1, "ww12#"),
                new Pause(Duration.ofSeconds(4)));
        assertThat(doc.warnings()).isEmpty();
    }

    @Test
    void gatherHoldsItsPromptsAndAction() {
        TwimlDocument doc = parse(new VoiceResponse.Builder()
                .gather(new com.twilio.twiml.voice.Gather.Builder()
                        .inputs(com.twilio.twiml.voice.Gather.Input.DTMF).numDigits(1).timeout(3)
                        .finishOnKey("*").action("/voice/choice").method(com.twilio.http.HttpMethod.GET)
                        .actionOnEmptyResult(true)
                        .say(new com.twilio.twiml.voice.Say.Builder("Press 1").build())
                        .pause(new com.twilio.twiml.voice.Pause.Builder().length(1).build())
                        .build())
                .build());
        assertThat(doc.verbs()).containsExactly(new Gather(1, Duration.ofSeconds(3), "*",
                URI.create("https://app.example.com/voice/choice"), HttpMethod.GET, true,
                List.of(new Say("Press 1", null, null, 1), new Pause(Duration.ofSeconds(1)))));
    }

    @Test
    void gatherDefaultsAreTwilios() {
        TwimlDocument doc = parse(new VoiceResponse.Builder()
                .gather(new com.twilio.twiml.voice.Gather.Builder().build()).build());
        assertThat(doc.verbs()).containsExactly(
                new Gather(0, Duration.ofSeconds(5), "#", null, HttpMethod.POST, false, List.of()));
    }

    @Test
    void dialWithNumberAndSipWithCredentials() {
        TwimlDocument doc = parse(new VoiceResponse.Builder()
                .dial(new com.twilio.twiml.voice.Dial.Builder().callerId("+14155550100").timeout(20)
                        .timeLimit(60).answerOnBridge(true).action("/voice/dialed")
                        .number(new Number.Builder("+14155550111").build())
                        .sip(new com.twilio.twiml.voice.Sip.Builder("sip:alice@pbx.example.com")
                                .username("alice").password("s3cret").build())
                        .build())
                .build());
        assertThat(doc.verbs()).containsExactly(new Dial("+14155550100", Duration.ofSeconds(20),
                Duration.ofSeconds(60), true, URI.create("https://app.example.com/voice/dialed"), HttpMethod.POST,
                List.of(new DialTarget.Number("+14155550111"),
                        new DialTarget.Sip("sip:alice@pbx.example.com", "alice", "s3cret"))));
    }

    @Test
    void dialRecordModesTrimAndRecordingStatusCallback() {
        TwimlDocument doc = parse(new VoiceResponse.Builder()
                .dial(new com.twilio.twiml.voice.Dial.Builder("+14155550122")
                        .record(com.twilio.twiml.voice.Dial.Record.RECORD_FROM_RINGING_DUAL)
                        .trim(com.twilio.twiml.voice.Dial.Trim.TRIM_SILENCE).recordingStatusCallback("/recorded")
                        .recordingStatusCallbackEvents(List.of(com.twilio.twiml.voice.Dial.RecordingEvent.COMPLETED,
                                com.twilio.twiml.voice.Dial.RecordingEvent.ABSENT))
                        .build()).build());
        Dial dial = (Dial) doc.verbs().get(0);
        assertThat(dial.recording()).isEqualTo(new DialRecording(DialRecording.Mode.RECORD_FROM_RINGING_DUAL, true,
                URI.create("https://app.example.com/recorded"), HttpMethod.POST, java.util.Set.of("completed", "absent")));
        assertThat(dial.recording().mode().fromRinging()).isTrue();
        assertThat(dial.recording().mode().dual()).isTrue();
        assertThat(doc.warnings()).isEmpty();

        Dial legacy = (Dial) parse("<Response><Dial record=\"true\">+14155550122</Dial></Response>").verbs().get(0);
        assertThat(legacy.recording().mode()).isEqualTo(DialRecording.Mode.RECORD_FROM_ANSWER);
        assertThat(legacy.recording().trimSilence()).as("<Dial>'s default is do-not-trim").isFalse();
        TwimlDocument odd = parse("<Response><Dial record=\"always\">+14155550122</Dial></Response>");
        assertThat(((Dial) odd.verbs().get(0)).recording()).isEqualTo(DialRecording.NONE);
        assertThat(odd.warnings()).singleElement().satisfies(w -> assertThat(w.message()).contains("record='always'"));
    }

    @Test
    void dialWithPlainTextNumber() {
        TwimlDocument doc = parse(new VoiceResponse.Builder()
                .dial(new com.twilio.twiml.voice.Dial.Builder("+14155550122").build()).build());
        Dial dial = (Dial) doc.verbs().get(0);
        assertThat(dial.targets()).containsExactly(new DialTarget.Number("+14155550122"));
        assertThat(dial.timeout()).isEqualTo(Dial.DEFAULT_TIMEOUT);
        assertThat(dial.timeLimit()).isEqualTo(Dial.DEFAULT_TIME_LIMIT);
        assertThat(dial.action()).isNull();
    }

    @Test
    void recordHangupRejectRedirect() {
        TwimlDocument doc = parse(new VoiceResponse.Builder()
                .record(new com.twilio.twiml.voice.Record.Builder().maxLength(30).timeout(3).finishOnKey("#")
                        .playBeep(false).action("/voice/recorded").recordingStatusCallback("/voice/rs").build())
                .hangup(new com.twilio.twiml.voice.Hangup.Builder().build())
                .reject(new com.twilio.twiml.voice.Reject.Builder()
                        .reason(com.twilio.twiml.voice.Reject.Reason.BUSY).build())
                .redirect(new com.twilio.twiml.voice.Redirect.Builder("/voice/next")
                        .method(com.twilio.http.HttpMethod.GET).build())
                .build());
        assertThat(doc.verbs()).containsExactly(
                new Record(Duration.ofSeconds(30), Duration.ofSeconds(3), "#", false,
                        URI.create("https://app.example.com/voice/recorded"), HttpMethod.POST,
                        URI.create("https://app.example.com/voice/rs")),
                new Hangup(),
                new Reject(Reject.Reason.BUSY),
                new Redirect(URI.create("https://app.example.com/voice/next"), HttpMethod.GET));
    }

    @Test
    void rejectDefaultsToRejectedWhichIs603() {
        TwimlDocument doc = parse(new VoiceResponse.Builder()
                .reject(new com.twilio.twiml.voice.Reject.Builder().build()).build());
        assertThat(doc.verbs()).containsExactly(new Reject(Reject.Reason.REJECTED));
        assertThat(Reject.Reason.REJECTED.sipStatus()).isEqualTo(603);
        assertThat(Reject.Reason.BUSY.sipStatus()).isEqualTo(486);
    }

    @Test
    void emptyResponseHasNoVerbs() {
        assertThat(parse(new VoiceResponse.Builder().build()).verbs()).isEmpty();
    }
}
