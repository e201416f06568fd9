package io.softswitch.media;

import java.util.concurrent.CompletionStage;

/**
 * A recording in progress on a relayed call ({@link MediaSession#startRecording}). The relay taps
 * the RTP it already forwards (PCMU and PCMA; other payloads and telephone-events are left out)
 * and places each packet by its RTP timestamp, so gaps stay gaps and both directions line up.
 * Audio reaches the file about once a second, by a writer thread, never on the packet path; the
 * header is kept valid after every write, so a crash loses at most the last second or so.
 *
 * <p>Threading: thread-safe. The recording ends with {@link #stop()} or when its session closes.
 */
public interface CallRecording {

    /** What is being recorded. */
    RecordingOptions options();

    /**
     * Ends the recording (idempotent): the rest is written, the header fixed and the file closed;
     * completes with the result, also when writing failed (see {@link RecordingResult#error()}).
     */
    CompletionStage<RecordingResult> stop();

    /** Completes like {@link #stop()} once the recording ended for any reason. */
    CompletionStage<RecordingResult> done();
}
