package io.softswitch.core.warmup.internal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Just enough of a SIP message in text (RFC 3261 §7) for the warm-up's two loopback endpoints: the
 * start line, the headers by name (compact forms included, §7.3.3) and the body. Anything it cannot
 * read yields null fields, never an exception: the endpoints drop such datagrams.
 */
final class SipText {
    final String startLine;
    final List<String> headerLines;
    final String body;

    private SipText(String startLine, List<String> headerLines, String body) {
        this.startLine = startLine;
        this.headerLines = headerLines;
        this.body = body;
    }

    /** The message, or null when {@code text} has no start line and header block. */
    static SipText parse(String text) {
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return null;
        }
        String[] lines = text.substring(0, end).split("\r\n");
        if (lines.length < 2) {
            return null;
        }
        List<String> headers = new ArrayList<>(lines.length - 1);
        for (int i = 1; i < lines.length; i++) {
            headers.add(lines[i]);
        }
        return new SipText(lines[0], headers, text.substring(end + 4));
    }

    boolean isResponse() {
        return startLine.startsWith("SIP/2.0 ");
    }

    /** The status code of a response, or -1. */
    int status() {
        if (!isResponse() || startLine.length() < 11) {
            return -1;
        }
        try {
            return Integer.parseInt(startLine.substring(8, 11));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The method of a request. */
    String method() {
        int sp = startLine.indexOf(' ');
        return sp < 0 ? "" : startLine.substring(0, sp);
    }

    /** Every line of header {@code name} (long or compact form), whole ({@code Name: value}). */
    List<String> lines(String name, String compact) {
        List<String> out = new ArrayList<>(2);
        for (String l : headerLines) {
            int colon = l.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String n = l.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            if (n.equals(name) || n.equals(compact)) {
                out.add(l);
            }
        }
        return out;
    }

    /** The value of the first header {@code name} (long or compact form), trimmed; null when absent. */
    String value(String name, String compact) {
        List<String> l = lines(name, compact);
        return l.isEmpty() ? null : l.get(0).substring(l.get(0).indexOf(':') + 1).trim();
    }

    String callId() {
        return value("call-id", "i");
    }

    /** The method of the CSeq header, or null. */
    String cseqMethod() {
        String v = value("cseq", "cseq");
        int sp = v == null ? -1 : v.lastIndexOf(' ');
        return sp < 0 ? null : v.substring(sp + 1).trim();
    }

    /** The URI inside the first {@code <...>} of header {@code name}, or null. */
    String uriOf(String name, String compact) {
        String v = value(name, compact);
        int lt = v == null ? -1 : v.indexOf('<');
        int gt = lt < 0 ? -1 : v.indexOf('>', lt);
        return gt < 0 ? null : v.substring(lt + 1, gt);
    }

    /** The port of the first {@code m=audio} line of an SDP body, or -1. */
    int audioPort() {
        for (String l : body.split("\r?\n")) {
            if (l.startsWith("m=audio ")) {
                String[] f = l.split(" ");
                try {
                    return Integer.parseInt(f[1]);
                } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    /** {@code host} as it goes in a SIP URI or Via: an IPv6 literal in brackets (RFC 3261 §25.1). */
    static String host(InetAddress a) {
        return a instanceof Inet6Address ? "[" + a.getHostAddress() + "]" : a.getHostAddress();
    }

    /** A minimal SDP (RFC 4566) for one PCMU audio stream at {@code address}:{@code port}. */
    static String sdp(String user, InetAddress address, int port) {
        String ip = (address instanceof Inet6Address ? "IP6 " : "IP4 ") + address.getHostAddress();
        return "v=0\r\n"
                + "o=" + user + " 1 1 IN " + ip + "\r\n"
                + "s=-\r\n"
                + "c=IN " + ip + "\r\n"
                + "t=0 0\r\n"
                + "m=audio " + port + " RTP/AVP 0 101\r\n"
                + "a=rtpmap:0 PCMU/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\n";
    }
}
