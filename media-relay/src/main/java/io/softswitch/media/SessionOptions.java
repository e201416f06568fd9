package io.softswitch.media;

import java.util.Objects;

/**
 * Per-session choices the call engine makes from the trunks involved.
 *
 * @param latchingA latching for the A leg (the caller side)
 * @param latchingB latching for the B leg (the callee side)
 */
public record SessionOptions(LatchingMode latchingA, LatchingMode latchingB) {
    /** Both legs {@link LatchingMode#SIGNALLED_IP}. */
    public static final SessionOptions DEFAULT =
            new SessionOptions(LatchingMode.SIGNALLED_IP, LatchingMode.SIGNALLED_IP);

    public SessionOptions {
        Objects.requireNonNull(latchingA, "latchingA");
        Objects.requireNonNull(latchingB, "latchingB");
    }

    public LatchingMode latching(Side leg) {
        return leg == Side.A ? latchingA : latchingB;
    }
}
