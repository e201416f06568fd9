package io.softswitch.core.call;

import io.softswitch.media.MediaEncryption;
import io.softswitch.media.Side;
import io.softswitch.sip.SipStatus;

/**
 * Media for calls, as the engine needs it: a session per call that rewrites every SDP so media
 * flows through the relay. Implemented over the media-relay module.
 */
public interface MediaBridge {
    /**
     * Opens a session for a call.
     *
     * @throws MediaException when no relay ports are free (the engine answers {@code 503})
     */
    Session open(String label, boolean latchA, boolean latchB, Runnable onTimeout) throws MediaException;

    /** One call's media. Methods are called on the call's stripe, one at a time. */
    interface Session {
        /** Applies an offer from {@code from}; returns the SDP to send to the other side. */
        String offer(Side from, String sdp) throws MediaException;

        /** Applies an answer from {@code from}; returns the SDP to send to the other side. */
        String answer(Side from, String sdp) throws MediaException;

        /**
         * Statistics so far, per leg, or null when media does not pass through us; any thread (the
         * console reads it off the call's stripe).
         */
        default LiveMedia live() {
            return null;
        }

        /**
         * Sets the media encryption leg {@code leg} must use in the SDP exchanged from now on
         * ({@link MediaEncryption#NONE} at open): SDES makes a plain offer or answer from that leg
         * a {@code 488} and, on a relay, offers it SRTP.
         */
        void encryption(Side leg, MediaEncryption encryption);

        /**
         * Starts recording the call's relayed audio (the relay taps what it forwards; see
         * {@link io.softswitch.media.CallRecording}); the recording ends at {@link #close()} at the latest.
         *
         * @throws java.io.IOException when the file cannot be created or the media is not relayed
         */
        default io.softswitch.media.CallRecording record(io.softswitch.media.RecordingOptions options)
                throws java.io.IOException {
            throw new java.io.IOException("media is not relayed (media.mode: bypass): nothing to record");
        }

        /** Releases the ports; returns a summary for the call record. Idempotent. */
        MediaSummary close();
    }

    /** Why media could not be set up: {@code status} is the SIP status to answer (488 bad SDP, 503 no ports). */
    final class MediaException extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient SipStatus status;

        public MediaException(SipStatus status, String message) {
            super(message);
            this.status = status;
        }

        public SipStatus status() {
            return status;
        }
    }
}
