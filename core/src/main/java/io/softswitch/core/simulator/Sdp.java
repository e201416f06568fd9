package io.softswitch.core.simulator;

import java.util.ArrayList;
import java.util.List;

/** The simulator's SDP: answers take the first offered audio codec (and telephone-event). */
final class Sdp {
    private Sdp() {
    }

    /** Our offer when the INVITE had none: PCMU and RFC 4733 events. */
    static String offer(String host, int port) {
        return body(host, port, List.of("0", "101"), List.of("a=rtpmap:0 PCMU/8000", "a=rtpmap:101 telephone-event/8000",
                "a=fmtp:101 0-15"));
    }

    /** An answer to {@code offer}, or null when it has no usable audio line. */
    static String answer(String offer, String host, int port) {
        String audio = null;
        List<String> attrs = new ArrayList<>();
        boolean inAudio = false;
        for (String line : offer.split("\r?\n")) {
            if (line.startsWith("m=")) {
                inAudio = audio == null && line.startsWith("m=audio ");
                if (inAudio) {
                    audio = line;
                }
            } else if (inAudio && (line.startsWith("a=rtpmap:") || line.startsWith("a=fmtp:"))) {
                attrs.add(line.trim());
            }
        }
        if (audio == null) {
            return null;
        }
        String[] parts = audio.trim().split(" +");
        if (parts.length < 4) {
            return null;
        }
        String codec = parts[3];
        List<String> pts = new ArrayList<>(List.of(codec));
        String event = null;
        for (String a : attrs) {
            if (a.toLowerCase().contains("telephone-event")) {
                event = a.substring("a=rtpmap:".length(), a.indexOf(' '));
            }
        }
        if (event != null && !event.equals(codec)) {
            pts.add(event);
        }
        List<String> keep = new ArrayList<>();
        for (String a : attrs) {
            String pt = a.substring(a.indexOf(':') + 1, a.indexOf(' ') > 0 ? a.indexOf(' ') : a.length());
            if (pts.contains(pt)) {
                keep.add(a);
            }
        }
        return body(host, port, pts, keep);
    }

    private static String body(String host, int port, List<String> pts, List<String> attrs) {
        StringBuilder sb = new StringBuilder();
        sb.append("v=0\r\n")
                .append("o=simulator 1 1 IN IP4 ").append(host).append("\r\n")
                .append("s=softswitch simulator\r\n")
                .append("c=IN IP4 ").append(host).append("\r\n")
                .append("t=0 0\r\n")
                .append("m=audio ").append(port).append(" RTP/AVP ").append(String.join(" ", pts)).append("\r\n");
        for (String a : attrs) {
            sb.append(a).append("\r\n");
        }
        sb.append("a=sendrecv\r\n");
        return sb.toString();
    }
}
