package io.softswitch.core.call;

import io.softswitch.config.provisioning.PhoneNumber;
import io.softswitch.media.MediaEncryption;
import io.softswitch.sip.IdentityHeaders;
import io.softswitch.sip.SipAddress;
import io.softswitch.sip.SipHeader;
import io.softswitch.sip.SipRequest;
import io.softswitch.sip.SipStatus;
import io.softswitch.sip.SipUri;
import io.softswitch.trunking.Attempt;
import io.softswitch.trunking.CarrierProfile;
import io.softswitch.core.security.TrunkGate;
import io.softswitch.trunking.FailoverPolicy;
import io.softswitch.trunking.PlanDecision;
import io.softswitch.trunking.RefusalStatus;
import io.softswitch.trunking.RouteDecision;
import io.softswitch.trunking.Router;
import io.softswitch.trunking.RoutingSnapshot;
import io.softswitch.trunking.SipTarget;
import io.softswitch.trunking.TerminationRequest;
import io.softswitch.trunking.TrunkProfile;
import io.softswitch.trunking.limit.Admission;
import io.softswitch.trunking.limit.Permit;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The call router over the trunking module (DESIGN.md §3): the {@link TrunkGate} identifies the
 * sender once (a carrier: origination; else a trunk, admitted by its IP ACL and digest, or refused
 * uniformly); an admitted call then passes its trunk's CPS and concurrency limits and number
 * policy, and is routed over the dial plan.
 */
public final class TrunkingCallRouter implements CallRouter {
    private static final Logger LOG = LoggerFactory.getLogger(TrunkingCallRouter.class);

    private final Router router;
    private final TrunkGate gate;
    private final String advertisedHost;

    public TrunkingCallRouter(Router router, TrunkGate gate, String advertisedHost) {
        this.router = router;
        this.gate = gate;
        this.advertisedHost = advertisedHost;
    }

    @Override
    public Decision route(SipRequest invite) {
        RoutingSnapshot snapshot = router.snapshots().current();
        TrunkGate.Verdict verdict = gate.check(snapshot, invite);
        if (verdict instanceof TrunkGate.Verdict.Refuse refused) {
            return refused.decision();
        }
        if (verdict instanceof TrunkGate.Verdict.Originate o) {
            return originate(snapshot, o.carrier(), invite);
        }
        TrunkProfile trunk = ((TrunkGate.Verdict.Admit) verdict).trunk();
        boolean secure = trunk.trunk().secure();
        if (secure && !"tls".equals(invite.transport())) {
            // Twilio Secure trunking: signalling over TLS, else 403 (the SRTP half is the relay's 488).
            LOG.info("trunk {}: Secure trunk INVITE over {}, refused 403", trunk.name(), invite.transport());
            return new Decision.InsecureTransport(trunk.key(), invite.transport());
        }
        Decision.Twiml onNet = twiml(snapshot, Direction.TRUNKING_TERMINATING, trunk.key(), invite);
        if (onNet != null) {
            // A Secure trunk's PBX reaching a TwiML number: SRTP is required on its leg there too.
            return secure ? new Decision.Twiml(onNet.direction(), onNet.accountSid(), onNet.trunk(), onNet.from(),
                    onNet.to(), onNet.webhooks(), true) : onNet;
        }
        PlanDecision decision = router.plan(trunk, new TerminationRequest(trunk.key(),
                invite.requestUser() == null ? "" : invite.requestUser(), callerCandidates(invite)));
        if (decision instanceof RouteDecision.Rejected r) {
            LOG.info("trunk {}: {} ({})", trunk.name(), r.status(), r.detail());
            return new Decision.Reject(sip(r.status()), List.of(), trunk.key());
        }
        return termination(snapshot, (io.softswitch.trunking.RoutePlan) decision, invite.from().displayName(),
                Direction.TRUNKING_TERMINATING, trunk.trunk().accountSid(), trunk.key(), trunk.trunk().symmetricRtp(),
                secure ? MediaEncryption.SDES : MediaEncryption.NONE);
    }

