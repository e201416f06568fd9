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
}
