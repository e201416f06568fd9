package io.softswitch.core.call;

import io.softswitch.config.provisioning.Credential;
import io.softswitch.config.provisioning.PhoneNumber;
import io.softswitch.sip.IdentityHeaders;
import io.softswitch.sip.SipAddress;
import io.softswitch.sip.SipHeader;
import io.softswitch.sip.SipRequest;
import io.softswitch.sip.SipStatus;
import io.softswitch.sip.SipUri;
import io.softswitch.sip.auth.DigestAlgorithm;
import io.softswitch.sip.auth.DigestServer;
import io.softswitch.trunking.CarrierProfile;
import io.softswitch.trunking.FailoverPolicy;
import io.softswitch.trunking.PlanDecision;
import io.softswitch.trunking.RouteDecision;
import io.softswitch.trunking.Router;
import io.softswitch.trunking.RoutingSnapshot;
import io.softswitch.trunking.SipTarget;
import io.softswitch.trunking.TerminationRequest;
import io.softswitch.trunking.TrunkProfile;
import io.softswitch.trunking.limit.Admission;
import io.softswitch.trunking.limit.Permit;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The call router over the trunking module (DESIGN.md §3): a request from a carrier's address is
 * an origination; anything else must match a trunk by Request-URI host or source address, pass its
 * IP ACL and digest (both when both are set), its CPS and concurrency limits, and its number
 * policy, and is then routed over the dial plan.
 */
public final class TrunkingCallRouter implements CallRouter {
    private static final Logger LOG = LoggerFactory.getLogger(TrunkingCallRouter.class);

    /** Told about digest outcomes per source address (brute-force defence). */
    public interface AuthListener {
        AuthListener NONE = new AuthListener() { };

        default void authFailed(String sourceHost) {
        }

        default void authSucceeded(String sourceHost) {
        }
    }

    private final Router router;
    private final DigestServer digest;
    private final AuthListener auth;
    private final String advertisedHost;

    public TrunkingCallRouter(Router router, DigestServer digest, AuthListener auth,
            String advertisedHost) {
        this.router = router;
        this.digest = digest;
        this.auth = auth;
        this.advertisedHost = advertisedHost;
    }

    @Override
    public Decision route(SipRequest invite) {
        RoutingSnapshot snapshot = router.snapshots().current();
        InetAddress source = address(invite.sourceHost());
        if (source == null) {
            return Decision.Reject.of(SipStatus.FORBIDDEN);
        }
        Optional<CarrierProfile> carrier = snapshot.carrierBySource(source);
        if (carrier.isPresent()) {
            return originate(snapshot, carrier.get(), invite);
        }
        TrunkProfile trunk = snapshot.identifyTrunk(invite.requestHost(), source).orElse(null);
        if (trunk == null) {
            LOG.info("no trunk for {} from {}", invite.requestHost(), invite.sourceHost());
            return Decision.Reject.of(SipStatus.FORBIDDEN);
        }
        if (!trunk.hasAcl() && !trunk.requiresDigest()) {
            // Toll fraud: a trunk without ACL and credentials would let anyone who knows its domain
            // name call out on its account. It authenticates nobody (Twilio refuses such trunks too).
            LOG.warn("trunk {}: refused call from {}: the trunk has neither an IP ACL nor credentials",
                    trunk.name(), invite.sourceHost());
            return new Decision.Reject(SipStatus.FORBIDDEN, List.of(), trunk.key());
        }
        if (trunk.hasAcl() && !trunk.aclAllows(source)) {
            LOG.info("trunk {}: {} not in its IP ACL", trunk.name(), invite.sourceHost());
            return new Decision.Reject(SipStatus.FORBIDDEN, List.of(), trunk.key());
        }
        if (trunk.requiresDigest()) {
            Decision challenge = authenticate(trunk, invite);
            if (challenge != null) {
                return challenge;
            }
        }
        PlanDecision decision = router.plan(trunk, new TerminationRequest(trunk.key(),
                invite.requestUser() == null ? "" : invite.requestUser(), callerCandidates(invite)));
        if (decision instanceof RouteDecision.Rejected r) {
            LOG.info("trunk {}: {} {} ({})", trunk.name(), r.sipCode(), r.reasonPhrase(), r.detail());
            return new Decision.Reject(SipStatus.valueOf(r.sipCode(), r.reasonPhrase()), List.of(), trunk.key());
        }
        io.softswitch.trunking.RoutePlan plan = (io.softswitch.trunking.RoutePlan) decision;
        RouteDecision.Routed routed = plan.routed();
        String callingName = invite.from().displayName();
        PlanLimits limits = new PlanLimits(plan);
        for (io.softswitch.trunking.Attempt a : routed.attempts()) {
            CarrierProfile cp = snapshot.carrier(a.carrier()).orElse(null);
            SipUri target = uri(a.address());
            String user = cp == null ? null : emptyToNull(cp.carrier().username());
            String pass = cp == null ? null : emptyToNull(cp.carrier().password());
            String calling = a.callingUser() != null ? a.callingUser()
                    : routed.callingNumber() != null ? routed.callingNumber() : "anonymous";
            limits.add(new Attempt(target, a.calledUser(), calling, callingName, List.of(), user, pass,
                    a.failover().attemptTimeoutMs(), a.failover()::isFinal, a.carrier(), a.target()), a);
        }
        if (limits.attempts().isEmpty()) {
            plan.close();
            return new Decision.Reject(SipStatus.SERVICE_UNAVAILABLE, List.of(), trunk.key());
        }
        return new Decision.Proceed(new RoutePlan(Direction.TRUNKING_TERMINATING, trunk.trunk().accountSid(),
                trunk.key(), routed.callingNumber(), routed.calledNumber(), trunk.trunk().symmetricRtp(),
                limits.attempts(), limits));
    }

