package io.softswitch.trunking.limit;

/** The answer of a {@link CallLimiter}. */
public sealed interface Admission {

    /** The call may proceed; it holds {@code permit} until it ends. */
    record Admitted(Permit permit) implements Admission {
    }

    /**
     * The call is refused by {@code scope}'s calls-per-second ({@code cpsExceeded}) or
     * concurrent-call limit, and consumed nothing anywhere. Answer it {@link #sipCode()}
     * {@link #reasonPhrase()} (Twilio's phrases).
     */
    record Refused(LimitScope scope, boolean cpsExceeded) implements Admission {
        public int sipCode() {
            return 503;
        }

        public String reasonPhrase() {
            return cpsExceeded ? "Trunk CPS limit exceeded" : "Trunk concurrent call limit exceeded";
        }
    }
}
