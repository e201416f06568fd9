package io.softswitch.sip.internal;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Checks on the raw bytes of a request that JAIN-SIP's lenient parser cannot see because it
 * normalizes them away: request-line whitespace, unbracketed IPv6 hosts, repeated singular header
 * fields, unquoted display names with separators, whitespace inside {@code <...>}, URI headers in an
 * unbracketed Contact, bodies shorter than {@code Content-Length} and a SIP-Version other than 2.0.
 * Each finding is a {@code 400} (RFC 3261 §21.4.1), or a {@code 505} for the version (§21.5.6).
 * Never throws; responses and unparseable heads are left to the stack.
 */
final class RawMessageChecks {
    /** Header fields that may appear once (RFC 3261 §7.3.1, §20), keyed by full and compact name. */
    private static final Map<String, String> SINGULAR = Map.ofEntries(
            Map.entry("call-id", "Call-ID"), Map.entry("i", "Call-ID"),
            Map.entry("cseq", "CSeq"),
            Map.entry("from", "From"), Map.entry("f", "From"),
            Map.entry("to", "To"), Map.entry("t", "To"),
            Map.entry("max-forwards", "Max-Forwards"),
            Map.entry("content-length", "Content-Length"), Map.entry("l", "Content-Length"),
            Map.entry("content-type", "Content-Type"), Map.entry("c", "Content-Type"));
    /** Header fields whose values are name-addr / addr-spec (RFC 3261 §20.10, §20.20, §20.39). */
    private static final Map<String, String> ADDRESS = Map.of("from", "From", "f", "From", "to", "To", "t", "To",
            "contact", "Contact", "m", "Contact");

    private static final String BAD_VERSION = "SIP-Version";

    private RawMessageChecks() {
    }

    static Optional<Rejection> check(byte[] message) {
        return check(message, true);
    }

    /** As {@link #check(byte[])}; {@code withBody} false skips the body-length check (stream framing). */
    static Optional<Rejection> check(byte[] message, boolean withBody) {
        try {
            String problem = findProblem(message, withBody);
            if (problem == null) {
                return Optional.empty();
            }
            return Optional.of(problem.equals(BAD_VERSION) ? Rejection.of(505, "Version Not Supported")
                    : Rejection.of(400, problem));
        } catch (RuntimeException e) {
            return Optional.of(Rejection.of(400, "Malformed Request"));
        }
    }

    /**
     * The problem in {@code message}, or null. Straight from the bytes, with no copy of the head:
     * this runs for every request received (issue 15, allocation per message). A head with
     * continuation lines (rare) is framed first ({@link SipHead#frame}) and checked line by line.
     * The head is decoded as ISO-8859-1 in both cases, so byte {@code b} is char {@code b & 0xFF}.
     */
    static String findProblem(byte[] message, boolean withBody) {
        int length = message.length;
        int from = SipHead.start(message, length);
        if (from >= length || SipHead.startsWith(message, from, length, "SIP/")) {
            return null; // a response, or nothing: the stack decides
        }
        if (SipHead.hasContinuation(message, from, length)) {
            return findProblem(SipHead.frame(message, length), length, withBody);
        }
        int lf = SipHead.lineFeed(message, from, length);
        String problem = requestLine(message, from, SipHead.lineEnd(message, from, lf, length));
        if (problem != null) {
            return problem;
        }
        int seen = 0; // bit per singular header field
        long contentLength = -1;
        int bodyStart = length;
        for (from = lf + 1; from < length; from = lf + 1) {
            lf = SipHead.lineFeed(message, from, length);
            int end = SipHead.lineEnd(message, from, lf, length);
            if (end == from && lf < length) {
                bodyStart = lf + 1; // the empty line
                break;
            }
            int colon = SipHead.indexOf(message, from, end, ':');
            if (colon <= from) {
                continue; // the stack reports header lines without a colon
            }
            int kind = kind(message, SipHead.trimStart(message, from, colon), SipHead.trimEnd(message, from, colon));
            if (kind < 0) {
                continue; // nothing to check: nothing decoded
            }
            int valueFrom = SipHead.trimStart(message, colon + 1, end);
            int valueTo = SipHead.trimEnd(message, valueFrom, end);
            String singular = KINDS[kind][1];
            String address = KINDS[kind][2];
            if (singular != null) {
                int bit = 1 << SINGULAR_BITS.indexOf(singular);
                if ((seen & bit) != 0) {
                    return "Duplicate " + singular + " Header";
                }
                seen |= bit;
            }
            if (address != null && !nameAddrOk(new String(message, valueFrom, valueTo - valueFrom,
                    StandardCharsets.ISO_8859_1), address.equals("Contact"))) {
                return "Malformed " + address + " Header";
            }
            if ("Content-Length".equals(singular) && isDigits(message, valueFrom, valueTo, 9)) {
                contentLength = digits(message, valueFrom, valueTo);
            }
        }
        return bodyProblem(withBody, contentLength, length, bodyStart);
    }

