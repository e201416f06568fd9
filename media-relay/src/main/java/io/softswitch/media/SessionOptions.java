package io.softswitch.media;

import java.util.Objects;

/**
 * Per-session choices the call engine makes from the trunks involved.
 *
 * @param latchingA latching for the A leg (the caller side)
 * @param latchingB latching for the B leg (the callee side)
 * @param encryptionA media encryption for the A leg
 * @param encryptionB media encryption for the B leg
 */
public record SessionOptions(LatchingMode latchingA, LatchingMode latchingB, MediaEncryption encryptionA,
        MediaEncryption encryptionB) {
    /** Both legs {@link LatchingMode#SIGNALLED_IP} and {@link MediaEncryption#NONE}. */
    public static final SessionOptions DEFAULT =
            new SessionOptions(LatchingMode.SIGNALLED_IP, LatchingMode.SIGNALLED_IP);

    public SessionOptions {
        Objects.requireNonNull(latchingA, "latchingA");
        Objects.requireNonNull(latchingB, "latchingB");
        Objects.requireNonNull(encryptionA, "encryptionA");
        Objects.requireNonNull(encryptionB, "encryptionB");
    }

    /** Latching per leg, {@link MediaEncryption#NONE} on both. */
    public SessionOptions(LatchingMode latchingA, LatchingMode latchingB) {
        this(latchingA, latchingB, MediaEncryption.NONE, MediaEncryption.NONE);
    }

    public LatchingMode latching(Side leg) {
        return leg == Side.A ? latchingA : latchingB;
    }

    public MediaEncryption encryption(Side leg) {
        return leg == Side.A ? encryptionA : encryptionB;
    }
}
