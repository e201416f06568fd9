package io.softswitch.core.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Console sign-in throttling, per user name and per source address: after
 * {@link #MAX_USER_FAILURES} failed sign-ins in a row a user is locked for {@link #LOCKOUT}, even with
 * the right password and code; a source with {@link #MAX_SOURCE_FAILURES} failures (any names) is
 * refused for the same time. A success clears the user's count. In memory: a restart forgets.
 */
public final class LoginThrottle {
    public static final int MAX_USER_FAILURES = 5;
    public static final int MAX_SOURCE_FAILURES = 20;
    public static final Duration LOCKOUT = Duration.ofMinutes(15);
    /** Bounds the tables against a flood of distinct names or sources. */
    private static final int MAX_ENTRIES = 100_000;

    private final Clock clock;
    private final Map<String, Failures> users = new ConcurrentHashMap<>();
    private final Map<String, Failures> sources = new ConcurrentHashMap<>();

    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    private record Failures(int count, Instant last) {
    }

    /** Why sign-in is refused before any check, or null when it may be tried. */
    public String refusal(String username, String source) {
        if (blocked(sources.get(source), MAX_SOURCE_FAILURES)) {
            return "Too many failed sign-ins from this address; try again later.";
        }
        if (blocked(users.get(username), MAX_USER_FAILURES)) {
            return "This user is locked after " + MAX_USER_FAILURES + " failed sign-ins; try again in "
                    + LOCKOUT.toMinutes() + " minutes.";
        }
        return null;
    }

    public void failed(String username, String source) {
        if (users.size() > MAX_ENTRIES || sources.size() > MAX_ENTRIES) {
            users.clear();
            sources.clear();
        }
        Instant now = clock.instant();
        users.merge(username, new Failures(1, now), (a, b) -> new Failures(expired(a) ? 1 : a.count + 1, now));
        sources.merge(source, new Failures(1, now), (a, b) -> new Failures(expired(a) ? 1 : a.count + 1, now));
    }

    public void succeeded(String username) {
        users.remove(username);
    }

    private boolean blocked(Failures f, int max) {
        return f != null && f.count >= max && !expired(f);
    }

    private boolean expired(Failures f) {
        return f.last.plus(LOCKOUT).isBefore(clock.instant());
    }
}
