package io.softswitch.media;

import java.util.Objects;

/** The outcome of applying one leg's SDP: the SDP to send to the other leg, or why not. */
public sealed interface SdpResult {

    /** The SDP to send to the other leg, rewritten so its media flows through the relay. */
    record Rewritten(String sdp) implements SdpResult {
        public Rewritten {
            Objects.requireNonNull(sdp, "sdp");
        }
    }

    /**
     * The SDP was malformed or not acceptable (no audio, answer without offer...). The call engine
     * answers {@code 488 Not Acceptable Here} with {@link #reason()} in a {@code Warning}/{@code
     * Reason} header; the session keeps its previous state.
     */
    record Rejected(String reason) implements SdpResult {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
