package io.softswitch.trunking;

import static io.softswitch.trunking.Fixtures.block;
import static io.softswitch.trunking.Fixtures.carrier;
import static io.softswitch.trunking.Fixtures.disabled;
import static io.softswitch.trunking.Fixtures.gw;
import static io.softswitch.trunking.Fixtures.route;
import static io.softswitch.trunking.Fixtures.trunk;
import static io.softswitch.trunking.Fixtures.url;
import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.config.Provisioning;
import io.softswitch.config.provisioning.Account;
import io.softswitch.config.provisioning.Carrier;
import io.softswitch.config.provisioning.NumberFormat;
import io.softswitch.config.provisioning.NumberNormalization;
import io.softswitch.config.provisioning.PhoneNumber;
import io.softswitch.config.provisioning.RewriteRule;
import io.softswitch.config.provisioning.Route;
import io.softswitch.config.provisioning.RouteAction;
import io.softswitch.config.provisioning.TimeWindow;
import io.softswitch.config.provisioning.Trunk;
import io.softswitch.trunking.health.GatewayId;
import io.softswitch.trunking.limit.Admission;
import io.softswitch.trunking.limit.InMemoryCallLimiter;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** Numbers: US 555-01xx (NANPA fictional) and the Ofcom drama range +44 20 7946 0xxx. */
class RouterTest {
    /** A Friday, 12:00 UTC. */
    private static final Instant NOW = Instant.parse("2024-01-05T12:00:00Z");

    private final Trunk pbx = trunk("pbx", NumberNormalization.NORMALIZE, "US");
    private final Carrier alpha = carrier("alpha", gw("a1", 0, 1), gw("a2", 1, 1));
    private final Carrier beta = carrier("beta", NumberFormat.NATIONAL, "1234#", gw("b1", 0, 1));
    private Set<GatewayId> down = new HashSet<>();

    private Router router(Provisioning p) {
        return router(p, new SplittableRandom(42));
    }

    private Router router(Provisioning p, RandomGenerator random) {
        return new Router(new SnapshotHolder(RoutingSnapshot.build(p)), down::contains, new InMemoryCallLimiter(),
                Clock.fixed(NOW, ZoneOffset.UTC), random);
    }

    private Provisioning plan(List<Route> routes) {
        return new Provisioning(List.of(pbx), List.of(alpha, beta), List.of(), routes);
    }

    @Test
    void aCallTheSwitchPlacesWithoutATrunkTakesOnlyTheRoutesForEveryTrunk() {
        Router r = router(plan(List.of(route("", "beta", 0, 1), route("1415", "alpha", "pbx", List.of()))));
        RouteDecision.Routed trunkless = (RouteDecision.Routed) r.routeCall(null, "+14155550100", "+14155550199");
        assertThat(trunkless.matchedPrefix()).isEmpty();
        assertThat(trunkless.attempts()).extracting(Attempt::carrier).containsOnly("beta");
        RouteDecision.Routed asPbx = (RouteDecision.Routed) r.routeCall("pbx", "+14155550100", "+14155550199");
        assertThat(asPbx.matchedPrefix()).isEqualTo("1415");
    }

    @Test
    void aCallTheSwitchPlacesCannotReachABlockedPrefixNorANonE164Number() {
        Router r = router(plan(List.of(block("1900"), route("", "beta", 0, 1))));
        assertThat(((RouteDecision.Rejected) r.routeCall(null, "+19005550100", "+14155550199")).status())
                .isEqualTo(RefusalStatus.DESTINATION_BLOCKED);
        assertThat(((RouteDecision.Rejected) r.routeCall(null, "4155550100", null)).status())
                .isEqualTo(RefusalStatus.INVALID_PHONE_NUMBER);
    }

