package io.softswitch.media;

/**
 * How the relay chooses where to send media for one leg (symmetric RTP, "latching"). Chosen per
 * trunk by the call engine. The same rule applies to the leg's RTP and RTCP sockets separately.
 */
public enum LatchingMode {
    /**
     * No latching: always send to the address and port from the leg's SDP. Packets from any
     * source are relayed.
     */
    OFF,
    /**
     * Default. Accept packets only from the IP address in the leg's SDP (any port) and send to the
     * source of the latest such packet; until one arrives, send to the SDP address and port.
     * Packets from any other IP are dropped, so a third party cannot hijack the stream.
     */
    SIGNALLED_IP,
    /**
     * For endpoints behind NAT whose SDP carries a private address. The first source seen within
     * the latch window (setting {@code natLatchWindow}, counted from the leg's latest SDP) is
     * latched, whatever its IP. Afterwards a different source is accepted (and latched) only if
     * it comes from the SDP address or if its packets carry the latched source's SSRC (a NAT
     * rebinding keeps the SSRC); everything else is dropped.
     */
    NAT
}
