package io.softswitch.media.endpoint;

import io.softswitch.media.SrtpSuite;
import io.softswitch.media.internal.srtp.SdesCrypto;
import java.util.List;

/**
 * SDES-keyed SRTP (RFC 3711, RFC 4568) for one {@link MediaEndpoint} that answers a caller's offer:
 * the caller's key, which its packets are verified and decrypted with, and ours, a fresh one from
 * the CSPRNG that our answer carries and our packets are protected with. Neither key appears in
 * {@link #toString()}.
 */
public final class EndpointSrtp {
    private final SdesCrypto theirs;
    private final SdesCrypto ours;

    private EndpointSrtp(SdesCrypto theirs, SdesCrypto ours) {
        this.theirs = theirs;
        this.ours = ours;
    }

    /**
     * The answer to an offer's {@code a=crypto} lines: the first usable one, in the offer's order
     * (RFC 4568 section 7.1.1: the answerer takes one of the offered attributes and echoes its tag),
     * with our own key for its suite; null when none is usable (unknown suite, MKI, session parameters).
     */
    public static EndpointSrtp answer(List<String> offeredCryptoLines) {
        for (String line : offeredCryptoLines) {
            if (SdesCrypto.parse(line) instanceof SdesCrypto.Usable u) {
                SdesCrypto theirs = u.crypto();
                return new EndpointSrtp(theirs, SdesCrypto.generate(theirs.tag(), theirs.suite()));
            }
        }
        return null;
    }

    /** Our {@code a=crypto} line for the answer. */
    public String answerLine() {
        return ours.toSdpLine();
    }

    public SrtpSuite suite() {
        return ours.suite();
    }

    SdesCrypto theirs() {
        return theirs;
    }

    SdesCrypto ours() {
        return ours;
    }

    @Override
    public String toString() {
        return "EndpointSrtp[" + ours.suite().sdpName() + ", tag " + ours.tag() + "]";
    }
}