    @Test
    void aCallTheSwitchPlacesWithoutATrunkHoldsItsAccountsConcurrencyUntilClosed() {
        Provisioning p = new Provisioning(List.of(pbx), List.of(alpha, beta), List.of(), List.of(route("", "beta", 0, 1)),
                List.of(new io.softswitch.config.provisioning.Account(Fixtures.ACCOUNT, "acme", 0, 1,
                        io.softswitch.config.provisioning.AccountStatus.ACTIVE)));
        Router r = router(p);
        PlanDecision first = r.planCall(Fixtures.ACCOUNT, null, "+14155550100", "+14155550199");
        assertThat(first).isInstanceOf(RoutePlan.class);
        assertThat(((RouteDecision.Rejected) r.planCall(Fixtures.ACCOUNT, null, "+14155550100", "+14155550199")).status())
                .isEqualTo(RefusalStatus.CONCURRENT_CALL_LIMIT_EXCEEDED);
        ((RoutePlan) first).close();
        assertThat(r.planCall(Fixtures.ACCOUNT, null, "+14155550100", "+14155550199")).isInstanceOf(RoutePlan.class);
    }

    @Test
    void routesTheLongestPrefixAndExpandsGatewaysByPriority() {
        Router r = router(plan(List.of(route("", "beta", 0, 1), route("1415", "alpha", 0, 1))));
        RouteDecision d = r.terminate(TerminationRequest.of("pbx", "(415) 555-0100", "4155550199"));
        assertThat(d).isInstanceOf(RouteDecision.Routed.class);
        RouteDecision.Routed routed = (RouteDecision.Routed) d;
        assertThat(routed.calledNumber()).isEqualTo("+14155550100");
        assertThat(routed.callingNumber()).isEqualTo("+14155550199");
        assertThat(routed.matchedPrefix()).isEqualTo("1415");
        assertThat(routed.attempts()).extracting(Attempt::target).containsExactly("a1", "a2");
        assertThat(routed.attempts().get(0)).isEqualTo(new Attempt("alpha", "a1", new SipTarget(null, "a1.carrier.example", 5060, null),
                "+14155550100", "+14155550199", routed.attempts().get(0).failover(),
                RoutingSnapshot.build(plan(List.of())).carrier("alpha").orElseThrow().limit()));
    }

    @Test
    void carrierGetsItsNumberFormatAndTechPrefix() {
        Router r = router(plan(List.of(route("", "beta", 0, 1))));
        RouteDecision.Routed d = (RouteDecision.Routed) r.terminate(TerminationRequest.of("pbx", "+442079460000",
                "+14155550100"));
        assertThat(d.attempts().get(0).calledUser()).isEqualTo("1234#02079460000");
        assertThat(d.attempts().get(0).callingUser()).isEqualTo("4155550100");
    }

    @Test
    void carrierRewritesApplyAfterItsFormat() {
        Carrier rewriting = Fixtures.withCalledRewrites(carrier("alpha", gw("a1", 0, 1)),
                List.of(new RewriteRule(RewriteRule.Kind.PREFIX, null, "00")));
        Provisioning p = new Provisioning(List.of(pbx), List.of(rewriting), List.of(), List.of(route("", "alpha", 0, 1)));
        RouteDecision.Routed d = (RouteDecision.Routed) router(p).terminate(TerminationRequest.of("pbx", "+442079460000"));
        assertThat(d.attempts().get(0).calledUser()).isEqualTo("00+442079460000");
    }

    @Test
    void trunkRewritesApplyBeforeNormalization() {
        Trunk outsideLine = Fixtures.withRewrites(pbx, List.of(new RewriteRule(RewriteRule.Kind.STRIP, null, "1")),
                List.of());
        Provisioning p = new Provisioning(List.of(outsideLine), List.of(alpha), List.of(), List.of(route("", "alpha", 0, 1)));
        RouteDecision.Routed d = (RouteDecision.Routed) router(p).terminate(TerminationRequest.of("pbx", "94155550100"));
        assertThat(d.calledNumber()).isEqualTo("+14155550100");
    }

    @Test
    void invalidNumberIs400InvalidPhoneNumber() {
        Trunk strict = trunk("pbx", NumberNormalization.STRICT, "US");
        Provisioning p = new Provisioning(List.of(strict), List.of(alpha), List.of(), List.of(route("", "alpha", 0, 1)));
        RouteDecision d = router(p).terminate(TerminationRequest.of("pbx", "4155550100"));
        assertThat(d).isInstanceOf(RouteDecision.Rejected.class);
        assertThat(((RouteDecision.Rejected) d).status().code()).isEqualTo(400);
        assertThat(((RouteDecision.Rejected) d).status().reason()).isEqualTo("Invalid Phone Number");
    }

