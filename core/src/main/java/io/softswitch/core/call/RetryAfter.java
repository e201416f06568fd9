package io.softswitch.core.call;

import io.softswitch.sip.SipHeader;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The {@code Retry-After} (RFC 3261 §20.33) the engine sends with each kind of {@code 503}: how long
 * a PBX should leave us alone before it retries.
 *
 * @param overloaded  new calls shed while the engine is behind or at {@code calls.max_calls}: short,
 *                    the backlog is worked off within a second
 * @param draining    new calls refused during a graceful stop
 * @param unavailable a call refused for lack of resources (no relay ports)
 */
public record RetryAfter(Duration overloaded, Duration draining, Duration unavailable) {
    public static final RetryAfter DEFAULT = new RetryAfter(Duration.ofSeconds(1), Duration.ofSeconds(5),
            Duration.ofSeconds(5));

    public RetryAfter {
        check("overloaded", overloaded);
        check("draining", draining);
        check("unavailable", unavailable);
    }

    /** The header for {@code d}, in whole seconds. */
    static List<SipHeader> header(Duration d) {
        return List.of(new SipHeader("Retry-After", Long.toString(d.toSeconds())));
    }

    private static void check(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.toSeconds() > 86_400) {
            throw new IllegalArgumentException(name + ": " + d + " (expected: 0-86400 s)");
        }
    }
}
