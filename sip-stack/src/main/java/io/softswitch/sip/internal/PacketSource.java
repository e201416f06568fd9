package io.softswitch.sip.internal;

import gov.nist.javax.sip.message.SIPMessage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import javax.sip.message.Request;

/**
 * Where a received request came from: the packet's source address and port as the socket saw them
 * (never the Via, never text parsed again later). Taken once per request; {@link RequestScreen}
 * keys its per-source defence on it and {@link io.softswitch.sip.SipRequest#source()} carries it
 * to the call engine.
 */
final class PacketSource {
    /** What a request not read from a socket (never the case in the stack) is said to come from. */
    static final InetSocketAddress UNKNOWN = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private PacketSource() {
    }

    static InetSocketAddress of(Request request) {
        if (request instanceof SIPMessage m) {
            InetAddress a = m.getPeerPacketSourceAddress();
            int port = m.getPeerPacketSourcePort();
            if (a == null) {
                a = m.getRemoteAddress();
                port = m.getRemotePort();
            }
            if (a != null) {
                return new InetSocketAddress(a, Math.max(port, 0));
            }
        }
        return UNKNOWN;
    }
}
