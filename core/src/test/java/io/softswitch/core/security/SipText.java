package io.softswitch.core.security;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Just enough SIP text handling for the raw test peers: header values and a response to a request. */
final class SipText {
    private static final Pattern STATUS = Pattern.compile("^SIP/2\\.0 (\\d{3})");

    private SipText() {
    }

    /** The status code of a response, or 0 for a request. */
    static int status(String msg) {
        Matcher m = STATUS.matcher(msg);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** The status line of a response without "SIP/2.0 ", e.g. {@code 403 Forbidden}. */
    static String statusLine(String msg) {
        int eol = msg.indexOf('\r');
        return msg.substring("SIP/2.0 ".length(), eol < 0 ? msg.length() : eol);
    }

    /** Every value of header {@code name} (full name; compact forms are not expanded), in order. */
    static List<String> headers(String msg, String name) {
        List<String> out = new ArrayList<>();
        int end = msg.indexOf("\r\n\r\n");
        for (String line : (end < 0 ? msg : msg.substring(0, end)).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                out.add(line.substring(colon + 1).trim());
            }
        }
        return out;
    }

    static String header(String msg, String name) {
        List<String> all = headers(msg, name);
        return all.isEmpty() ? null : all.get(0);
    }

    /** A response to {@code request} (RFC 3261 §8.2.6.2: Vias, From, To with our tag, Call-ID, CSeq copied). */
    static String response(String request, String status, String toTag) {
        StringBuilder b = new StringBuilder("SIP/2.0 ").append(status).append("\r\n");
        for (String via : headers(request, "Via")) {
            b.append("Via: ").append(via).append("\r\n");
        }
        String to = header(request, "To");
        if (toTag != null && !to.contains(";tag=")) {
            to = to + ";tag=" + toTag;
        }
        b.append("From: ").append(header(request, "From")).append("\r\n")
                .append("To: ").append(to).append("\r\n")
                .append("Call-ID: ").append(header(request, "Call-ID")).append("\r\n")
                .append("CSeq: ").append(header(request, "CSeq")).append("\r\n")
                .append("Content-Length: 0\r\n\r\n");
        return b.toString();
    }
}
