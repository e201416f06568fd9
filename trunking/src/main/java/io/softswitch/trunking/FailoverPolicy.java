package io.softswitch.trunking;

import java.util.ArrayList;
import java.util.List;

/**
 * When to stop trying further gateways: a final response whose code is in the no-failover set
 * ends the call with that response; any other final response, or no final response within
 * {@link #attemptTimeoutMs()}, moves to the next attempt. Immutable and thread-safe.
 */
public final class FailoverPolicy {
    /**
     * The default set (Twilio's no-failover list): success, and answers another gateway would
     * repeat or that are the callee's (busy, unknown number, decline).
     */
    public static final List<String> DEFAULT_FINAL_CODES =
            List.of("2xx", "400", "404", "405", "410", "416", "482", "484", "486", "6xx");
    public static final int DEFAULT_ATTEMPT_TIMEOUT_MS = 4000;
    public static final FailoverPolicy DEFAULT = of(DEFAULT_FINAL_CODES, DEFAULT_ATTEMPT_TIMEOUT_MS);

    private final boolean[] finalCodes = new boolean[700];
    private final List<String> spec;
    private final int attemptTimeoutMs;

    private FailoverPolicy(List<String> spec, int attemptTimeoutMs) {
        this.spec = List.copyOf(spec);
        this.attemptTimeoutMs = attemptTimeoutMs;
    }

    /** What a final response code entry must be, for problems. */
    public static final String EXPECTED_CODE = "a response code 200-699 or a class 2xx-6xx";

    /** Null when {@code code} is a final code entry ({@code 486}, {@code 6xx}), else what was expected. */
    public static String check(String code) {
        String s = code == null ? "" : code.trim().toLowerCase(java.util.Locale.ROOT);
        return s.matches("[2-6]xx|[2-6][0-9][0-9]") ? null : EXPECTED_CODE;
    }

    /**
     * For codes already {@linkplain #check checked} (the snapshot compile does).
     *
     * @param codes entries like {@code 486} or whole classes like {@code 6xx}
     * @throws IllegalArgumentException e.g. {@code final code: '7xx' (expected: 200-699 or 2xx-6xx)}
     */
    public static FailoverPolicy of(List<String> codes, int attemptTimeoutMs) {
        if (attemptTimeoutMs < 1) {
            throw new IllegalArgumentException("attemptTimeoutMs: " + attemptTimeoutMs + " (expected: 1 or more)");
        }
        FailoverPolicy p = new FailoverPolicy(codes, attemptTimeoutMs);
        List<String> bad = new ArrayList<>();
        for (String c : codes) {
            String s = c.trim().toLowerCase(java.util.Locale.ROOT);
            if (s.matches("[2-6]xx")) {
                int base = (s.charAt(0) - '0') * 100;
                for (int i = base; i < base + 100; i++) {
                    p.finalCodes[i] = true;
                }
            } else if (s.matches("[2-6][0-9][0-9]")) {
                p.finalCodes[Integer.parseInt(s)] = true;
            } else {
                bad.add(c);
            }
        }
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException("final code: '" + bad.get(0) + "' (expected: " + EXPECTED_CODE + ")");
        }
        return p;
    }

    /** Whether a final {@code status} ends the call instead of trying the next attempt. 1xx are never final. */
    public boolean isFinal(int status) {
        return status >= 200 && status <= 699 && finalCodes[status];
    }

    /** How long an attempt may go without a final response before the next one is tried. */
    public int attemptTimeoutMs() {
        return attemptTimeoutMs;
    }

    public List<String> codes() {
        return spec;
    }

    @Override
    public String toString() {
        return "FailoverPolicy[final=" + spec + ", timeoutMs=" + attemptTimeoutMs + "]";
    }
}