    @Test
    void blockRouteIs403() {
        Router r = router(plan(List.of(route("", "alpha", 0, 1), block("1900"))));
        RouteDecision.Rejected d = (RouteDecision.Rejected) r.terminate(TerminationRequest.of("pbx", "+19005550100"));
        assertThat(d.status().code()).isEqualTo(403);
        assertThat(d.status().reason()).isEqualTo("Destination Blocked");
    }

    @Test
    void noMatchingRouteIs404() {
        Router r = router(plan(List.of(route("44", "alpha", 0, 1))));
        RouteDecision.Rejected d = (RouteDecision.Rejected) r.terminate(TerminationRequest.of("pbx", "+14155550100"));
        assertThat(d.status().code()).isEqualTo(404);
    }

    @Test
    void unknownTrunkIs403() {
        RouteDecision.Rejected d = (RouteDecision.Rejected) router(plan(List.of()))
                .terminate(TerminationRequest.of("nobody", "+14155550100"));
        assertThat(d.status().code()).isEqualTo(403);
    }

    @Test
    void downAndDisabledGatewaysAreSkipped() {
        Carrier gamma = carrier("gamma", gw("g1", 0, 1), disabled("g2"), gw("g3", 2, 1));
        Provisioning p = new Provisioning(List.of(pbx), List.of(gamma), List.of(), List.of(route("", "gamma", 0, 1)));
        down.add(new GatewayId("gamma", "g1"));
        RouteDecision.Routed d = (RouteDecision.Routed) router(p).terminate(TerminationRequest.of("pbx", "+14155550100"));
        assertThat(d.attempts()).extracting(Attempt::target).containsExactly("g3");
    }

    @Test
    void everyGatewayDownIs503() {
        down.add(new GatewayId("alpha", "a1"));
        down.add(new GatewayId("alpha", "a2"));
        RouteDecision.Rejected d = (RouteDecision.Rejected) router(plan(List.of(route("", "alpha", 0, 1))))
                .terminate(TerminationRequest.of("pbx", "+14155550100"));
        assertThat(d.status().code()).isEqualTo(503);
        assertThat(d.status().reason()).isEqualTo("All Gateways Down");
    }

    @Test
    void routesOfOnePrefixAreOrderedByPriorityThenCarrierGateways() {
        Router r = router(plan(List.of(route("1", "beta", 0, 1), route("1", "alpha", 5, 1))));
        RouteDecision.Routed d = (RouteDecision.Routed) r.terminate(TerminationRequest.of("pbx", "+14155550100"));
        assertThat(d.attempts()).extracting(Attempt::target).containsExactly("b1", "a1", "a2");
    }

    @Test
    void weightedDrawIsReproducibleWithASeed() {
        Provisioning p = plan(List.of(route("1", "beta", 0, 30), route("1", "alpha", 0, 70)));
        List<String> first = ((RouteDecision.Routed) router(p, new SplittableRandom(7))
                .terminate(TerminationRequest.of("pbx", "+14155550100"))).attempts().stream().map(Attempt::carrier).toList();
        List<String> again = ((RouteDecision.Routed) router(p, new SplittableRandom(7))
                .terminate(TerminationRequest.of("pbx", "+14155550100"))).attempts().stream().map(Attempt::carrier).toList();
        assertThat(again).isEqualTo(first);
    }

    @Test
    void inactiveTimeWindowFallsBackToTheShorterPrefix() {
        TimeWindow nights = new TimeWindow(Set.of(), LocalTime.of(20, 0), LocalTime.of(6, 0), ZoneId.of("UTC"));
        Router r = router(plan(List.of(route("", "beta", 0, 1), route("1415", "alpha", null, List.of(nights)))));
        RouteDecision.Routed d = (RouteDecision.Routed) r.terminate(TerminationRequest.of("pbx", "+14155550100"));
        assertThat(d.matchedPrefix()).isEmpty();
        assertThat(d.attempts().get(0).carrier()).isEqualTo("beta");
    }

    @Test
    void activeTimeWindowRoutes() {
        TimeWindow fridays = new TimeWindow(Set.of(DayOfWeek.FRIDAY), LocalTime.of(9, 0), LocalTime.of(17, 0),
                ZoneId.of("UTC"));
        Router r = router(plan(List.of(route("", "beta", 0, 1), route("1415", "alpha", null, List.of(fridays)))));
        RouteDecision.Routed d = (RouteDecision.Routed) r.terminate(TerminationRequest.of("pbx", "+14155550100"));
        assertThat(d.attempts().get(0).carrier()).isEqualTo("alpha");
    }