    /** A termination plan's attempts over the carriers' gateways, with their credentials and limits. */
    private static Decision termination(RoutingSnapshot snapshot, io.softswitch.trunking.RoutePlan plan,
            String callingName, Direction direction, String accountSid, String trunkKey, boolean symmetricRtp,
            MediaEncryption encryptionA) {
        RouteDecision.Routed routed = plan.routed();
        PlanLimits limits = new PlanLimits(plan);
        for (Attempt a : routed.attempts()) {
            CarrierProfile cp = snapshot.carrier(a.carrier()).orElse(null);
            SipUri target = uri(a.address());
            String user = cp == null ? null : emptyToNull(cp.carrier().username());
            String pass = cp == null ? null : emptyToNull(cp.carrier().password());
            String calling = a.callingUser() != null ? a.callingUser()
                    : routed.callingNumber() != null ? routed.callingNumber() : "anonymous";
            limits.add(new OutboundInvite(target, a.calledUser(), calling, callingName, List.of(), user, pass,
                    a.failover().attemptTimeoutMs(), a.failover()::isFinal, a.carrier(), a.target(),
                    cp == null ? MediaEncryption.NONE : encryption(cp.carrier().mediaEncryption())), a);
        }
        if (limits.attempts().isEmpty()) {
            plan.close();
            return new Decision.Reject(SipStatus.SERVICE_UNAVAILABLE, List.of(), trunkKey);
        }
        return new Decision.Proceed(new RoutePlan(direction, accountSid, trunkKey, routed.callingNumber(),
                routed.calledNumber(), symmetricRtp, limits.attempts(), limits, encryptionA));
    }

    /**
     * A call the switch places to an E.164 number for {@code accountSid} (Calls API, {@code <Dial><Number>}):
     * admitted against the limits of the caller number's trunk (or the account's own pool when the number
     * has none) and routed over the dial plan like that trunk's PBX call (blocked prefixes, failover,
     * carrier limits). A limit's refusal is recognized by {@link #refusedByLimit} so the Calls API can queue and retry.
     *
     * @param from the caller ID, a number of the account
     */
    public Decision planCall(Direction direction, String accountSid, String to, String from) {
        RoutingSnapshot snapshot = router.snapshots().current();
        String trunkKey = snapshot.number(from).map(PhoneNumber::trunk).orElse(null);
        PlanDecision decision = router.planCall(accountSid, trunkKey, to, from);
        if (decision instanceof RouteDecision.Rejected r) {
            LOG.info("call {} -> {} for {}: {} ({})", from, to, accountSid, r.status(), r.detail());
            return new Decision.Reject(sip(r.status()), List.of(), trunkKey);
        }
        // The switch's own leg A is a local media endpoint: nothing to encrypt on it.
        return termination(snapshot, (io.softswitch.trunking.RoutePlan) decision, null, direction, accountSid, trunkKey,
                false, MediaEncryption.NONE);
    }

    /** Whether {@code reject} is a limit's refusal (CPS or concurrency): the Calls API retries those. */
    public static boolean refusedByLimit(Decision decision) {
        return decision instanceof Decision.Reject r && r.status().code() == RefusalStatus.CPS_LIMIT_EXCEEDED.code()
                && (r.status().reasonPhrase().equals(RefusalStatus.CPS_LIMIT_EXCEEDED.reason())
                || r.status().reasonPhrase().equals(RefusalStatus.CONCURRENT_CALL_LIMIT_EXCEEDED.reason()));
    }

    /**
     * Why the switch would refuse to call {@code to} for {@code accountSid} now, without taking any
     * limit (blocked prefix, no route, all gateways down); null when it routes.
     */
    public RouteDecision.Rejected dryRun(String accountSid, String to, String from) {
        RoutingSnapshot snapshot = router.snapshots().current();
        String trunkKey = snapshot.number(from).map(PhoneNumber::trunk).orElse(null);
        return router.routeCall(trunkKey, to, from) instanceof RouteDecision.Rejected r ? r : null;
    }

    /**
     * A call the switch places to a SIP URI ({@code <Sip>}, {@code To=sip:...}): one attempt, digest
     * credentials when the far end challenges, no carrier; the URI was checked by the caller against
     * the tenants' target policy.
     */
    public static Decision sipCall(Direction direction, String accountSid, SipUri target, String from, String username,
            String password, int timeoutMs) {
        OutboundInvite invite = new OutboundInvite(target, target.user() == null ? "" : target.user(),
                from == null ? "anonymous" : from, null, List.of(), emptyToNull(username), emptyToNull(password),
                timeoutMs, code -> true, null, null);
        return new Decision.Proceed(new RoutePlan(direction, accountSid, null, from, target.toString(), false,
                List.of(invite), RoutePlan.Limits.NONE));
    }

    /** The trunking plan's limits behind the engine's attempts. */
    private static final class PlanLimits implements RoutePlan.Limits {
        private final io.softswitch.trunking.RoutePlan plan;
        private final Map<OutboundInvite, Attempt> routes = new IdentityHashMap<>();
        private final List<OutboundInvite> attempts = new ArrayList<>();

