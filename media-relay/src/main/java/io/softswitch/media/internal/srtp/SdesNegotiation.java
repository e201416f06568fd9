package io.softswitch.media.internal.srtp;

import io.softswitch.media.MediaEncryption;
import io.softswitch.media.internal.sdp.MediaSection;
import java.util.ArrayList;
import java.util.List;

/**
 * SDES offer/answer for the relayed audio stream (RFC 4568 sections 5 and 7): what one leg's SDP
 * says about its SRTP, checked against the leg's {@link MediaEncryption}. Pure functions; the
 * session applies the result only when it is not a {@link Reject}.
 */
public final class SdesNegotiation {
    private SdesNegotiation() {
    }

    /** What the relay does with a leg's stream after its SDP. */
    public sealed interface Choice {
    }

    /** Plain RTP on this leg. */
    public record Plain() implements Choice {
    }

    /**
     * SRTP on this leg.
     *
     * @param theirs the leg's key: what it sends us is protected with it
     * @param ours for an answer, the key of ours the leg accepted (what we send it); null for an offer
     */
    public record Srtp(SdesCrypto theirs, SdesCrypto ours) implements Choice {
    }

    /** Not acceptable: answer 488 with {@code reason}. */
    public record Reject(String reason) implements Choice {
    }

    static boolean isSecureProfile(String proto) {
        return proto.contains("SAVP");
    }

    /** The {@code a=crypto} lines of a media section. */
    static List<String> cryptoLines(MediaSection audio) {
        List<String> lines = new ArrayList<>();
        for (String line : audio.lines()) {
            if (line.startsWith("a=crypto:")) {
                lines.add(line);
            }
        }
        return lines;
    }

    /**
     * A leg's offer. SRTP when it carries a usable {@code a=crypto}, the first in its order of
     * preference (also under {@code RTP/AVP}, the "best effort" form some phones send); plain RTP
     * when it has none and the leg allows it.
     */
    public static Choice fromOffer(MediaEncryption policy, MediaSection audio) {
        if (audio.port() == 0) {
            return new Plain();
        }
        List<String> lines = cryptoLines(audio);
        String firstReason = null;
        for (String line : lines) {
            SdesCrypto.Parsed parsed = SdesCrypto.parse(line);
            if (parsed instanceof SdesCrypto.Usable u) {
                return new Srtp(u.crypto(), null);
            }
            if (firstReason == null) {
                firstReason = ((SdesCrypto.Unusable) parsed).reason();
            }
        }
        if (!lines.isEmpty() || isSecureProfile(audio.proto())) {
            return new Reject("sdp: m=audio " + audio.proto() + " has no usable a=crypto"
                    + (firstReason == null ? " (expected: SDES keys, RFC 4568)" : ": " + firstReason));
        }
        if (policy == MediaEncryption.SDES) {
            return new Reject("sdp: m=audio " + audio.proto()
                    + " is plain RTP (expected: RTP/SAVP with a=crypto, SRTP is mandatory on this leg)");
        }
        return new Plain();
    }

    /**
     * A leg's answer to our offer.
     *
     * @param offered our keys offered to that leg, or null when we offered it plain RTP
     */
    public static Choice fromAnswer(List<SdesCrypto> offered, MediaSection audio) {
        List<String> lines = cryptoLines(audio);
        if (offered == null) {
            if (audio.port() != 0 && (!lines.isEmpty() || isSecureProfile(audio.proto()))) {
                return new Reject("sdp: answer m=audio " + audio.proto()
                        + " with SRTP to a plain RTP offer (expected: RTP/AVP without a=crypto)");
            }
            return new Plain();
        }
        if (audio.port() == 0) {
            return new Plain();
        }
        if (lines.size() != 1) {
            return new Reject("sdp: answer has " + lines.size()
                    + " a=crypto lines (expected: exactly one of those offered, RFC 4568 section 7.1.2)");
        }
        SdesCrypto.Parsed parsed = SdesCrypto.parse(lines.get(0));
        if (parsed instanceof SdesCrypto.Unusable u) {
            return new Reject("sdp: answer " + u.reason());
        }
        SdesCrypto theirs = ((SdesCrypto.Usable) parsed).crypto();
        for (SdesCrypto ours : offered) {
            if (ours.tag() == theirs.tag() && ours.suite() == theirs.suite()) {
                return new Srtp(theirs, ours);
            }
        }
        return new Reject("sdp: answer a=crypto:" + theirs.tag() + " " + theirs.suite()
                + " (expected: a tag and suite of the offer)");
    }

    /** The offer's protocol as SRTP ({@code RTP/AVP} -> {@code RTP/SAVP}, {@code RTP/AVPF} -> {@code RTP/SAVPF}). */
    public static String secureProfile(String proto) {
        return isSecureProfile(proto) ? proto : proto.replace("RTP/AVP", "RTP/SAVP");
    }

    /** The offer's protocol as plain RTP. */
    public static String plainProfile(String proto) {
        return proto.replace("RTP/SAVP", "RTP/AVP");
    }
}
