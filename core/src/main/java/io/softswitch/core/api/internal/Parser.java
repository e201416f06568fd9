package io.softswitch.core.api.internal;

import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/** Turns one form parameter into a column value, or refuses it naming the parameter. */
@FunctionalInterface
public interface Parser {
    Object parse(String param, String raw);

    Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");
    Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*");

    /** Text up to {@code max} characters; empty means null. */
    static Parser text(int max) {
        return (p, raw) -> {
            if (raw.length() > max) {
                throw ApiException.invalid(p, raw, "at most " + max + " characters");
            }
            return raw.isEmpty() ? null : raw;
        };
    }

    /** Like {@link #text} but empty stays empty (NOT NULL columns). */
    static Parser textOrEmpty(int max, Pattern pattern, String expected) {
        return (p, raw) -> {
            if (raw.length() > max || (!raw.isEmpty() && pattern != null && !pattern.matcher(raw).matches())) {
                throw ApiException.invalid(p, raw, expected);
            }
            return raw;
        };
    }

    static Parser integer(int min, int max) {
        return (p, raw) -> {
            try {
                int v = Integer.parseInt(raw.trim());
                if (v >= min && v <= max) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // falls through to the error below
            }
            throw ApiException.invalid(p, raw, "an integer " + min + "-" + max);
        };
    }

    static Parser bool() {
        return (p, raw) -> switch (raw.toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw ApiException.invalid(p, raw, "true or false");
        };
    }

    /** One of {@code values}, case-insensitive, stored lower-case. */
    static Parser oneOf(String... values) {
        return (p, raw) -> {
            String v = raw.toLowerCase(Locale.ROOT);
            if (Arrays.asList(values).contains(v)) {
                return v;
            }
            throw ApiException.invalid(p, raw, String.join(" | ", values));
        };
    }

    /** {@code GET} or {@code POST}, case-insensitive, stored upper-case as Twilio returns it. */
    static Parser httpMethod() {
        return (p, raw) -> {
            String v = raw.toUpperCase(Locale.ROOT);
            if (v.equals("GET") || v.equals("POST")) {
                return v;
            }
            throw ApiException.invalid(p, raw, "GET | POST");
        };
    }

    /** Accepts only {@code supported}; any other value of {@code known} is refused as not supported yet. */
    static Parser onlySupported(String supported, String why, String... known) {
        return (p, raw) -> {
            String v = raw.toLowerCase(Locale.ROOT);
            if (v.equals(supported)) {
                return v;
            }
            if (Arrays.asList(known).contains(v)) {
                throw ApiException.unsupported(p, raw, why);
            }
            throw ApiException.invalid(p, raw, String.join(" | ", known));
        };
    }

    /** A known Twilio parameter whose behaviour does not exist: any non-empty value is refused, saying why. */
    static Parser notYet(String why) {
        return (p, raw) -> {
            if (raw.isEmpty()) {
                return null;
            }
            throw ApiException.unsupported(p, raw, why);
        };
    }

    /** A boolean that must be false until the feature exists. */
    static Parser falseOnly(String why) {
        Parser b = bool();
        return (p, raw) -> {
            Object v = b.parse(p, raw);
            if (Boolean.TRUE.equals(v)) {
                throw ApiException.unsupported(p, raw, why);
            }
            return v;
        };
    }

    static Parser e164() {
        return (p, raw) -> {
            if (!E164.matcher(raw).matches()) {
                throw new ApiException(ApiError.INVALID_PHONE_NUMBER, p + ": " + ApiException.echo(raw) + " (expected: E.164 with +, e.g. +14155550100)");
            }
            return raw;
        };
    }

    static Parser sid(String prefix) {
        return (p, raw) -> {
            if (raw.isEmpty()) {
                return null;
            }
            if (!io.softswitch.core.store.Sids.isValid(prefix, raw)) {
                throw ApiException.invalid(p, raw, prefix + " followed by 32 lowercase hex digits");
            }
            return raw;
        };
    }

    /** An absolute {@code http:} or {@code https:} URL with a host, at most 1024 characters; empty means null. */
    static Parser httpUrl() {
        return (p, raw) -> {
            if (raw.isEmpty()) {
                return null;
            }
            String expected = "an absolute http:// or https:// URL (at most 1024 characters)";
            if (raw.length() > 1024) {
                throw ApiException.invalid(p, raw, expected);
            }
            try {
                java.net.URI uri = new java.net.URI(raw);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                    throw ApiException.invalid(p, raw, expected);
                }
            } catch (java.net.URISyntaxException e) {
                throw ApiException.invalid(p, raw, expected);
            }
            return raw;
        };
    }

    /**
     * A SIP URL's shape only (text without blanks, at most 2048 characters): what makes it usable
     * ({@code sip:}, host, port, transport) is the routing compile's rule, which refuses the write.
     */
    static Parser sipUrl() {
        return (p, raw) -> {
            if (raw.isEmpty() || raw.length() > 2048 || raw.chars().anyMatch(Character::isWhitespace)) {
                throw ApiException.invalid(p, raw, "sip:[user@]host[:port][;transport=udp|tcp]");
            }
            return raw;
        };
    }

    static Parser ipv4() {
        return (p, raw) -> {
            if (!IPV4.matcher(raw).matches()) {
                throw ApiException.invalid(p, raw, "an IPv4 address like 192.0.2.10");
            }
            return raw;
        };
    }

    static Parser hostname() {
        return (p, raw) -> {
            if (raw.isEmpty()) {
                return null;
            }
            if (raw.length() > 255 || !HOST.matcher(raw).matches()) {
                throw ApiException.invalid(p, raw, "a host name like acme.pstn.example.net");
            }
            return raw.toLowerCase(Locale.ROOT);
        };
    }

    static Parser hhmm() {
        return (p, raw) -> {
            try {
                if (raw.matches("[0-2][0-9]:[0-5][0-9]")) {
                    return LocalTime.parse(raw).toString();
                }
            } catch (RuntimeException e) {
                // falls through
            }
            throw ApiException.invalid(p, raw, "HH:MM, e.g. 08:30");
        };
    }

    static Parser zone() {
        return (p, raw) -> {
            try {
                return ZoneId.of(raw).getId();
            } catch (RuntimeException e) {
                throw ApiException.invalid(p, raw, "a time zone like Europe/Paris or UTC");
            }
        };
    }
}
