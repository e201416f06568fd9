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
 * {@code <Record>} records the caller on the endpoint (a beep first when asked; the silence
 * {@code timeout} ends it) and hands the WAV to a {@link RecordSink} (a Recording resource); without
 * a sink it is refused ({@link #RECORD_NOT_SUPPORTED}). {@code <Dial>} places a child call through
 * {@link Dials} and bridges it (without one, it is refused with {@link #DIAL_NOT_SUPPORTED}); the
 * child ends when this call does.
 */
final class SipCallMedia implements CallMedia {
    /** The switch's code for a {@code <Dial>} it cannot run yet (13xxx: Twilio's Dial range). */
    static final int DIAL_NOT_SUPPORTED = 13999;
    /** The switch's code for a {@code <Record>} it cannot run yet. */
    static final int RECORD_NOT_SUPPORTED = 12999;
    /** {@code <Say>} could not be synthesized (the engine failed or is missing). */
    static final int SAY_FAILED = 13520;

    /** Stores a finished {@code <Record>}'s WAV as a Recording; reports its SID, URL and duration once. */
    @FunctionalInterface
    interface RecordSink {
        void store(byte[] wav, Consumer<RecordingResult> done);
    }

    /** {@code <Record playBeep>}: 500 ms of 1 kHz at about -12 dBov, as Twilio's beep. */
    static final short[] BEEP = beep();

    private static short[] beep() {
        short[] pcm = new short[4000];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) (8000 * Math.sin(2 * Math.PI * 1000 * i / 8000.0));
        }
        return pcm;
    }

    private final TwimlLeg leg;
    private final RecordSink recordSink;
    /** The {@code <Record>} in progress: its callback, null when none; guarded by {@code this}. */
    private Consumer<RecordingResult> recording;
    private boolean recordingStarted;
    private boolean recordingTrimmed;
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
    private volatile HangupBy endingBy;

    /**
     * @param recordSink where {@code <Record>} WAVs go, or null to refuse {@code <Record>}
     * @param dials      where {@code <Dial>} places its calls, or null to refuse {@code <Dial>}
     */
    SipCallMedia(TwimlLeg leg, MediaEndpoint endpoint, SpeechSynthesizer tts, AudioFetcher audio,
            String authToken, Consumer<TwimlError> notify, RecordSink recordSink, Dials dials) {
        this.recordSink = recordSink;
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
        if (recordSink == null) {
            notify.accept(new TwimlError(RECORD_NOT_SUPPORTED, "Record: recording calls is not supported by this switch yet"));
            done.accept(new RecordingResult(null, null, Duration.ZERO));
            return;
        }
        synchronized (this) {
            recording = done;
            recordingStarted = false;
            recordingTrimmed = record.trimSilence();
        }
        Runnable start = () -> {
            synchronized (this) {
                if (recording != done) {
                    return; // stopped during the beep: nothing recorded
                }
                recordingStarted = true;
            }
            // The interpreter's own timer enforces maxLength; the endpoint's bound is a safety net.
            endpoint.startRecording(record.maxLength().plusSeconds(1), record.timeout(), this::stopRecording);
        };
        if (record.playBeep()) {
            endpoint.play(BEEP, start);
        } else {
            start.run();
        }
    }

    @Override
    public void stopRecording() {
        Consumer<RecordingResult> done;
        boolean started;
        boolean trim;
        synchronized (this) {
            done = recording;
            started = recordingStarted;
            trim = recordingTrimmed;
            recording = null;
            recordingStarted = false;
        }
        if (done == null) {
            return;
        }
        if (!started) {
            endpoint.stopPlayback();
            done.accept(new RecordingResult(null, null, Duration.ZERO));
            return;
        }
        endpoint.stopRecording().whenComplete((recorded, e) -> {
            byte[] wav = recorded == null || !trim ? recorded : trimSilence(recorded);
            if (e != null || wav == null || wav.length <= 44) {
                done.accept(new RecordingResult(null, null, Duration.ZERO));
            } else {
                recordSink.store(wav, done);
            }
        });
    }

    /**
     * {@code trim="trim-silence"}: the mono 16-bit WAV without its leading and trailing samples at
     * or below {@link MediaEndpoint#VOICE_RMS} in magnitude (all of it when nothing is louder).
     */
    static byte[] trimSilence(byte[] wav) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(wav).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int samples = (wav.length - 44) / 2;
        int first = 0;
        while (first < samples && Math.abs(b.getShort(44 + 2 * first)) <= MediaEndpoint.VOICE_RMS) {
            first++;
        }
        int end = samples;
        while (end > first && Math.abs(b.getShort(44 + 2 * (end - 1))) <= MediaEndpoint.VOICE_RMS) {
            end--;
        }
        int bytes = 2 * (end - first);
        byte[] out = new byte[44 + bytes];
        System.arraycopy(wav, 0, out, 0, 44);
        System.arraycopy(wav, 44 + 2 * first, out, 44, bytes);
        java.nio.ByteBuffer.wrap(out).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(4, 36 + bytes).putInt(40, bytes);
        return out;
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

    /**
     * The next {@link #hangup} is the switch's ({@link HangupBy#SYSTEM}, shutdown) or the REST
     * API's ({@link HangupBy#API}): an unanswered call is then refused {@code 487}, not 480.
     */
    void endingBy(HangupBy by) {
        endingBy = by;
    }

    @Override
    public void hangup() {
        HangupBy by = endingBy;
        endDial();
        if (answered.get()) {
            leg.hangup(); // BYE
            finish(new VoiceApps.Outcome(true, answeredAt, 200, by == null ? HangupBy.SYSTEM : by));
        } else {
            SipStatus status = by == null ? SipStatus.TEMPORARILY_UNAVAILABLE : SipStatus.REQUEST_TERMINATED;
            leg.reject(status);
            finish(new VoiceApps.Outcome(false, null, status.code(), by == null ? HangupBy.SYSTEM : by));
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

    /** When the call was answered; null while it rings. Any thread. */
    java.time.Instant answeredAt() {
        return answered.get() ? answeredAt : null;
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
