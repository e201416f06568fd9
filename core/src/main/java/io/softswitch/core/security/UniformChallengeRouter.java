package io.softswitch.core.security;

import io.softswitch.core.call.CallRouter;
import io.softswitch.core.call.Decision;
import io.softswitch.core.call.TrunkingCallRouter;
import io.softswitch.sip.SipHeader;
import io.softswitch.sip.SipRequest;
import io.softswitch.sip.SipStatus;
import io.softswitch.sip.auth.DigestAlgorithm;
import io.softswitch.sip.auth.DigestServer;
import io.softswitch.trunking.RoutingSnapshot;
import io.softswitch.trunking.SnapshotHolder;
import io.softswitch.trunking.TrunkProfile;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers every new INVITE that no trunk lets in by its source address exactly as a digest-only
 * trunk answers a stranger, so that scanners ({@code svwar}, raw probes) cannot tell existing trunk
 * domains and users from made-up ones (DESIGN.md §3 step 3; issue 8).
 *
 * <p>Before this, a digest-only trunk's domain got a {@code 407} challenge while an unknown domain,
 * or a trunk whose IP ACL does not hold the source, got {@code 403}: the status alone enumerated
 * trunks. Now, for a request that is neither from a carrier nor from inside the ACL of the trunk it
 * names or matches, and that is not for a digest-only trunk (those are {@link #delegate}'s job):
 *
 * <ol>
 *   <li>without credentials for the realm: {@code 407 Proxy Authentication Required} with the
 *       {@code Proxy-Authenticate} challenges the trunk itself would send (its realm, its algorithm
 *       order), or for an unknown host those of a password trunk (SHA-256 then MD5, RFC 8760 §2.4)
 *       in a {@link DecoyRealms decoy} realm that looks like a real one and is stable per host;</li>
 *   <li>with credentials: they are checked like any others against no user at all (so it costs what
 *       a wrong password costs), reported as an authentication failure of the source (so the
 *       back-off and block of {@code sip.security} apply: guessing passwords for a made-up domain
 *       is throttled like for a real one) and answered {@code 403 Forbidden}, the answer to a wrong
 *       password.</li>
 * </ol>
 *
 * <p>REGISTER and OPTIONS never reach a router: sip-stack answers them the same whatever the
 * domain ({@code 405} and {@code 200}). Same threading as {@link CallRouter}: pure, never blocks.
 */
public final class UniformChallengeRouter implements CallRouter {
    private static final Logger LOG = LoggerFactory.getLogger(UniformChallengeRouter.class);
    private static final List<DigestAlgorithm> DEFAULT_ALGORITHMS = List.of(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5);

    private final CallRouter delegate;
    private final SnapshotHolder snapshots;
    private final DigestServer digest;
    private final DecoyRealms decoys;
    private final TrunkingCallRouter.AuthListener auth;

    /**
     * @param delegate the real router; {@code digest} must be the server it challenges with, so
     *                 nonces issued here verify there and back
     */
    public UniformChallengeRouter(CallRouter delegate, SnapshotHolder snapshots, DigestServer digest,
            DecoyRealms decoys, TrunkingCallRouter.AuthListener auth) {
        this.delegate = delegate;
        this.snapshots = snapshots;
        this.digest = digest;
        this.decoys = decoys;
        this.auth = auth;
    }

    @Override
    public Decision route(SipRequest invite) {
        RoutingSnapshot snapshot = snapshots.current();
        InetAddress source = literal(invite.sourceHost());
        if (source == null || snapshot.carrierBySource(source).isPresent()) {
            return delegate.route(invite);
        }
        TrunkProfile trunk = snapshot.identifyTrunk(invite.requestHost(), source).orElse(null);
        if (trunk != null && (trunk.hasAcl() ? trunk.aclAllows(source) : trunk.requiresDigest())) {
            return delegate.route(invite); // let in by address, or a real digest handshake
        }
        // Refused whatever the caller sends: look like the digest handshake of a real trunk.
        String realm = trunk != null ? trunk.realm() : decoys.realmFor(invite.requestHost(), snapshot);
        String trunkKey = trunk == null ? null : trunk.key();
        List<String> creds = new ArrayList<>(invite.headers("proxy-authorization"));
        creds.addAll(invite.headers("authorization"));
        DigestServer.Verdict v = digest.verify(creds, "INVITE", realm, user -> Optional.empty());
        if (v instanceof DigestServer.Verdict.Missing) {
            LOG.debug("{} from {}: challenged, {}", invite.requestHost(), invite.sourceHost(),
                    trunk == null ? "no such trunk" : "trunk " + trunk.name() + " does not let it in");
            List<SipHeader> headers = new ArrayList<>();
            for (String c : digest.challenges(realm, false, trunk == null ? DEFAULT_ALGORITHMS : algorithms(trunk))) {
                headers.add(new SipHeader("Proxy-Authenticate", c));
            }
            return new Decision.Reject(SipStatus.PROXY_AUTHENTICATION_REQUIRED, headers, trunkKey);
        }
        LOG.info("{} from {}: digest refused ({})", invite.requestHost(), invite.sourceHost(),
                trunk == null ? "no such trunk" : "trunk " + trunk.name() + " does not let it in");
        auth.authFailed(invite.sourceHost());
        return new Decision.AuthFailure(trunkKey);
    }

    /**
     * The challenge order a trunk's own digest handshake uses ({@link TrunkingCallRouter#algorithms}),
     * so a trunk answers strangers in the order it answers its PBXs; a trunk without credentials,
     * like an unknown host, gets what password credentials get.
     */
    static List<DigestAlgorithm> algorithms(TrunkProfile trunk) {
        return TrunkingCallRouter.algorithms(trunk);
    }

    private static InetAddress literal(String ip) {
        if (ip == null || ip.isEmpty() || !(ip.indexOf(':') >= 0 || Character.isDigit(ip.charAt(0)))) {
            return null; // only literal addresses: never resolve names from a message
        }
        try {
            return InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
