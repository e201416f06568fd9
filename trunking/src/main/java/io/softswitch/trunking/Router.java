package io.softswitch.trunking;

import io.softswitch.config.provisioning.PhoneNumber;
import io.softswitch.config.provisioning.RouteAction;
import io.softswitch.trunking.dialplan.DialPlan;
import io.softswitch.trunking.dialplan.RouteEntry;
import io.softswitch.trunking.health.GatewayStatus;
import io.softswitch.trunking.internal.WeightedOrder;
import io.softswitch.trunking.limit.Admission;
import io.softswitch.trunking.limit.CallLimiter;
import io.softswitch.trunking.limit.Permit;
import io.softswitch.trunking.number.E164Number;
import io.softswitch.trunking.number.NumberResult;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Decides calls. The call engine, for a new INVITE: identifies the trunk
 * ({@link RoutingSnapshot#identifyTrunk}), authenticates, then asks {@link #plan} for a
 * {@link RoutePlan}: admitted against the trunk and account limits and routed. It walks the plan's
 * attempts, {@link RoutePlan#acquire acquiring} each carrier limit before sending, and closes the
 * plan when the call ends. Inbound carrier calls go to {@link #planOrigination}.
 * {@link #terminate} and {@link #originate} route without limits (dry runs, the CLI).
 *
 * <p>Thread-safe: each decision reads one snapshot from the holder. With the default constructor
 * the weighted draws use {@link ThreadLocalRandom}; a fixed generator (tests) must be thread-safe
 * if the router is shared.
 */
public final class Router {
    private final SnapshotHolder snapshots;
    private final GatewayStatus gateways;
    private final CallLimiter limiter;
    private final Clock clock;
    private final RandomGenerator random; // null = ThreadLocalRandom

    public Router(SnapshotHolder snapshots, GatewayStatus gateways, CallLimiter limiter, Clock clock) {
        this(snapshots, gateways, limiter, clock, null);
    }

    /** A router drawing weighted orders from {@code random} (seed it for reproducible tests). */
    public Router(SnapshotHolder snapshots, GatewayStatus gateways, CallLimiter limiter, Clock clock,
            RandomGenerator random) {
        this.snapshots = Objects.requireNonNull(snapshots, "snapshots");
        this.gateways = Objects.requireNonNull(gateways, "gateways");
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = random;
    }

    public SnapshotHolder snapshots() {
        return snapshots;
    }

    /**
     * Admits and routes a new call from {@code trunk} (identified and authenticated by the caller):
     * its CPS and concurrency first, then its account pool's, then {@link #terminate}. A refused or
     * rejected call holds nothing; a routed one holds its permit in the returned plan until the plan
     * is closed.
     */
    public PlanDecision plan(TrunkProfile trunk, TerminationRequest request) {
        Admission admission = limiter.tryAcquire(trunk.limits());
        if (admission instanceof Admission.Refused refused) {
            return RouteDecision.limitExceeded(refused);
        }
        Permit permit = ((Admission.Admitted) admission).permit();
        RouteDecision decision;
        try {
            decision = terminate(request);
        } catch (RuntimeException e) {
            permit.release();
            throw e;
        }
        if (decision instanceof RouteDecision.Rejected rejected) {
            permit.release();
            return rejected;
        }
        return new RoutePlan((RouteDecision.Routed) decision, permit, limiter);
    }

    /** {@link #originate} as a plan: origination takes no trunk limit, its attempts none either. */
    public PlanDecision planOrigination(String calledUser) {
        RouteDecision decision = originate(calledUser);
        if (decision instanceof RouteDecision.Rejected rejected) {
            return rejected;
        }
        return new RoutePlan((RouteDecision.Routed) decision, Permit.NONE, limiter);
    }

    /** Normalizes the numbers of a call from a PBX and computes its attempt list. */
    public RouteDecision terminate(TerminationRequest request) {
        RoutingSnapshot snapshot = snapshots.current();
        TrunkProfile trunk = snapshot.trunk(request.trunk()).orElse(null);
        if (trunk == null) {
            return RouteDecision.unknownTrunk("trunk '" + request.trunk() + "' is not provisioned");
        }
        NumberResult called = trunk.normalizer().normalize(trunk.calledRewriter().apply(request.calledUser()));
        if (called instanceof NumberResult.Invalid invalid) {
            return RouteDecision.invalidNumber("called '" + request.calledUser() + "': " + invalid.reason());
        }
        E164Number caller = null;
        String callerText = request.callerCandidates().isEmpty() ? null : request.callerCandidates().get(0);
        for (String candidate : request.callerCandidates()) {
            if (trunk.normalizer().normalize(trunk.callingRewriter().apply(candidate)) instanceof NumberResult.Global g) {
                caller = g.number();
                callerText = caller.value();
                break;
            }
        }
        if (trunk.trunk().callerIdMustBeOwned()
                && (caller == null || !snapshot.ownsNumber(trunk.trunk().accountSid(), caller.value()))) {
            return RouteDecision.invalidCallerId("caller " + request.callerCandidates()
                    + " is not a number of account " + trunk.trunk().accountSid());
        }
        Instant now = clock.instant();
        if (called instanceof NumberResult.ShortCode shortCode) {
            List<RouteEntry> usable = new ArrayList<>();
            for (RouteEntry e : snapshot.emergencyRoutes()) {
                if (e.appliesTo(trunk.key()) && e.activeAt(now)) {
                    usable.add(e);
                }
            }
            if (usable.isEmpty()) {
                return RouteDecision.noRoute("short code " + shortCode.digits() + " (" + shortCode.region()
                        + "): no emergency route");
            }
            return attempts(snapshot, usable, shortCode.digits(), callerText, null, caller, "emergency");
        }
        return route(snapshot, trunk.key(), ((NumberResult.Global) called).number(), callerText, caller, now);
    }

    /** The dial plan's attempts for an E.164 number, with the routes that apply to {@code trunkKey} (null: none). */
    private RouteDecision route(RoutingSnapshot snapshot, String trunkKey, E164Number number, String callerText,
            E164Number caller, Instant now) {
        DialPlan.Match match = snapshot.dialPlan().select(number.digits(),
                e -> e.appliesTo(trunkKey) && e.activeAt(now));
        if (match == null) {
            return RouteDecision.noRoute(number.value() + ": no route matches");
        }
        return attempts(snapshot, match.entries(), number.value(), callerText, number, caller, match.prefix());
    }

    /**
     * Routes a call the switch places itself (Calls API, TwiML {@code <Dial>}, issue 18/19) to an
     * E.164 number, without limits (a dry run: the API refuses a blocked or unroutable number before
     * queueing the call). With {@code trunkKey} (the trunk of the caller's number) the trunk's routes
     * apply as to a call from its PBX; without, only the routes for every trunk. The caller ID is
     * sent as given.
     */
    public RouteDecision routeCall(String trunkKey, String calledE164, String callerE164) {
        RoutingSnapshot snapshot = snapshots.current();
        if (!E164Number.isSyntax(calledE164)) {
            return RouteDecision.invalidNumber("called '" + calledE164 + "': not an E.164 number");
        }
        E164Number called = new E164Number(calledE164);
        E164Number caller = callerE164 != null && E164Number.isSyntax(callerE164) ? new E164Number(callerE164) : null;
        return route(snapshot, trunkKey, called, callerE164, caller, clock.instant());
    }

    /**
     * {@link #routeCall} admitted against limits: the trunk's and its account pool's when
     * {@code trunkKey} names a trunk, else the account's own ({@code accountSid}); each attempt's
     * carrier limit is taken by {@link RoutePlan#acquire} as for a PBX's call. A call refused by a
     * limit holds nothing (the Calls API keeps it queued and asks again).
     */
    public PlanDecision planCall(String accountSid, String trunkKey, String calledE164, String callerE164) {
        RoutingSnapshot snapshot = snapshots.current();
        TrunkProfile trunk = snapshot.trunk(trunkKey).orElse(null);
        List<io.softswitch.trunking.limit.LimitScope> scopes = trunk != null ? trunk.limits()
                : snapshot.accountLimit(accountSid).map(List::of).orElse(List.of());
        Admission admission = limiter.tryAcquire(scopes);
        if (admission instanceof Admission.Refused refused) {
            return RouteDecision.limitExceeded(refused);
        }
        Permit permit = ((Admission.Admitted) admission).permit();
        RouteDecision decision;
        try {
            decision = routeCall(trunk == null ? null : trunk.key(), calledE164, callerE164);
        } catch (RuntimeException e) {
            permit.release();
            throw e;
        }
        if (decision instanceof RouteDecision.Rejected rejected) {
            permit.release();
            return rejected;
        }
        return new RoutePlan((RouteDecision.Routed) decision, permit, limiter);
    }

    private RouteDecision attempts(RoutingSnapshot snapshot, List<RouteEntry> entries, String calledNumber,
            String callerText, E164Number called, E164Number caller, String prefix) {
        for (RouteEntry e : entries) {
            if (e.action() == RouteAction.BLOCK) {
                return RouteDecision.blocked(calledNumber + ": blocked by route "
                        + (e.name() == null ? "'" + prefix + "'" : "'" + e.name() + "'"));
            }
        }
        RandomGenerator rnd = random();
        List<Attempt> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int gatewaysDown = 0;
        for (RouteEntry e : WeightedOrder.order(entries, RouteEntry::priority, RouteEntry::weight, rnd)) {
            if (!seen.add(e.carrier())) {
                continue;
            }
            CarrierProfile carrier = snapshot.carrier(e.carrier()).orElseThrow();
            String calledUser = called == null ? calledNumber : carrier.calledUser(called);
            String callingUser = caller == null ? null : carrier.callingUser(caller);
            for (SipDestination g : WeightedOrder.order(carrier.gateways(), SipDestination::priority,
                    SipDestination::weight, rnd)) {
                if (!g.enabled()) {
                    continue;
                }
                if (gateways.isDown(carrier.gatewayId(g))) {
                    gatewaysDown++;
                    continue;
                }
                out.add(new Attempt(carrier.key(), g.name(), g.address(), calledUser, callingUser,
                        carrier.failover(), carrier.limit()));
            }
        }
        if (out.isEmpty()) {
            return RouteDecision.allGatewaysDown(calledNumber + ": carriers " + seen + " have no usable gateway ("
                    + gatewaysDown + " down)");
        }
        return new RouteDecision.Routed(calledNumber, callerText, prefix, out);
    }

    /**
     * Finds where a call from a carrier for {@code calledUser} goes: the number's trunk and its
     * enabled origination URLs by priority, then weight, with the origination failover policy.
     * {@code calledUser} may lack the {@code +} (many carriers send {@code 14155550100}).
     */
    public RouteDecision originate(String calledUser) {
        RoutingSnapshot snapshot = snapshots.current();
        String e164 = originationNumber(calledUser);
        PhoneNumber number = e164 == null ? null : snapshot.number(e164).orElse(null);
        if (number == null) {
            return RouteDecision.notFound("'" + calledUser + "' is not a provisioned number");
        }
        TrunkProfile trunk = number.trunk() == null ? null : snapshot.trunk(number.trunk()).orElse(null);
        if (trunk == null) {
            return RouteDecision.notFound(e164 + " is not assigned to a trunk");
        }
        List<Attempt> out = new ArrayList<>();
        for (SipDestination u : WeightedOrder.order(trunk.originationUrls(), SipDestination::priority,
                SipDestination::weight, random())) {
            if (u.enabled()) {
                out.add(new Attempt(null, u.name(), u.address(), e164, null, FailoverPolicy.DEFAULT, null));
            }
        }
        if (out.isEmpty()) {
            return RouteDecision.notFound(e164 + ": trunk '" + trunk.name() + "' has no enabled origination URL");
        }
        return new RouteDecision.Routed(e164, null, e164, out);
    }

    /** {@code +} and digits after dropping {@code tel:}, parameters and visual separators; null if none. */
    public static String originationNumber(String user) {
        if (user == null) {
            return null;
        }
        String s = user.trim();
        if (s.regionMatches(true, 0, "tel:", 0, 4)) {
            s = s.substring(4);
        }
        int semi = s.indexOf(';');
        if (semi >= 0) {
            s = s.substring(0, semi);
        }
        StringBuilder sb = new StringBuilder("+");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                sb.append(c);
            } else if (!(c == '+' && i == 0) && c != '-' && c != '.' && c != '(' && c != ')' && c != ' ') {
                return null;
            }
        }
        String n = sb.toString();
        return E164Number.isSyntax(n) ? n : null;
    }

    private RandomGenerator random() {
        return random != null ? random : ThreadLocalRandom.current();
    }
}