        PlanLimits(io.softswitch.trunking.RoutePlan plan) {
            this.plan = plan;
        }

        void add(OutboundInvite attempt, Attempt route) {
            attempts.add(attempt);
            routes.put(attempt, route);
        }

        List<OutboundInvite> attempts() {
            return attempts;
        }

        @Override
        public Permit acquire(OutboundInvite attempt) {
            Attempt route = routes.get(attempt);
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

    private Decision originate(RoutingSnapshot snapshot, CarrierProfile carrier, SipRequest invite) {
        Decision.Twiml twiml = twiml(snapshot, Direction.TRUNKING_ORIGINATING, null, invite);
        if (twiml != null) {
            return twiml;
        }
        PlanDecision decision = router.planOrigination(invite.requestUser() == null ? "" : invite.requestUser());
        if (decision instanceof RouteDecision.Rejected r) {
            LOG.info("origination from {}: {} ({})", carrier.name(), r.status(), r.detail());
            return Decision.Reject.of(sip(r.status()));
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
        // Twilio Secure trunking: origination to a Secure trunk's PBX uses TLS and SRTP.
        boolean secure = trunkKey != null && snapshot.trunk(trunkKey).map(t -> t.trunk().secure()).orElse(false);
        for (Attempt a : routed.attempts()) {
            SipUri target = uri(a.address());
            if (secure && !"tls".equals(target.transport())) {
                target = new SipUri(target.user(), target.host(), target.port(), "tls");
            }
            FailoverPolicy f = a.failover();
            limits.add(new OutboundInvite(target, routed.calledNumber(), caller, invite.from().displayName(),
                    List.of(diversion), null, null, f.attemptTimeoutMs(), f::isFinal, carrier.key(), a.target(),
                    secure ? MediaEncryption.SDES : MediaEncryption.NONE), a);
        }
        if (limits.attempts().isEmpty()) {
            plan.close();
            return Decision.Reject.of(SipStatus.NOT_FOUND);
        }
        boolean latch = trunkKey != null && snapshot.trunk(trunkKey).map(t -> t.trunk().symmetricRtp()).orElse(false);
        // Twilio's DisasterRecoveryUrl: the TwiML that takes the call when every origination URL failed.
        io.softswitch.config.provisioning.VoiceWebhooks dr = trunkKey == null ? null
                : snapshot.trunk(trunkKey).map(t -> t.trunk().disasterRecovery()).orElse(null);
        return new Decision.Proceed(new RoutePlan(Direction.TRUNKING_ORIGINATING, accountSid, trunkKey, caller,
                routed.calledNumber(), latch, limits.attempts(), limits, encryption(carrier.carrier().mediaEncryption()),
                dr == null ? null : new Decision.Twiml(Direction.TRUNKING_ORIGINATING, accountSid, trunkKey, caller,
                        routed.calledNumber(), dr)));
    }

    /**
     * Issue 18: a call to a number the switch owns that has no trunk and a VoiceUrl goes to its TwiML
     * application (Twilio's rule: a number with a trunk goes to the trunk), whether a carrier
     * (origination) or a trunk's PBX (on-net, dialled in E.164) calls it; else null.
     */
    private static Decision.Twiml twiml(RoutingSnapshot snapshot, Direction direction, String trunk, SipRequest invite) {
        String e164 = io.softswitch.trunking.Router.originationNumber(invite.requestUser());
        PhoneNumber number = e164 == null ? null : snapshot.number(e164).orElse(null);
        if (number == null || !number.answeredByTwiml()) {
            return null;
        }
        String from = invite.from().user() == null ? "anonymous" : invite.from().user();
        return new Decision.Twiml(direction, number.accountSid(), trunk, from, e164, number.voice());
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

    /** The address the snapshot compile parsed, in sip-stack's type: no parsing on the call path. */
    private static SipUri uri(SipTarget t) {
        return new SipUri(t.user(), t.host(), t.port(), t.transport());
    }

    /** Routing's refusal in the stack's status type (the one place the two meet). */
    static SipStatus sip(RefusalStatus status) {
        return SipStatus.valueOf(status.code(), status.reason());
    }

    /** A carrier's {@code media_encryption} in the relay's type (the one place the two meet). */
    static MediaEncryption encryption(io.softswitch.config.provisioning.MediaEncryption e) {
        return e == io.softswitch.config.provisioning.MediaEncryption.SDES ? MediaEncryption.SDES : MediaEncryption.NONE;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
