package io.softswitch.trunking.limit;

import io.softswitch.trunking.RefusalStatus;

/** The answer of a {@link CallLimiter}. */
public sealed interface Admission {

    /** The call may proceed; it holds {@code permit} until it ends. */
    record Admitted(Permit permit) implements Admission {
    }

    /**
     * The call is refused by {@code scope}'s calls-per-second ({@code cpsExceeded}) or
     * concurrent-call limit, and consumed nothing anywhere. Answer it {@link #status()} (Twilio's
     * phrases).
     */
    record Refused(LimitScope scope, boolean cpsExceeded) implements Admission {
        public RefusalStatus status() {
            return cpsExceeded ? RefusalStatus.CPS_LIMIT_EXCEEDED : RefusalStatus.CONCURRENT_CALL_LIMIT_EXCEEDED;
        }
    }
}
