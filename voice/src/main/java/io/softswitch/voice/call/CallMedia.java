package io.softswitch.voice.call;

import io.softswitch.voice.twiml.Dial;
import io.softswitch.voice.twiml.Record;
import io.softswitch.voice.twiml.Reject;
import io.softswitch.voice.twiml.Say;
import io.softswitch.voice.twiml.TwimlError;
import java.net.URI;
import java.util.function.Consumer;

/**
 * The call as the interpreter drives it: signalling (answer, reject, hang up, dial) and media (say,
 * play, send digits, record). Core implements it over its SIP leg and a media-relay endpoint.
 *
 * <p>Contract: every method returns at once; completions may be called on any thread, at most
 * once, and are ignored by the interpreter once the operation was stopped or the call ended.
 * Digits the caller sends reach the interpreter through {@link TwimlCall#onDigit}, not through
 * this port.
 */
public interface CallMedia {

    /** Completion of one media operation: {@code error} is {@code null} on success. */
    @FunctionalInterface
    interface Completion {
        void done(TwimlError error);
    }

    /** Answers the call (200 OK) if it is not answered yet. */
    void answer();

    /** Speaks {@code say.text()} once in {@code say.voice()}/{@code say.language()}. */
    void say(Say say, Completion done);

    /** Plays the audio at {@code url} once (WAV PCM or G.711); a fetch or format error is the completion's error. */
    void play(URI url, Completion done);

    /** Sends DTMF digits as RFC 4733 events ({@code w}: wait half a second). */
    void sendDigits(String digits, Completion done);

    /** Stops the say/play in progress (a digit barged in); its completion need not be called. */
    void stopPrompt();

    /**
     * Records the caller (beep first if {@code record.playBeep()}) until {@link #stopRecording}, the
     * silence {@code record.timeout()} or a hang-up; then reports the recording once.
     */
    void record(Record record, Consumer<RecordingResult> done);

    /** Ends the recording in progress; its result still arrives through the {@code record} callback. */
    void stopRecording();

    /** Calls the dial's targets, bridges the first that answers, reports when that leg ends. */
    void dial(Dial dial, Consumer<DialResult> done);

    /** Ends the call. */
    void hangup();

    /** Refuses the unanswered call (486 for busy, 603 for rejected). */
    void reject(Reject.Reason reason);
}