    @Test
    void trunkScopedRouteIsIgnoredForOtherTrunks() {
        Trunk other = trunk("other", NumberNormalization.STRICT, "US");
        Provisioning p = new Provisioning(List.of(pbx, other), List.of(alpha, beta), List.of(),
                List.of(route("", "beta", 0, 1), route("1", "alpha", "other", List.of())));
        assertThat(((RouteDecision.Routed) router(p).terminate(TerminationRequest.of("pbx", "+14155550100")))
                .attempts().get(0).carrier()).isEqualTo("beta");
        assertThat(((RouteDecision.Routed) router(p).terminate(TerminationRequest.of("other", "+14155550100")))
                .attempts().get(0).carrier()).isEqualTo("alpha");
    }

    @Test
    void emergencyShortCodeTakesTheEmergencyRouteUnchanged() {
        Route emergency = new Route(null, "psap", Route.EMERGENCY, "alpha", 0, 1, null, RouteAction.ROUTE, List.of());
        Router r = router(plan(List.of(route("", "beta", 0, 1), emergency)));
        RouteDecision.Routed d = (RouteDecision.Routed) r.terminate(TerminationRequest.of("pbx", "911", "+14155550100"));
        assertThat(d.calledNumber()).isEqualTo("911");
        assertThat(d.matchedPrefix()).isEqualTo("emergency");
        assertThat(d.attempts()).extracting(Attempt::calledUser).containsOnly("911");
        assertThat(d.attempts().get(0).carrier()).isEqualTo("alpha");
    }

    @Test
    void shortCodeWithoutEmergencyRouteIs404() {
        RouteDecision.Rejected d = (RouteDecision.Rejected) router(plan(List.of(route("", "beta", 0, 1))))
                .terminate(TerminationRequest.of("pbx", "911"));
        assertThat(d.status().code()).isEqualTo(404);
    }

    @Test
    void callerIdFallsBackToPAssertedIdentity() {
        Router r = router(plan(List.of(route("", "alpha", 0, 1))));
        RouteDecision.Routed d = (RouteDecision.Routed) r.terminate(
                TerminationRequest.of("pbx", "+442079460000", "anonymous", "+14155550123", null));
        assertThat(d.callingNumber()).isEqualTo("+14155550123");
    }

    @Test
    void callerIdNotOwnedIs403WhenRequired() {
        Trunk owned = Fixtures.withCallerIdOwned(pbx);
        Provisioning p = new Provisioning(List.of(owned), List.of(alpha), List.of(
                new PhoneNumber(null, Fixtures.ACCOUNT, "+14155550100", "pbx")), List.of(route("", "alpha", 0, 1)));
        Router r = router(p);
        RouteDecision.Rejected d = (RouteDecision.Rejected) r.terminate(
                TerminationRequest.of("pbx", "+442079460000", "+14155550199"));
        assertThat(d.status().code()).isEqualTo(403);
        assertThat(d.status().reason()).isEqualTo("Invalid Caller ID");
        assertThat(r.terminate(TerminationRequest.of("pbx", "+442079460000", "+14155550100")))
                .isInstanceOf(RouteDecision.Routed.class);
    }

    @Test
    void planAdmitsAgainstTrunkThenAccountAndHoldsThePermitUntilClosed() {
        Trunk limited = Fixtures.withLimits(pbx, 0, 1);
        Provisioning p = new Provisioning(List.of(limited), List.of(alpha), List.of(), List.of(route("", "alpha", 0, 1)),
                List.of(new Account(Fixtures.ACCOUNT, "acme", 0, 5)));
        Router r = router(p);
        TrunkProfile t = r.snapshots().current().trunk("pbx").orElseThrow();
        assertThat(t.limits()).hasSize(2);
        TerminationRequest call = TerminationRequest.of("pbx", "+14155550100", "+14155550199");
        RoutePlan first = (RoutePlan) r.plan(t, call);
        RouteDecision.Rejected second = (RouteDecision.Rejected) r.plan(t, call);
        assertThat(second.status().code()).isEqualTo(503);
        assertThat(second.status().reason()).isEqualTo("Trunk concurrent call limit exceeded");
        first.close();
        first.close();
        RoutePlan third = (RoutePlan) r.plan(t, call);
        assertThat(third.attempts()).isNotEmpty();
        third.close();
    }