    /** {@link #findProblem(byte[], boolean)} by way of {@link SipHead#frame}, whatever the head: the reference. */
    static String findProblemFramed(byte[] message, boolean withBody) {
        SipHead head = SipHead.frame(message, message.length);
        List<String> lines = head.lines();
        if (lines.isEmpty() || lines.get(0).startsWith("SIP/")) {
            return null;
        }
        return findProblem(head, message.length, withBody);
    }

    /** The same checks on a framed head (continuation lines joined). */
    private static String findProblem(SipHead head, int length, boolean withBody) {
        List<String> lines = head.lines();
        String problem = requestLine(lines.get(0));
        if (problem != null) {
            return problem;
        }
        Map<String, Integer> seen = new HashMap<>();
        long contentLength = -1;
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue; // the stack reports header lines without a colon
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String singular = SINGULAR.get(name);
            String address = ADDRESS.get(name);
            if (singular == null && address == null) {
                continue;
            }
            String value = line.substring(colon + 1).trim();
            if (singular != null && seen.merge(singular, 1, Integer::sum) > 1) {
                return "Duplicate " + singular + " Header";
            }
            if (address != null && !nameAddrOk(value, address.equals("Contact"))) {
                return "Malformed " + address + " Header";
            }
            if (singular != null && singular.equals("Content-Length") && isDigits(value, 9)) {
                contentLength = Long.parseLong(value);
            }
        }
        return bodyProblem(withBody, contentLength, length, head.bodyStart());
    }

    private static String bodyProblem(boolean withBody, long contentLength, int length, int bodyStart) {
        if (withBody && contentLength > 0 && length - bodyStart < contentLength) {
            // RFC 3261 §18.3: a datagram whose body is shorter than Content-Length is rejected.
            return "Content-Length Exceeds Body";
        }
        return null;
    }

    /** Header names checked here, lower case: {name, singular field or null, address field or null}. */
    private static final String[][] KINDS = {
        {"call-id", "Call-ID", null}, {"i", "Call-ID", null},
        {"cseq", "CSeq", null},
        {"from", "From", "From"}, {"f", "From", "From"},
        {"to", "To", "To"}, {"t", "To", "To"},
        {"max-forwards", "Max-Forwards", null},
        {"content-length", "Content-Length", null}, {"l", "Content-Length", null},
        {"content-type", "Content-Type", null}, {"c", "Content-Type", null},
        {"contact", null, "Contact"}, {"m", null, "Contact"},
    };
    private static final List<String> SINGULAR_BITS = List.of("Call-ID", "CSeq", "From", "To", "Max-Forwards",
            "Content-Length", "Content-Type");

    /** The index in {@link #KINDS} of the header name in {@code [from, to)} (any case), or -1. */
    private static int kind(byte[] b, int from, int to) {
        for (int k = 0; k < KINDS.length; k++) {
            String name = KINDS[k][0];
            if (name.length() == to - from && SipHead.equalsIgnoreCase(b, from, name)) {
                return k;
            }
        }
        return -1;
    }

    private static boolean isDigits(byte[] b, int from, int to, int max) {
        if (to == from || to - from > max) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return false;
            }
        }
        return true;
    }

    private static long digits(byte[] b, int from, int to) {
        long n = 0;
        for (int i = from; i < to; i++) {
            n = n * 10 + (b[i] - '0');
        }
        return n;
    }

    /**
     * {@link #requestLine(String)} on the bytes {@code [from, end)}: RFC 3261 §25.1, three fields
     * separated by single spaces, trailing whitespace tolerated.
     */
    private static String requestLine(byte[] b, int from, int end) {
        while (end > from && (b[end - 1] == ' ' || b[end - 1] == '\t')) {
            end--;
        }
        if (SipHead.indexOf(b, from, end, '\t') >= 0) {
            return "Malformed Request-Line";
        }
        int sp1 = SipHead.indexOf(b, from, end, ' ');
        int sp2 = sp1 < 0 ? -1 : SipHead.indexOf(b, sp1 + 1, end, ' ');
        if (sp2 < 0 || SipHead.indexOf(b, sp2 + 1, end, ' ') >= 0 || sp1 == from || sp2 == sp1 + 1) {
            return "Malformed Request-Line";
        }
        if (end - (sp2 + 1) != 7 || !SipHead.equalsIgnoreCase(b, sp2 + 1, "sip/2.0")) {
            // RFC 3261 §8.2 / §21.5.6; JAIN-SIP's parser reports any version as SIP/2.0.
            return BAD_VERSION;
        }
        int uri = sp1 + 1;
        int scheme = uri + 4 <= sp2 && SipHead.equalsIgnoreCase(b, uri, "sip:") ? 4
                : uri + 5 <= sp2 && SipHead.equalsIgnoreCase(b, uri, "sips:") ? 5 : 0;
        if (scheme > 0) {
            int rest = uri + scheme;
            int hostport = rest;
            for (int i = sp2 - 1; i >= rest; i--) {
                if (b[i] == '@') {
                    hostport = i + 1;
                    break;
                }
            }
            int hostEnd = hostport;
            while (hostEnd < sp2 && b[hostEnd] != ';' && b[hostEnd] != '?') {
                hostEnd++;
            }
            int first = SipHead.indexOf(b, hostport, hostEnd, ':');
            if ((hostport == hostEnd || b[hostport] != '[') && first >= 0
                    && SipHead.indexOf(b, first + 1, hostEnd, ':') >= 0) {
                // RFC 5118 §4.1: an IPv6 address in a SIP URI must be bracketed.
                return "IPv6 Address Without Brackets";
            }
        }
        return null;
    }

    /** RFC 3261 §25.1: {@code Request-Line = Method SP Request-URI SP SIP-Version CRLF}. */
    private static String requestLine(String line) {
        String trimmed = stripTrailing(line); // trailing whitespace (RFC 4475 trws) is tolerated
        String[] parts = trimmed.split(" ", -1);
        if (parts.length != 3 || trimmed.indexOf('\t') >= 0 || parts[0].isEmpty() || parts[1].isEmpty()) {
            return "Malformed Request-Line";
        }
        if (!parts[2].equalsIgnoreCase("SIP/2.0")) {
            // RFC 3261 §8.2 / §21.5.6; JAIN-SIP's parser reports any version as SIP/2.0.
            return BAD_VERSION;
        }
        String uri = parts[1];
        String lower = uri.toLowerCase(Locale.ROOT);
        if (lower.startsWith("sip:") || lower.startsWith("sips:")) {
            String rest = uri.substring(uri.indexOf(':') + 1);
            int at = rest.lastIndexOf('@');
            String hostport = at >= 0 ? rest.substring(at + 1) : rest;
            int end = indexOfAny(hostport, ";?");
            hostport = end >= 0 ? hostport.substring(0, end) : hostport;
            if (!hostport.startsWith("[") && hostport.indexOf(':') != hostport.lastIndexOf(':')) {
                // RFC 5118 §4.1: an IPv6 address in a SIP URI must be bracketed.
                return "IPv6 Address Without Brackets";
            }
        }
        return null;
    }

    /**
     * RFC 3261 §25.1: {@code name-addr = [ display-name ] LAQUOT addr-spec RAQUOT}, where an
     * unquoted display name is tokens and whitespace, and {@code LAQUOT}/{@code RAQUOT} allow no
     * whitespace inside the brackets. An addr-spec with URI headers ({@code ?}) must be bracketed
     * (§20.10).
     */
    private static boolean nameAddrOk(String value, boolean contact) {
        int lt = value.indexOf('<');
        if (lt < 0) {
            return !contact || value.indexOf('?') < 0;
        }
        String display = value.substring(0, lt).trim();
        if (!display.isEmpty() && display.charAt(0) != '"') {
            for (int i = 0; i < display.length(); i++) {
                char c = display.charAt(i);
                if (!isTokenChar(c) && c != ' ' && c != '\t') {
                    return false;
                }
            }
        }
        if (display.startsWith("\"")) {
            lt = value.indexOf('<', closingQuote(value, value.indexOf('"')) + 1);
            if (lt < 0) {
                return false;
            }
        }
        int gt = value.indexOf('>', lt);
        if (gt < 0 || gt == lt + 1) {
            return false;
        }
        return !isSpace(value.charAt(lt + 1)) && !isSpace(value.charAt(gt - 1));
    }

    private static int closingQuote(String s, int open) {
        for (int i = open + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        return s.length() - 1;
    }

    /** RFC 3261 §25.1 {@code token} characters. */
    private static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-.!%*_+`'~".indexOf(c) >= 0;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    /** 1 to {@code max} ASCII digits. */
    private static boolean isDigits(String s, int max) {
        if (s.isEmpty() || s.length() > max) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static String stripTrailing(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        return s.substring(0, end);
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
