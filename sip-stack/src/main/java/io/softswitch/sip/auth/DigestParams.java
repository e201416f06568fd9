package io.softswitch.sip.auth;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters of a {@code Digest ...} challenge or credentials value (RFC 7616 §3.3-3.4):
 * comma-separated {@code name=token} or {@code name="quoted string"} pairs. Parsing never throws;
 * a value that is not Digest yields an empty result.
 */
public final class DigestParams {
    /** Longest header value we parse, so a hostile value cannot cost much. */
    public static final int MAX_LENGTH = 4096;

    private final Map<String, String> values;

    private DigestParams(Map<String, String> values) {
        this.values = values;
    }

    public static Optional<DigestParams> parse(String header) {
        if (header == null || header.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        String s = header.trim();
        if (!s.regionMatches(true, 0, "Digest", 0, 6) || s.length() < 7 || !Character.isWhitespace(s.charAt(6))) {
            return Optional.empty();
        }
        Map<String, String> out = new HashMap<>();
        int i = 7;
        int n = s.length();
        while (i < n) {
            while (i < n && (s.charAt(i) == ',' || Character.isWhitespace(s.charAt(i)))) {
                i++;
            }
            int nameStart = i;
            while (i < n && s.charAt(i) != '=' && s.charAt(i) != ',') {
                i++;
            }
            if (i >= n || s.charAt(i) != '=') {
                break;
            }
            String name = s.substring(nameStart, i).trim().toLowerCase(Locale.ROOT);
            i++;
            while (i < n && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            String value;
            if (i < n && s.charAt(i) == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                while (i < n && s.charAt(i) != '"') {
                    if (s.charAt(i) == '\\' && i + 1 < n) {
                        i++;
                    }
                    sb.append(s.charAt(i));
                    i++;
                }
                if (i >= n) {
                    return Optional.empty(); // unbalanced quote
                }
                i++;
                value = sb.toString();
            } else {
                int start = i;
                while (i < n && s.charAt(i) != ',') {
                    i++;
                }
                value = s.substring(start, i).trim();
            }
            if (!name.isEmpty()) {
                out.putIfAbsent(name, value);
            }
        }
        return Optional.of(new DigestParams(Map.copyOf(out)));
    }

    public String get(String name) {
        return values.get(name);
    }

    public String getOrDefault(String name, String def) {
        return values.getOrDefault(name, def);
    }
}
