package io.softswitch.media;

/**
 * The two sides of a relayed call (not {@code io.softswitch.sip.Leg}, which is a SIP dialog): {@code A} is the caller side (for example the PBX), {@code B}
 * the callee side (for example the carrier). A closed set, hence an enum.
 */
public enum Side {
    A,
    B;

    /** The opposite leg: where media received from this leg is sent. */
    public Side other() {
        return this == A ? B : A;
    }
}
