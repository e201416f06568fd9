package io.softswitch.core.voice;

import io.softswitch.core.call.HangupBy;
import io.softswitch.core.call.OriginatedCall;
import io.softswitch.core.call.VoiceApps;
import io.softswitch.media.endpoint.MediaEndpoint;
import io.softswitch.sip.SipStatus;
import io.softswitch.voice.audio.AudioFetcher;
import io.softswitch.voice.audio.PlayAudio;
import io.softswitch.voice.call.CallMedia;
import io.softswitch.voice.call.DialResult;
import io.softswitch.voice.call.RecordingResult;
import io.softswitch.voice.tts.SpeechSynthesizer;
import io.softswitch.voice.twiml.Dial;
import io.softswitch.voice.twiml.Record;
import io.softswitch.voice.twiml.Reject;
import io.softswitch.voice.twiml.Say;
import io.softswitch.voice.twiml.TwimlError;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * {@link CallMedia} over an inbound SIP leg and a media-relay endpoint: answer = 200 OK with the
 * endpoint's SDP, reject = 486/603, hang-up = BYE (or 480 while unanswered); {@code <Say>} is
 * synthesized then played, {@code <Play>} fetched then played, digits sent as RFC 4733.
 * {@code <Dial>} places a child call through {@link Dials} and bridges it (without one, it is
 * refused with {@link #DIAL_NOT_SUPPORTED}); the child ends when this call does. {@code <Record>}
 * is not wired yet: refused with a notification on the call ({@link #RECORD_NOT_SUPPORTED}) and
 * the document goes on.
 */
final class SipCallMedia implements CallMedia {
    /** The switch's code for a {@code <Dial>} it cannot run yet (13xxx: Twilio's Dial range). */
    static final int DIAL_NOT_SUPPORTED = 13999;
    /** The switch's code for a {@code <Record>} it cannot run yet. */
    static final int RECORD_NOT_SUPPORTED = 12999;
    /** {@code <Say>} could not be synthesized (the engine failed or is missing). */
    static final int SAY_FAILED = 13520;

    private final TwimlLeg leg;
    private final MediaEndpoint endpoint;
    private final SpeechSynthesizer tts;
    private final AudioFetcher audio;
    private final String authToken;
    private final Consumer<TwimlError> notify;
    private final Dials dials;
    private volatile OriginatedCall activeDial;

    /** Places a {@code <Dial>}'s child call and bridges it to this call once answered. */
    @FunctionalInterface
    interface Dials {
        /**
         * @param answerParent answers this call (run when the child answers: {@code answerOnBridge})
         * @param done         the child call's outcome, once
         */
        OriginatedCall dial(Dial dial, Runnable answerParent, Consumer<DialResult> done);
    }
    private final AtomicBoolean answered = new AtomicBoolean();
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile Instant answeredAt;
    private volatile VoiceApps.Outcome outcome;

    SipCallMedia(TwimlLeg leg, MediaEndpoint endpoint, SpeechSynthesizer tts, AudioFetcher audio,
            String authToken, Consumer<TwimlError> notify, Dials dials) {
        this.dials = dials;
        this.leg = leg;
        this.endpoint = endpoint;
        this.tts = tts;
        this.audio = audio;
        this.authToken = authToken;
        this.notify = notify;
    }

    @Override
    public void answer() {
        if (answered.compareAndSet(false, true)) {
            answeredAt = Instant.now();
            leg.answer();
        }
    }

    @Override
    public void say(Say say, Completion done) {
        tts.synthesize(say.text(), say.voice(), say.language()).whenComplete((pcm, e) -> {
            if (e != null) {
                done.done(new TwimlError(SAY_FAILED, "Say: " + rootMessage(e)));
            } else {
                endpoint.play(pcm.samples(), () -> done.done(null));
            }
        });
    }

    @Override
    public void play(URI url, Completion done) {
        audio.fetch(url, authToken).whenComplete((result, e) -> {
            if (e != null) {
                done.done(new TwimlError(TwimlError.HTTP_RETRIEVAL_FAILURE, "Play: " + rootMessage(e)));
            } else if (result instanceof PlayAudio.Failed f) {
                done.done(f.error());
            } else {
                endpoint.play(((PlayAudio.Loaded) result).audio().samples(), () -> done.done(null));
            }
        });
    }

    @Override
    public void sendDigits(String digits, Completion done) {
        endpoint.sendDigits(digits, () -> done.done(null));
    }

    @Override
    public void stopPrompt() {
        endpoint.stopPlayback();
    }

    @Override
    public void record(Record record, Consumer<RecordingResult> done) {
        notify.accept(new TwimlError(RECORD_NOT_SUPPORTED, "Record: recording calls is not supported by this switch yet"));
        done.accept(new RecordingResult(null, null, Duration.ZERO));
    }

    @Override
    public void stopRecording() {
    }

    @Override
    public void dial(Dial dial, Consumer<DialResult> done) {
        if (dials != null) {
            activeDial = dials.dial(dial, this::answer, result -> {
                activeDial = null;
                done.accept(result);
            });
            return;
        }
        notify.accept(new TwimlError(DIAL_NOT_SUPPORTED, "Dial: bridging a TwiML call is not supported by this switch yet"));
        done.accept(new DialResult(DialResult.Status.FAILED, null, Duration.ZERO, 0));
    }

    @Override
    public void hangup() {
        endDial();
        if (answered.get()) {
            leg.hangup(); // BYE
            finish(new VoiceApps.Outcome(true, answeredAt, 200, HangupBy.SYSTEM));
        } else {
            leg.reject(SipStatus.TEMPORARILY_UNAVAILABLE);
            finish(new VoiceApps.Outcome(false, null, SipStatus.TEMPORARILY_UNAVAILABLE.code(), HangupBy.SYSTEM));
        }
    }

    @Override
    public void reject(Reject.Reason reason) {
        SipStatus status = reason == Reject.Reason.BUSY ? SipStatus.BUSY_HERE : SipStatus.DECLINE;
        if (answered.get()) {
            hangup();
            return;
        }
        leg.reject(status);
        finish(new VoiceApps.Outcome(false, null, status.code(), HangupBy.SYSTEM));
    }

    /** The caller hung up (BYE on an answered call, CANCEL or a lost leg before). */
    void callerLeft(int sipCode) {
        endDial();
        finish(answered.get() ? new VoiceApps.Outcome(true, answeredAt, 200, HangupBy.CALLER)
                : new VoiceApps.Outcome(false, null, sipCode, HangupBy.CALLER));
    }

    /** How the call ended, once the interpreter is done; a call that ended otherwise is a system hang-up. */
    VoiceApps.Outcome outcome() {
        VoiceApps.Outcome o = outcome;
        if (o != null) {
            return o;
        }
        return answered.get() ? new VoiceApps.Outcome(true, answeredAt, 200, HangupBy.SYSTEM)
                : new VoiceApps.Outcome(false, null, SipStatus.TEMPORARILY_UNAVAILABLE.code(), HangupBy.SYSTEM);
    }

    /** The parent call ends: its {@code <Dial>}'s child call, if one is up or ringing, ends with it. */
    private void endDial() {
        OriginatedCall child = activeDial;
        if (child != null) {
            activeDial = null;
            child.hangup();
        }
    }

    private void finish(VoiceApps.Outcome o) {
        if (finished.compareAndSet(false, true)) {
            outcome = o;
        }
    }

    private static String rootMessage(Throwable e) {
        while (e.getCause() != null && (e instanceof java.util.concurrent.CompletionException
                || e instanceof java.util.concurrent.ExecutionException)) {
            e = e.getCause();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
