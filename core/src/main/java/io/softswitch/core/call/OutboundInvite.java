package io.softswitch.core.call;

import io.softswitch.media.MediaEncryption;
import io.softswitch.sip.SipHeader;
import io.softswitch.sip.SipUri;
import java.util.List;
import java.util.Objects;
import java.util.function.IntPredicate;

/**
 * The INVITE the engine sends for one routing {@link io.softswitch.trunking.Attempt attempt}: the
 * gateway (or origination URL) in the SIP stack's type, the numbers written as it wants them, the
 * call's caller name and extra headers, and the carrier's digest credentials. Routing decides the
 * attempts (trunking's {@code Attempt}, the one type of that name); this is how the engine dials one.
 *
 * @param target      where to send the INVITE
 * @param calledUser  Request-URI/To user
 * @param callingUser From user
 * @param callingName From display name, or null
 * @param headers     extra headers (Diversion on origination)
 * @param authUser    digest user if the far end challenges, or null
 * @param authPassword digest password, or null
 * @param timeoutMs   no response (other than 100) within this long moves to the next attempt
 * @param isFinal     response codes that stop failover
 * @param carrier     the carrier's key (its SID; for origination, the carrier the call came from), for the
 *                    CDR and metrics (which label it with the carrier's name)
 * @param gateway     the gateway's key (its SID), or the origination URL's name, for the CDR
 * @param encryption  media encryption of the outbound leg: the carrier's {@code media_encryption}, or
 *                    {@code SDES} towards a {@code Secure} trunk's PBX
 */
public record OutboundInvite(SipUri target, String calledUser, String callingUser, String callingName,
        List<SipHeader> headers, String authUser, String authPassword, int timeoutMs, IntPredicate isFinal,
        String carrier, String gateway, MediaEncryption encryption) {

    /** An attempt with plain RTP media. */
    public OutboundInvite(SipUri target, String calledUser, String callingUser, String callingName,
            List<SipHeader> headers, String authUser, String authPassword, int timeoutMs, IntPredicate isFinal,
            String carrier, String gateway) {
        this(target, calledUser, callingUser, callingName, headers, authUser, authPassword, timeoutMs, isFinal, carrier,
                gateway, MediaEncryption.NONE);
    }

    public OutboundInvite {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(calledUser, "calledUser");
        Objects.requireNonNull(callingUser, "callingUser");
        headers = List.copyOf(headers);
        Objects.requireNonNull(isFinal, "isFinal");
        Objects.requireNonNull(encryption, "encryption");
    }
}
