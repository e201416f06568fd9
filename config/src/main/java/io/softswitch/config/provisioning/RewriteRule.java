package io.softswitch.config.provisioning;

import java.util.Objects;

/**
 * A number rewrite applied in order: {@code STRIP} removes {@code value} leading characters (a
 * number), {@code PREFIX} prepends {@code value}, {@code REGEX} replaces {@code match} with
 * {@code value} (Java regex, {@code $1} groups).
 */
public record RewriteRule(Kind kind, String match, String value) {
    public enum Kind {
        STRIP,
        PREFIX,
        REGEX
    }

    public RewriteRule {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
    }
}
