package io.softswitch.core.voice;

import io.softswitch.media.endpoint.Codec;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the switch needs of a caller's SDP offer to answer it itself: where to send RTP, the G.711
 * codec to use (PCMU preferred, else PCMA, in the caller's order), the RFC 4733
 * telephone-event payload type and the SDES keys offered (RFC 4568); and the SDP answer pointing
 * at the switch's endpoint.
 *
 * @param telephoneEvent the offered telephone-event payload type, or -1 when none was offered
 * @param secureProfile  the audio stream's profile is {@code RTP/SAVP} (or {@code RTP/SAVPF})
 * @param crypto         the audio stream's {@code a=crypto} lines in the offer's order, empty for none
 */
record AudioOffer(InetSocketAddress remote, Codec codec, int telephoneEvent, boolean secureProfile,
        List<String> crypto) {
    AudioOffer {
        crypto = List.copyOf(crypto);
    }

    /** A plain RTP offer. */
    AudioOffer(InetSocketAddress remote, Codec codec, int telephoneEvent) {
        this(remote, codec, telephoneEvent, false, List.of());
    }

    /** The caller offered SRTP: a secure profile or SDES keys (RFC 4568 section 5 allows both with RTP/AVP). */
    boolean offersSrtp() {
        return secureProfile || !crypto.isEmpty();
    }

    /** The offer's audio, or null when it has no usable audio stream (no m=audio, no PCMU/PCMA). */
    static AudioOffer parse(String sdp) {
        if (sdp == null) {
            return null;
        }
        String sessionAddress = null;
        String mediaAddress = null;
        int port = -1;
        List<Integer> formats = new ArrayList<>();
        int event = -1;
        boolean inAudio = false;
        boolean secure = false;
        List<String> crypto = new ArrayList<>();
        for (String raw : sdp.split("\r?\n")) {
            String line = raw.trim();
            if (line.startsWith("m=")) {
                inAudio = false;
                String[] f = line.substring(2).split("\\s+");
                String proto = f.length >= 4 ? f[2].toUpperCase(Locale.ROOT) : "";
                if (port < 0 && f.length >= 4 && f[0].equals("audio")
                        && (proto.startsWith("RTP/AVP") || proto.startsWith("RTP/SAVP"))) {
                    try {
                        secure = proto.startsWith("RTP/SAVP");
                        port = Integer.parseInt(f[1]);
                        for (int i = 3; i < f.length; i++) {
                            formats.add(Integer.parseInt(f[i]));
                        }
                        inAudio = true;
                    } catch (NumberFormatException e) {
                        return null;
                    }
                }
            } else if (line.startsWith("c=")) {
                String[] f = line.substring(2).split("\\s+");
                String address = f.length >= 3 ? f[2].split("/")[0] : null;
                if (port < 0 && !inAudio) {
                    sessionAddress = address;
                } else if (inAudio) {
                    mediaAddress = address;
                }
            } else if (inAudio && line.startsWith("a=crypto:")) {
                crypto.add(line);
            } else if (inAudio && line.toLowerCase(Locale.ROOT).startsWith("a=rtpmap:")
                    && line.toLowerCase(Locale.ROOT).contains("telephone-event/8000")) {
                try {
                    event = Integer.parseInt(line.substring(9).split("\\s+")[0]);
                } catch (NumberFormatException e) {
                    event = -1;
                }
            }
        }
        String address = mediaAddress != null ? mediaAddress : sessionAddress;
        if (port <= 0 || port > 65535 || address == null || !(address.indexOf(':') >= 0 || Character.isDigit(address.charAt(0)))) {
            return null; // literal addresses only: never resolve names from a message
        }
        Codec codec = null;
        for (int pt : formats) {
            if (pt == Codec.PCMU.payloadType() || pt == Codec.PCMA.payloadType()) {
                codec = pt == Codec.PCMU.payloadType() ? Codec.PCMU : Codec.PCMA;
                break;
            }
        }
        if (codec == null) {
            return null;
        }
        return new AudioOffer(new InetSocketAddress(address, port), codec, formats.contains(event) ? event : -1, secure,
                crypto);
    }

    /** The switch's own offer for an endpoint at {@code local}: {@code codec} and telephone-event 101. */
    static String offer(InetSocketAddress local, Codec codec, long sessionId) {
        return new AudioOffer(local, codec, 101).answer(local, sessionId);
    }

    /** The SDP answer: the codec (and telephone-event when offered) at {@code local}, plain RTP. */
    String answer(InetSocketAddress local, long sessionId) {
        return answer(local, sessionId, null);
    }

    /**
     * The SDP answer: the codec (and telephone-event when offered) at {@code local}; with {@code
     * cryptoLine} (our SDES key) it carries that key, in the offer's profile (RTP/SAVP, or RTP/AVP
     * with a=crypto as RFC 4568 section 3.1.4 allows); else plain {@code RTP/AVP}.
     */
    String answer(InetSocketAddress local, long sessionId, String cryptoLine) {
        String ip = local.getAddress().getHostAddress();
        String family = ip.indexOf(':') >= 0 ? "IP6" : "IP4";
        StringBuilder sb = new StringBuilder()
                .append("v=0\r\n")
                .append("o=softswitch ").append(sessionId).append(' ').append(sessionId).append(" IN ").append(family)
                .append(' ').append(ip).append("\r\n")
                .append("s=softswitch\r\n")
                .append("c=IN ").append(family).append(' ').append(ip).append("\r\n")
                .append("t=0 0\r\n")
                .append("m=audio ").append(local.getPort()).append(secureProfile && cryptoLine != null ? " RTP/SAVP " : " RTP/AVP ")
                .append(codec.payloadType());
        if (telephoneEvent >= 0) {
            sb.append(' ').append(telephoneEvent);
        }
        sb.append("\r\n").append("a=rtpmap:").append(codec.payloadType()).append(codec == Codec.PCMU ? " PCMU/8000" : " PCMA/8000")
                .append("\r\n");
        if (telephoneEvent >= 0) {
            sb.append("a=rtpmap:").append(telephoneEvent).append(" telephone-event/8000\r\n")
                    .append("a=fmtp:").append(telephoneEvent).append(" 0-16\r\n");
        }
        if (cryptoLine != null) {
            sb.append(cryptoLine).append("\r\n");
        }
        sb.append("a=ptime:20\r\n").append("a=sendrecv\r\n");
        return sb.toString();
    }
}