    @Test
    void aRejectedRouteHoldsNoPermit() {
        Router r = router(new Provisioning(List.of(Fixtures.withLimits(pbx, 0, 1)), List.of(alpha), List.of(),
                List.of(route("1415", "alpha", 0, 1))));
        TrunkProfile t = r.snapshots().current().trunk("pbx").orElseThrow();
        for (int i = 0; i < 3; i++) {
            RouteDecision.Rejected d = (RouteDecision.Rejected) r.plan(t,
                    TerminationRequest.of("pbx", "+442079460000", "+14155550199"));
            assertThat(d.status().reason()).as("call %d", i).isEqualTo("No Route");
        }
    }

    @Test
    void planOwnsItsAttemptPermitsAndReleasesThemOnClose() {
        InMemoryCallLimiter limiter = new InMemoryCallLimiter();
        Carrier one = new Carrier(null, "alpha", io.softswitch.config.provisioning.CarrierType.SIP, NumberFormat.E164,
                "", "", "", 0, 1, 0, 4000, Carrier.DEFAULT_FINAL_RESPONSE_CODES, List.of(gw("a1", 0, 1)), List.of(),
                List.of(), List.of());
        Router r = new Router(new SnapshotHolder(RoutingSnapshot.build(new Provisioning(List.of(pbx), List.of(one),
                List.of(), List.of(route("", "alpha", 0, 1))))), down::contains, limiter, Clock.fixed(NOW, ZoneOffset.UTC),
                new SplittableRandom(42));
        TrunkProfile t = r.snapshots().current().trunk("pbx").orElseThrow();
        TerminationRequest call = TerminationRequest.of("pbx", "+14155550100", "+14155550199");
        RoutePlan a = (RoutePlan) r.plan(t, call);
        RoutePlan b = (RoutePlan) r.plan(t, call);
        Attempt gateway = a.attempts().get(0);
        assertThat(a.acquire(gateway)).isInstanceOf(Admission.Admitted.class);
        assertThat(limiter.active(gateway.limit())).isEqualTo(1);
        assertThat(b.acquire(gateway)).as("the carrier's one slot is taken").isInstanceOf(Admission.Refused.class);
        a.close();
        assertThat(limiter.active(gateway.limit())).as("closing the plan released its attempt").isZero();
        assertThat(a.acquire(gateway)).as("a closed plan takes nothing").isInstanceOf(Admission.Refused.class);
        Admission.Admitted held = (Admission.Admitted) b.acquire(gateway);
        held.permit().release(); // an attempt that ended before the call
        assertThat(limiter.active(gateway.limit())).isZero();
        b.close();
        assertThat(limiter.active(gateway.limit())).as("released once only").isZero();
    }

    @Test
    void originationFindsTheNumbersTrunkAndOrdersItsUrls() {
        Trunk withUrls = Fixtures.withOrigination(pbx, List.of(url("backup", 10, 1, true), url("off", 0, 1, false),
                url("main", 0, 1, true)));
        Provisioning p = new Provisioning(List.of(withUrls), List.of(alpha), List.of(
                new PhoneNumber(null, Fixtures.ACCOUNT, "+14155550100", "pbx"),
                new PhoneNumber(null, Fixtures.ACCOUNT, "+14155550101", null)), List.of());
        Router r = router(p);
        RouteDecision.Routed d = (RouteDecision.Routed) r.originate("14155550100");
        assertThat(d.calledNumber()).isEqualTo("+14155550100");
        assertThat(d.attempts()).extracting(Attempt::target).containsExactly("main", "backup");
        assertThat(d.attempts().get(0).failover().isFinal(486)).isTrue();
        assertThat(d.attempts().get(0).failover().attemptTimeoutMs()).isEqualTo(4000);
        assertThat(((RouteDecision.Rejected) r.originate("+14155550199")).status().code()).isEqualTo(404);
        assertThat(((RouteDecision.Rejected) r.originate("+14155550101")).status().code()).isEqualTo(404);
        assertThat(((RouteDecision.Rejected) r.originate("alice")).status().code()).isEqualTo(404);
    }
}
