package io.softswitch.media.internal.sdp;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;

/**
 * Rewrites one leg's SDP into the SDP sent to the other leg, so the media flows through the relay
 * (RFC 3264 offer/answer; RFC 8866 syntax):
 * <ul>
 *   <li>{@code o=}: username {@code -}, our own session id and version per receiving leg
 *       ({@link Origin}), the version incremented whenever the rest of the body changes (RFC 3264
 *       section 8), and the relay's address: nothing of the sender's origin (its user, address or
 *       product name) reaches the other leg (topology hiding);</li>
 *   <li>{@code s=}: {@code -} (RFC 8866 section 5.3, no session name), for the same reason;</li>
 *   <li>{@code c=}: the relay's advertised address, except the hold address {@code 0.0.0.0} /
 *       {@code ::} which is kept (RFC 3264 section 8.4, the RFC 2543 form of hold);</li>
 *   <li>the first {@code m=audio}: the relay's RTP port (port 0 stays 0), {@code a=rtcp} the relay's
 *       RTCP port (RFC 3605); payload types, rtpmap, fmtp, telephone-event and direction
 *       attributes are kept;</li>
 *   <li>every other {@code m=} line (video, a second audio...): port 0, i.e. disabled;</li>
 *   <li>ICE attributes (RFC 8839) and {@code a=rtcp-mux} (RFC 5761) are dropped: the relay is the
 *       peer's only candidate and uses separate RTCP ports;</li>
 *   <li>{@code a=crypto} (RFC 4568) is always dropped: SRTP ends at the relay, each leg gets the
 *       relay's own keys ({@link Audio#crypto()}), never the other leg's.</li>
 * </ul>
 */
public final class SdpRewriter {
    private SdpRewriter() {
    }

    /**
     * @param sdp the SDP received from one leg
     * @param relayAddress the relay's advertised address
     * @param relayRtpPort the relay's RTP port facing the receiving leg (RTCP is this + 1)
     * @param origin the origin state of the receiving leg, updated here
     */
    public static String rewrite(SessionDescription sdp, InetAddress relayAddress, int relayRtpPort, Origin origin) {
        return rewrite(sdp, relayAddress, relayRtpPort, origin, Audio.KEEP);
    }

    /**
     * What the relay sets on the relayed audio stream for the receiving leg.
     *
     * @param proto the transport protocol ({@code RTP/AVP}, {@code RTP/SAVP}...), or null to keep the sender's
     * @param crypto {@code a=crypto} lines for the receiving leg (the relay's keys), in order
     */
    public record Audio(String proto, List<String> crypto) {
        public static final Audio KEEP = new Audio(null, List.of());

        public Audio {
            crypto = List.copyOf(crypto);
        }
    }

    /** As {@link #rewrite(SessionDescription, InetAddress, int, Origin)}, with the audio stream's SRTP. */
    public static String rewrite(SessionDescription sdp, InetAddress relayAddress, int relayRtpPort, Origin origin,
            Audio audio) {
        String connection = "IN " + addressType(relayAddress) + " " + literal(relayAddress);
        StringBuilder body = new StringBuilder(512);
        for (String line : sdp.sessionLines()) {
            if (line.startsWith("v=") || line.startsWith("o=") || isDropped(line)) {
                continue;
            }
            appendLine(body, line.startsWith("c=") ? connectionLine(line, connection)
                    : line.startsWith("s=") ? "s=-" : line);
        }
        List<MediaSection> media = sdp.media();
        for (int i = 0; i < media.size(); i++) {
            MediaSection section = media.get(i);
            boolean relayed = i == sdp.audioIndex() && section.port() != 0;
            int port = relayed ? relayRtpPort : 0;
            boolean audioStream = i == sdp.audioIndex();
            String proto = audioStream && audio.proto() != null ? audio.proto() : section.proto();
            body.append("m=").append(section.type()).append(' ').append(port)
                    .append(relayed ? section.portCount() : "").append(' ').append(proto);
            for (String format : section.formats()) {
                body.append(' ').append(format);
            }
            body.append("\r\n");
            for (String line : section.lines()) {
                if (isDropped(line)) {
                    continue;
                }
                if (line.startsWith("a=rtcp:")) {
                    if (relayed) {
                        appendLine(body, "a=rtcp:" + (relayRtpPort + 1));
                    }
                } else if (line.startsWith("c=")) {
                    appendLine(body, connectionLine(line, connection));
                } else {
                    appendLine(body, line);
                }
            }
            if (audioStream) {
                for (String line : audio.crypto()) {
                    appendLine(body, line);
                }
            }
        }
        String rest = body.toString();
        int version = origin.versionFor(rest);
        return "v=0\r\no=- " + origin.sessionId() + " " + version
                + " " + connection + "\r\n" + rest;
    }

    private static boolean isDropped(String line) {
        return line.startsWith("a=ice-") || line.startsWith("a=candidate:") || line.startsWith("a=remote-candidates:")
                || line.equals("a=end-of-candidates") || line.equals("a=rtcp-mux") || line.equals("a=rtcp-mux-only")
                || line.startsWith("a=crypto:");
    }

    private static String connectionLine(String line, String relay) {
        String[] f = line.substring(2).split(" ");
        String address = f.length == 3 ? f[2] : "";
        if (address.equals("0.0.0.0") || address.equals("::") || address.equals("0:0:0:0:0:0:0:0")) {
            return line; // hold: the other side must not send
        }
        return "c=" + relay;
    }

    private static void appendLine(StringBuilder body, String line) {
        body.append(line).append("\r\n");
    }

    private static String addressType(InetAddress address) {
        return address instanceof Inet6Address ? "IP6" : "IP4";
    }

    private static String literal(InetAddress address) {
        String text = address.getHostAddress();
        int scope = text.indexOf('%');
        return scope >= 0 ? text.substring(0, scope) : text;
    }
}
