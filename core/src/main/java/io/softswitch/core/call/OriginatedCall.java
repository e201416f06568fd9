package io.softswitch.core.call;

/**
 * A live call the switch placed: its SID and the means to end it. Other features (Calls modify,
 * recording) reach the call through this handle. Any thread.
 */
public interface OriginatedCall {
    /** {@code CA...}, the call's record SID. */
    String sid();

    /** Cancels the call while it rings, hangs it up once answered (BYE); no-op once it ended. */
    void hangup();

    /** The handle of {@code sid} whose {@link #hangup()} runs {@code hangup}. */
    static OriginatedCall of(String sid, Runnable hangup) {
        return new OriginatedCall() {
            @Override
            public String sid() {
                return sid;
            }

            @Override
            public void hangup() {
                hangup.run();
            }
        };
    }

    /** The handle of a call that ended before it could be placed (refused, failed): nothing to hang up. */
    static OriginatedCall ended(String sid) {
        return of(sid, () -> { });
    }
}
