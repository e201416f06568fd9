package io.softswitch.sip;

import java.util.List;

/**
 * The leg created by an initial INVITE we received (we are its UAS). {@code 100 Trying} has
 * already been sent when the engine sees it.
 */
public interface InboundLeg extends Leg {
    /** The INVITE that created this leg. */
    SipRequest invite();

    /** Sends a provisional response (180, 183 with early media SDP). */
    void provisional(SipStatus status, SipBody body);

    /** Sends 200 OK with our Contact. */
    void answer(SipBody body);

    /** Sends a final error response with optional extra headers (Retry-After, Proxy-Authenticate...). */
    void reject(SipStatus status, List<SipHeader> headers);
}
