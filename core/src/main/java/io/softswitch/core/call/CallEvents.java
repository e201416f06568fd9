package io.softswitch.core.call;

/**
 * What the engine reports, for metrics and call records. Called on engine threads; must not block
 * (hand records to a queue).
 */
public interface CallEvents {
    CallEvents NONE = new CallEvents() { };

    /** Both listeners, in order. */
    static CallEvents both(CallEvents first, CallEvents second) {
        return new CallEvents() {
            @Override
            public void callStarted(Direction direction) {
                first.callStarted(direction);
                second.callStarted(direction);
            }

            @Override
            public void authFailed(String trunk, String source) {
                first.authFailed(trunk, source);
                second.authFailed(trunk, source);
            }

            @Override
            public void attemptEnded(String carrier, int sipCode) {
                first.attemptEnded(carrier, sipCode);
                second.attemptEnded(carrier, sipCode);
            }

            @Override
            public void postDialDelay(long nanos) {
                first.postDialDelay(nanos);
                second.postDialDelay(nanos);
            }

            @Override
            public void callEnded(CallSummary summary) {
                first.callEnded(summary);
                second.callEnded(summary);
            }
        };
    }

    /** A call was admitted or rejected before any attempt. */
    default void callStarted(Direction direction) {
    }

    /**
     * A new INVITE was refused for failed credentials ({@link Decision.AuthFailure}): not a call,
     * no record. {@code trunk} is null for an unknown one.
     */
    default void authFailed(String trunk, String source) {
    }

    /** An outbound attempt ended with {@code sipCode} (408 for no response). */
    default void attemptEnded(String carrier, int sipCode) {
    }

    /** Post-dial delay: INVITE received to first ringing/answer, in nanoseconds. */
    default void postDialDelay(long nanos) {
    }

    /** The call is over; exactly once per call. */
    default void callEnded(CallSummary summary) {
    }
}
