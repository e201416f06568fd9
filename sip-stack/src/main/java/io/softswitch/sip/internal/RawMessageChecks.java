package io.softswitch.sip.internal;

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

    private static String findProblem(byte[] message, boolean withBody) {
        SipHead head = SipHead.frame(message, message.length);
        List<String> lines = head.lines();
        if (lines.isEmpty() || lines.get(0).startsWith("SIP/")) {
            return null; // a response, or nothing: the stack decides
        }
        int bodyStart = head.bodyStart();
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
                continue; // nothing to check: skip copying the value (issue 15, allocation per message)
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
        if (withBody && contentLength > 0 && message.length - bodyStart < contentLength) {
            // RFC 3261 §18.3: a datagram whose body is shorter than Content-Length is rejected.
            return "Content-Length Exceeds Body";
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
