package io.softswitch.core.security;

import io.softswitch.config.provisioning.Credential;
import io.softswitch.core.call.Decision;
import io.softswitch.sip.SipHeader;
import io.softswitch.sip.SipRequest;
import io.softswitch.sip.SipStatus;
import io.softswitch.sip.auth.DigestAlgorithm;
import io.softswitch.sip.auth.DigestServer;
import io.softswitch.trunking.CarrierProfile;
import io.softswitch.trunking.RoutingSnapshot;
import io.softswitch.trunking.TrunkProfile;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one admission path of a new INVITE (issue 14 section 2, issue 22 finding 2): identifies the
 * sender once and decides. Before, a uniform-challenge router and the call router each identified
 * the trunk and had to mirror each other's ACL/digest rule, or enumeration reopened.
 *
 * <ol>
 *   <li>From a carrier's {@code inbound_ips}: {@link Verdict.Originate}.</li>
 *   <li>The trunk: by Request-URI host = its domain name, else by an unambiguous source address
 *       ({@link RoutingSnapshot#identifyTrunk}: never "most specific wins" across accounts).</li>
 *   <li>A trunk whose IP ACL holds the source is {@link Verdict.Admit admitted}, after its digest
 *       when it also has credentials (RFC 3261 section 22.3, {@code 407} then {@code 403} for a
 *       wrong password); a digest-only trunk gets the same handshake.</li>
 *   <li>Anything else (no such trunk, outside its ACL, a trunk with neither ACL nor credentials)
 *       is answered exactly like a digest-only trunk answers a stranger, so scanners ({@code svwar},
 *       raw probes) cannot tell existing trunk domains and users from made-up ones (issue 8):
 *       without credentials {@code 407} with the trunk's own challenges, or a password trunk's
 *       (SHA-256 then MD5, RFC 8760 section 2.4) in a {@link DecoyRealms decoy} realm stable per
 *       host; with credentials, checked against no user (costing what a wrong password costs),
 *       counted as an authentication failure of the source, and answered like a wrong password.</li>
 * </ol>
 *
 * Pure and thread-safe: reads one snapshot per request, never blocks.
 */
public final class TrunkGate {
    private static final Logger LOG = LoggerFactory.getLogger(TrunkGate.class);
    private static final List<DigestAlgorithm> DEFAULT_ALGORITHMS = List.of(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5);

    /** Told about digest outcomes per source address (brute-force defence). */
    public interface AuthListener {
        AuthListener NONE = new AuthListener() { };

        default void authFailed(InetAddress source) {
        }

        default void authSucceeded(InetAddress source) {
        }
    }

    /** What the gate decided. */
    public sealed interface Verdict {
        /** A call from a carrier: origination. */
        record Originate(CarrierProfile carrier) implements Verdict {
        }

        /** A call the trunk lets in: by address, and by digest when it has credentials. */
        record Admit(TrunkProfile trunk) implements Verdict {
        }

        /** Refused (a {@code 403}, a real or decoy {@code 407}, an authentication failure). */
        record Refuse(Decision decision) implements Verdict {
        }
    }

    private final DigestServer digest;
    private final DecoyRealms decoys;
    private final AuthListener auth;

    public TrunkGate(DigestServer digest, DecoyRealms decoys, AuthListener auth) {
        this.digest = Objects.requireNonNull(digest, "digest");
        this.decoys = Objects.requireNonNull(decoys, "decoys");
        this.auth = Objects.requireNonNull(auth, "auth");
    }

    public Verdict check(RoutingSnapshot snapshot, SipRequest invite) {
        InetAddress source = invite.sourceAddress(); // parsed once, by the SIP stack
        Optional<CarrierProfile> carrier = snapshot.carrierBySource(source);
        if (carrier.isPresent()) {
            return new Verdict.Originate(carrier.get());
        }
        TrunkProfile trunk = snapshot.identifyTrunk(invite.requestHost(), source).orElse(null);
        if (trunk != null && (trunk.hasAcl() ? trunk.aclAllows(source) : trunk.requiresDigest())) {
            if (!trunk.requiresDigest()) {
                return new Verdict.Admit(trunk);
            }
            Decision challenge = authenticate(trunk, invite);
            return challenge == null ? new Verdict.Admit(trunk) : new Verdict.Refuse(challenge);
        }
        if (trunk != null && !trunk.hasAcl() && !trunk.requiresDigest()) {
            // Toll fraud: a trunk without ACL and credentials would let anyone who knows its domain
            // name call out on its account. It authenticates nobody (Twilio refuses such trunks too).
            LOG.warn("trunk {} ({}): refused call from {}: the trunk has neither an IP ACL nor credentials",
                    trunk.name(), trunk.key(), invite.sourceHost());
        }
        return new Verdict.Refuse(decoy(snapshot, trunk, invite));
    }

    /** Digest per RFC 3261 section 22.3 with the proxy challenge (407); null when authenticated. */
    private Decision authenticate(TrunkProfile trunk, SipRequest invite) {
        DigestServer.Verdict v = digest.verify(credentials(invite), "INVITE", trunk.realm(), user -> ha1(trunk, user));
        if (v instanceof DigestServer.Verdict.Ok) {
            auth.authSucceeded(invite.sourceAddress());
            return null;
        }
        if (v instanceof DigestServer.Verdict.Invalid invalid) {
            LOG.info("trunk {}: digest refused from {} ({})", trunk.name(), invite.sourceHost(), invalid.why());
            auth.authFailed(invite.sourceAddress());
            return new Decision.AuthFailure(trunk.key());
        }
        boolean stale = v instanceof DigestServer.Verdict.Stale;
        return new Decision.Reject(SipStatus.PROXY_AUTHENTICATION_REQUIRED,
                challenges(trunk.realm(), stale, algorithms(trunk)), trunk.key());
    }

    /** Refused whatever the caller sends: looks like the digest handshake of a real trunk. */
    private Decision decoy(RoutingSnapshot snapshot, TrunkProfile trunk, SipRequest invite) {
        String realm = trunk != null ? trunk.realm() : decoys.realmFor(invite.requestHost(), snapshot);
        String trunkKey = trunk == null ? null : trunk.key();
        DigestServer.Verdict v = digest.verify(credentials(invite), "INVITE", realm, user -> Optional.empty());
        String why = trunk == null ? "no such trunk" : "trunk " + trunk.name() + " does not let it in";
        if (v instanceof DigestServer.Verdict.Missing) {
            LOG.debug("{} from {}: challenged, {}", invite.requestHost(), invite.sourceHost(), why);
            return new Decision.Reject(SipStatus.PROXY_AUTHENTICATION_REQUIRED,
                    challenges(realm, false, trunk == null ? DEFAULT_ALGORITHMS : algorithms(trunk)), trunkKey);
        }
        LOG.info("{} from {}: digest refused ({})", invite.requestHost(), invite.sourceHost(), why);
        auth.authFailed(invite.sourceAddress());
        return new Decision.AuthFailure(trunkKey);
    }

    private List<SipHeader> challenges(String realm, boolean stale, List<DigestAlgorithm> algorithms) {
        List<SipHeader> headers = new ArrayList<>();
        for (String c : digest.challenges(realm, stale, algorithms)) {
            headers.add(new SipHeader("Proxy-Authenticate", c));
        }
        return headers;
    }

    private static List<String> credentials(SipRequest invite) {
        List<String> creds = new ArrayList<>(invite.headers("proxy-authorization"));
        creds.addAll(invite.headers("authorization"));
        return creds;
    }

    /**
     * The algorithms to challenge with: SHA-256 then MD5 (RFC 8760 section 2.4), but only those the
     * trunk's credentials can be verified with, and MD5 first when some credential has no SHA-256
     * HA1 (hashes imported from an MD5-only system): a client answering the first challenge must
     * not be offered one its credential can never pass. Strangers get the trunk's own order.
     */
    public static List<DigestAlgorithm> algorithms(TrunkProfile trunk) {
        boolean allSha = true;
        boolean anySha = false;
        boolean anyMd5 = false;
        for (Credential c : trunk.credentials()) {
            boolean sha = c.password() != null || c.ha1Sha256() != null;
            boolean md5 = c.password() != null || c.ha1Md5() != null;
            allSha &= sha;
            anySha |= sha;
            anyMd5 |= md5;
        }
        List<DigestAlgorithm> out = new ArrayList<>();
        if (anySha && allSha) {
            out.add(DigestAlgorithm.SHA_256);
        }
        if (anyMd5) {
            out.add(DigestAlgorithm.MD5);
        }
        if (anySha && !allSha) {
            out.add(DigestAlgorithm.SHA_256);
        }
        return out.isEmpty() ? DEFAULT_ALGORITHMS : out;
    }

    private static Optional<DigestServer.Ha1> ha1(TrunkProfile trunk, String user) {
        for (Credential c : trunk.credentials()) {
            if (c.username().equals(user)) {
                String md5 = c.ha1Md5();
                String sha = c.ha1Sha256();
                if (c.password() != null) {
                    md5 = md5 != null ? md5 : DigestAlgorithm.MD5.ha1(user, trunk.realm(), c.password());
                    sha = sha != null ? sha : DigestAlgorithm.SHA_256.ha1(user, trunk.realm(), c.password());
                }
                return Optional.of(new DigestServer.Ha1(md5, sha));
            }
        }
        return Optional.empty();
    }
}
