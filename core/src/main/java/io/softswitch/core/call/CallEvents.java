package io.softswitch.core.call;

import io.softswitch.sip.SipStatus;

/**
 * What the engine reports about each call, for metrics, records and tracing. Events come in pairs:
 * every new INVITE gets exactly one of {@link #callStarted} or {@link #callRejected}; every started
 * call one {@link #callEnded}; every {@link #attemptStarted} one {@link #attemptEnded}, before the
 * call ends. Each event names its call by SID ({@code CA...}).
 *
 * <p>Threading: a call's events arrive in order on its stripe; different calls' events on different
 * threads. Implementations must not block (hand records to a queue).
 */
public interface CallEvents {
    CallEvents NONE = new CallEvents() { };

    /** Both listeners, in order. */
    static CallEvents both(CallEvents first, CallEvents second) {
        return new CallEvents() {
            @Override
            public void callStarted(String callSid, Direction direction) {
                first.callStarted(callSid, direction);
                second.callStarted(callSid, direction);
            }

            @Override
            public void authFailed(String trunk, String source) {
                first.authFailed(trunk, source);
                second.authFailed(trunk, source);
            }

            @Override
            public void callRejected(String callSid, SipStatus status) {
                first.callRejected(callSid, status);
                second.callRejected(callSid, status);
            }

            @Override
            public void secureTrunkRefused(String trunk, SecureRefusal reason) {
                first.secureTrunkRefused(trunk, reason);
                second.secureTrunkRefused(trunk, reason);
            }

            @Override
            public void attemptStarted(String callSid, OutboundInvite attempt) {
                first.attemptStarted(callSid, attempt);
                second.attemptStarted(callSid, attempt);
            }

            @Override
            public void attemptEnded(String callSid, OutboundInvite attempt, SipStatus status) {
                first.attemptEnded(callSid, attempt, status);
                second.attemptEnded(callSid, attempt, status);
            }

            @Override
            public void postDialDelay(String callSid, long nanos) {
                first.postDialDelay(callSid, nanos);
                second.postDialDelay(callSid, nanos);
            }

            @Override
            public void callEnded(CallSummary summary) {
                first.callEnded(summary);
                second.callEnded(summary);
            }
        };
    }

    /** A call was admitted and routed; its attempts follow. */
    default void callStarted(String callSid, Direction direction) {
    }

    /**
     * A new INVITE was refused for failed credentials ({@link Decision.AuthFailure}): not a call,
     * no record. {@code trunk} is null for an unknown one. {@link #callRejected} (403) comes first.
     */
    default void authFailed(String trunk, String source) {
    }

    /**
     * A new INVITE was answered {@code status} before any attempt: refused by the router (auth,
     * limits, routing), by media, or shed by the engine. {@code callSid} is null when the engine shed
     * the INVITE before it became a call (overload, shutdown). A challenge (407) is reported here too.
     */
    default void callRejected(String callSid, SipStatus status) {
    }

    /**
     * A {@code Secure} trunk's INVITE was refused (Twilio Secure trunking): {@link SecureRefusal#TLS}
     * with 403 when it did not arrive over TLS, {@link SecureRefusal#SRTP} with 488 when its SDP did
     * not offer SRTP. {@link #callRejected} is reported too.
     */
    default void secureTrunkRefused(String trunk, SecureRefusal reason) {
    }

    /** Why a {@code Secure} trunk's INVITE was refused; the metric tag is {@link #tag()}. */
    enum SecureRefusal {
        TLS("tls"),
        SRTP("srtp");

        private final String tag;

        SecureRefusal(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    /** An outbound attempt is about to be sent (or skipped at its carrier's limit: then it ends 503). */
    default void attemptStarted(String callSid, OutboundInvite attempt) {
    }

    /**
     * The attempt ended with {@code status}: the far end's final response, {@code 408} when it did not
     * respond in time, {@code 503} when it could not be sent or its carrier was at its limit, {@code 487}
     * when the call ended while it was pending.
     */
    default void attemptEnded(String callSid, OutboundInvite attempt, SipStatus status) {
    }

    /** Post-dial delay: INVITE received to first ringing/answer, in nanoseconds. */
    default void postDialDelay(String callSid, long nanos) {
    }

    /** The call is over; exactly once per started call (and per rejected call that gets a record). */
    default void callEnded(CallSummary summary) {
    }
}
