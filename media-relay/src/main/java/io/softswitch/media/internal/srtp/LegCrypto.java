package io.softswitch.media.internal.srtp;

import io.softswitch.media.MediaEncryption;
import io.softswitch.media.SrtpSuite;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One leg's SRTP state: the relay's own keys for this leg (one per suite, from the CSPRNG, kept
 * for the session so re-offers do not re-key), what was last offered to or answered to the leg,
 * and the two live streams. Confined to the session's event loop.
 */
public final class LegCrypto implements AutoCloseable {
    private MediaEncryption policy;
    private final Map<SrtpSuite, SdesCrypto> ourKeys = new EnumMap<>(SrtpSuite.class);
    private SrtpStream inbound;
    private SrtpStream outbound;
    private List<SdesCrypto> offeredToLeg;
    private SdesCrypto answerToLeg;
    private String offererProto;

    public LegCrypto(MediaEncryption policy) {
        this.policy = policy;
    }

    public MediaEncryption policy() {
        return policy;
    }

    /** Changes the policy for the next offers and answers (a failover to another carrier). */
    public void policy(MediaEncryption newPolicy) {
        this.policy = newPolicy;
    }

    /** Unprotects what the leg sends us; null for plain RTP. */
    public SrtpStream inbound() {
        return inbound;
    }

    /** Protects what we send the leg; null for plain RTP. */
    public SrtpStream outbound() {
        return outbound;
    }

    /** The suite the leg's media uses now, or null for plain RTP. */
    public SrtpSuite suite() {
        return inbound == null ? null : inbound.key().suite();
    }

    private SdesCrypto ourKey(SrtpSuite suite) {
        return ourKeys.computeIfAbsent(suite, s -> SdesCrypto.generate(1, s));
    }

    /**
     * The leg offered: apply its choice (after {@link SdesNegotiation#fromOffer} accepted it).
     *
     * @param proto the offer's audio protocol, which our answer repeats
     */
    public void offered(SdesNegotiation.Choice choice, String proto) {
        offererProto = proto;
        if (choice instanceof SdesNegotiation.Srtp s) {
            answerToLeg = ourKey(s.theirs().suite()).withTag(s.theirs().tag());
            use(s.theirs(), answerToLeg);
        } else {
            answerToLeg = null;
            use(null, null);
        }
    }

    /** The leg answered our offer (after {@link SdesNegotiation#fromAnswer} accepted it). */
    public void answered(SdesNegotiation.Choice choice) {
        if (choice instanceof SdesNegotiation.Srtp s) {
            use(s.theirs(), s.ours());
        } else {
            use(null, null);
        }
    }

    private void use(SdesCrypto theirs, SdesCrypto ours) {
        if (theirs == null || inbound == null || !inbound.key().sameKey(theirs)) {
            closeQuietly(inbound);
            inbound = theirs == null ? null : SrtpStream.unprotect(theirs);
        }
        if (ours == null || outbound == null || !outbound.key().sameKey(ours)) {
            closeQuietly(outbound);
            outbound = ours == null ? null : SrtpStream.protect(ours);
        }
    }

    /**
     * What we offer this leg for the other leg's offer with audio protocol {@code proto}: our keys
     * under {@link MediaEncryption#SDES} (tags 1..n in {@link SrtpSuite} order), plain RTP otherwise.
     * Returns the {@code a=crypto} lines; {@link #offerProfile} gives the protocol.
     */
    public List<String> offerLines() {
        if (policy != MediaEncryption.SDES) {
            offeredToLeg = null;
            return List.of();
        }
        List<SdesCrypto> offer = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        int tag = 1;
        for (SrtpSuite suite : SrtpSuite.values()) {
            SdesCrypto key = ourKey(suite).withTag(tag++);
            offer.add(key);
            lines.add(key.toSdpLine());
        }
        offeredToLeg = List.copyOf(offer);
        return lines;
    }

    /** The keys last offered to this leg, or null when it was offered plain RTP. */
    public List<SdesCrypto> offeredToLeg() {
        return offeredToLeg;
    }

    public String offerProfile(String proto) {
        return policy == MediaEncryption.SDES ? SdesNegotiation.secureProfile(proto) : SdesNegotiation.plainProfile(proto);
    }

    /** The {@code a=crypto} lines of our answer to this leg's offer: one, or none for plain RTP. */
    public List<String> answerLines() {
        return answerToLeg == null ? List.of() : List.of(answerToLeg.toSdpLine());
    }

    /** The protocol of our answer to this leg's offer: the offer's own. */
    public String answerProfile(String fallback) {
        return offererProto != null ? offererProto : fallback;
    }

    private static void closeQuietly(SrtpStream stream) {
        if (stream != null) {
            stream.close();
        }
    }

    @Override
    public void close() {
        closeQuietly(inbound);
        closeQuietly(outbound);
        inbound = null;
        outbound = null;
    }
}
