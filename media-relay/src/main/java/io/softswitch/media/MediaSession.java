package io.softswitch.media;

/**
 * One call's media: two legs, each with an RTP and an RTCP port on the relay.
 *
 * <p>SDP flow: when leg X sends an offer (INVITE, re-INVITE, UPDATE), call {@link #offer(Side,
 * String)} with X and its SDP and send the returned SDP to the other leg; when the other leg
 * answers, call {@link #answer(Side, String)} with that leg and send the result to X. Hold,
 * resume and address changes are just new offers. A {@link SdpResult.Rejected} leaves the
 * session unchanged; answer it with {@code 488}.
 *
 * <p>Threading: all methods are thread-safe and may be called from any thread except a media
 * event loop; each runs as one short task on the session's event loop and waits for it.
 */
public interface MediaSession {

    /** The label given at creation (for example the call's SID), for logs and events. */
    String label();

    /** The relay's RTP port that leg {@code leg} sends to (its RTCP port is this + 1). */
    int localRtpPort(Side leg);

    /** Applies an SDP offer sent by {@code from}; returns the SDP to send to the other leg. */
    SdpResult offer(Side from, String sdp);

    /** Applies an SDP answer sent by {@code from}; returns the SDP to send to the offering leg. */
    SdpResult answer(Side from, String sdp);

    /**
     * Sets leg {@code leg}'s media encryption for the SDP exchanged from now on (the session starts
     * with its {@link SessionOptions}); e.g. a failover to a carrier with another
     * {@code media_encryption}, followed by a new offer to it.
     */
    void encryption(Side leg, MediaEncryption encryption);

    /**
     * Starts recording the G.711 audio this session forwards, in both directions, into a new WAV file
     * ({@link CallRecording}). Costs nothing while no recording runs. A session records at most once at
     * a time: a second call while one runs is an {@link IllegalStateException}.
     *
     * @throws java.io.IOException when the file cannot be created
     */
    CallRecording startRecording(RecordingOptions options) throws java.io.IOException;

    /** Statistics so far. */
    MediaStats stats();

    /**
     * Stops relaying, releases the ports (into quarantine) and returns the final statistics.
     * Idempotent: later calls return the same statistics.
     */
    MediaStats close();

    /** True once {@link #close()} was called. */
    boolean isClosed();
}
