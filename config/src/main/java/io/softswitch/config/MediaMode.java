package io.softswitch.config;

/** Whether the daemon's RTP relay carries the media of its calls. */
public enum MediaMode {
    /** Every call's SDP points at the relay; RTP flows through it (statistics, latching, timeouts). */
    RELAY,
    /**
     * SDP passes unchanged and RTP flows end to end between the PBX and the carrier: no relay ports,
     * no media statistics, no RTP timeout. For signalling-only deployments and load tests.
     */
    BYPASS
}