    /** The trunking plan's limits behind the engine's attempts. */
    private static final class PlanLimits implements RoutePlan.Limits {
        private final io.softswitch.trunking.RoutePlan plan;
        private final Map<Attempt, io.softswitch.trunking.Attempt> routes = new IdentityHashMap<>();
        private final List<Attempt> attempts = new ArrayList<>();

        PlanLimits(io.softswitch.trunking.RoutePlan plan) {
            this.plan = plan;
        }

        void add(Attempt attempt, io.softswitch.trunking.Attempt route) {
            attempts.add(attempt);
            routes.put(attempt, route);
        }

        List<Attempt> attempts() {
            return attempts;
        }

        @Override
        public Permit acquire(Attempt attempt) {
            io.softswitch.trunking.Attempt route = routes.get(attempt);
            if (route == null) {
                return Permit.NONE;
            }
            return plan.acquire(route) instanceof Admission.Admitted ok ? ok.permit() : null;
        }

        @Override
        public void close() {
            plan.close();
        }
    }

    /** Digest per RFC 3261 §22.3 with the proxy challenge (407); null when authenticated. */
    private Decision authenticate(TrunkProfile trunk, SipRequest invite) {
        List<String> creds = new ArrayList<>(invite.headers("proxy-authorization"));
        creds.addAll(invite.headers("authorization"));
        DigestServer.Verdict v = digest.verify(creds, "INVITE", trunk.realm(), user -> ha1(trunk, user));
        if (v instanceof DigestServer.Verdict.Ok) {
            auth.authSucceeded(invite.sourceHost());
            return null;
        }
        if (v instanceof DigestServer.Verdict.Invalid invalid) {
            LOG.info("trunk {}: digest refused from {} ({})", trunk.name(), invite.sourceHost(), invalid.why());
            auth.authFailed(invite.sourceHost());
            return new Decision.AuthFailure(trunk.key());
        }
        boolean stale = v instanceof DigestServer.Verdict.Stale;
        List<SipHeader> headers = new ArrayList<>();
        for (String c : digest.challenges(trunk.realm(), stale, algorithms(trunk))) {
            headers.add(new SipHeader("Proxy-Authenticate", c));
        }
        return new Decision.Reject(SipStatus.PROXY_AUTHENTICATION_REQUIRED, headers, trunk.key());
    }

    /**
     * The algorithms to challenge with: SHA-256 then MD5 (RFC 8760 §2.4), but only those the
     * trunk's credentials can be verified with, and MD5 first when some credential has no SHA-256
     * HA1 (hashes imported from an MD5-only system): a client answering the first challenge must
     * not be offered one its credential can never pass.
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
        return out.isEmpty() ? List.of(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5) : out;
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

    private Decision originate(RoutingSnapshot snapshot, CarrierProfile carrier, SipRequest invite) {
        PlanDecision decision = router.planOrigination(invite.requestUser() == null ? "" : invite.requestUser());
        if (decision instanceof RouteDecision.Rejected r) {
            LOG.info("origination from {}: {} ({})", carrier.name(), r.sipCode(), r.detail());
            return Decision.Reject.of(SipStatus.valueOf(r.sipCode(), r.reasonPhrase()));
        }
        io.softswitch.trunking.RoutePlan plan = (io.softswitch.trunking.RoutePlan) decision;
        RouteDecision.Routed routed = plan.routed();
        PhoneNumber number = snapshot.number(routed.calledNumber()).orElse(null);
        String trunkKey = number == null ? null : number.trunk();
        String accountSid = number == null ? null : number.accountSid();
        String caller = invite.from().user() == null ? "anonymous" : invite.from().user();
        // RFC 5806: the number the carrier dialed, so the PBX knows which DID was called.
        SipHeader diversion = IdentityHeaders.diversion(routed.calledNumber(), advertisedHost);
        PlanLimits limits = new PlanLimits(plan);
        for (io.softswitch.trunking.Attempt a : routed.attempts()) {
            SipUri target = uri(a.address());
            FailoverPolicy f = a.failover();
            limits.add(new Attempt(target, routed.calledNumber(), caller, invite.from().displayName(),
                    List.of(diversion), null, null, f.attemptTimeoutMs(), f::isFinal, carrier.key(), a.target()), a);
        }
        if (limits.attempts().isEmpty()) {
            plan.close();
            return Decision.Reject.of(SipStatus.NOT_FOUND);
        }
        boolean latch = trunkKey != null && snapshot.trunk(trunkKey).map(t -> t.trunk().symmetricRtp()).orElse(false);
        return new Decision.Proceed(new RoutePlan(Direction.TRUNKING_ORIGINATING, accountSid, trunkKey, caller,
                routed.calledNumber(), latch, limits.attempts(), limits));
    }

    /** From user, then P-Asserted-Identity, then Remote-Party-ID (issue 3: caller ID sources). */
    static List<String> callerCandidates(SipRequest invite) {
        List<String> out = new ArrayList<>();
        SipAddress from = invite.from();
        if (from.user() != null && !from.user().isEmpty()) {
            out.add(from.user());
        }
        out.addAll(IdentityHeaders.assertedUsers(invite));
        return out;
    }

    private static InetAddress address(String ip) {
        if (ip == null || ip.isEmpty() || !(ip.indexOf(':') >= 0 || Character.isDigit(ip.charAt(0)))) {
            return null; // only literal addresses: never resolve names from a message
        }
        try {
            return InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** The address the snapshot compile parsed, in sip-stack's type: no parsing on the call path. */
    private static SipUri uri(SipTarget t) {
        return new SipUri(t.user(), t.host(), t.port(), t.transport());
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
