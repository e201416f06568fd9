package io.softswitch.core.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.sip.SipBody;
import io.softswitch.sip.SipHeader;
import io.softswitch.sip.SipStatus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One {@link Call} driven by hand: fake legs, a recording media bridge, a manual executor and clock
 * ({@link ManualCallContext}). Each test plays one race between the PBX (leg A) and the gateways
 * (legs B1, B2...) in a chosen order; over real sockets these orders happen only when the timing
 * does. Every test also checks that the plan's limits are closed exactly when the call ends.
 */
class CallTest {
    private static final Duration ATTEMPT_TIMER = Duration.ofMillis(FakeRoutePlanner.ATTEMPT_TIMEOUT_MS);

    private final FakeRoutePlanner planner = new FakeRoutePlanner(3);
    private final ManualCallContext ctx = new ManualCallContext(planner);
    private final FakeInboundLeg a = FakeInboundLeg.withOffer();

    private static SipBody sdp(String s) {
        return SipBody.sdp(s);
    }

    private void run(Runnable sipEvent) {
        sipEvent.run();
        ctx.runAll();
    }

    private CallSummary onlyRecord() {
        assertThat(ctx.records).hasSize(1);
        return ctx.records.get(0);
    }

    @Test
    void anAnswerFromAnAbandonedAttemptIsAcknowledgedAndHungUpWhileTheCallGoesOn() {
        ctx.start(a);
        ctx.advance(ATTEMPT_TIMER); // gw1 silent: CANCEL, fail over to gw2
        assertThat(ctx.dialed).hasSize(2);
        run(() -> ctx.leg(0).answer(sdp("sdp-from-gw1"))); // its 200 crosses our CANCEL
        assertThat(ctx.leg(0).sent).containsExactly("CANCEL", "ACK", "BYE");
        assertThat(a.sent).as("nothing of gw1 reaches the PBX").isEmpty();

        run(() -> ctx.leg(1).answer(sdp("sdp-from-gw2")));
        assertThat(ctx.leg(1).sent).containsExactly("ACK");
        assertThat(a.sent).containsExactly("200 relayed(sdp-from-gw2)");
        assertThat(ctx.media.log).containsExactly("offer A sdp-from-pbx", "answer B sdp-from-gw2");

        run(a::bye);
        assertThat(ctx.leg(1).sent).containsExactly("ACK", "BYE");
        CallSummary cdr = onlyRecord();
        assertThat(cdr.status()).isEqualTo(CallStatus.COMPLETED);
        assertThat(cdr.gateway()).isEqualTo("gw2");
        assertThat(cdr.attempts()).isEqualTo(2);
        // the plan's limits close as the BYE comes in (before the far end hears of it), the attempt's as the call ends
        assertThat(planner.limits).containsExactly("acquire gw1", "release gw1", "acquire gw2", "close", "release gw2");
    }

    @Test
    void noTimerHoldsACallOnceItsAttemptsHaveAnswers() {
        ctx.start(a);
        assertThat(ctx.pendingTimers()).as("gw1's no-response timer").isEqualTo(1);
        run(() -> ctx.leg(0).fail(SipStatus.SERVICE_UNAVAILABLE));
        assertThat(ctx.pendingTimers()).as("gw1's closed with its attempt, gw2's running").isEqualTo(1);
        run(() -> ctx.leg(1).answer(sdp("sdp-from-gw2")));
        assertThat(ctx.pendingTimers()).as("an answered attempt's timer is cancelled, not left to fire").isZero();
        run(a::bye);
        assertThat(ctx.pendingTimers()).isZero();
        assertThat(onlyRecord().status()).isEqualTo(CallStatus.COMPLETED);
    }

    @Test
    void aPlacedCallsRingTimeoutAndTimeLimitAreCancelledWhenItEnds() {
        List<CallStatus> ended = new java.util.ArrayList<>();
        Decision decision = planner.route(a.invite());
        Origination placed = new Origination(decision, "sdp-local", null, 30_000, 4 * 3_600_000L);
        Call call = new Call(ctx, new LocalLeg("CAplaced", "+14155550100", "+14155550123", "sdp-local",
                (status, sipCode, answeredAt, by) -> ended.add(status)), 0, "CAplaced", placed);
        ctx.execute(0, call::start);
        ctx.runAll();
        assertThat(ctx.pendingTimers()).as("ring timeout and gw1's no-response timer").isEqualTo(2);
        run(() -> ctx.leg(0).answer(sdp("sdp-from-gw1")));
        assertThat(ctx.pendingTimers()).as("the time limit only").isEqualTo(1);
        run(() -> ctx.leg(0).bye());
        assertThat(ended).containsExactly(CallStatus.COMPLETED);
        assertThat(ctx.pendingTimers()).as("a 4-hour time limit must not hold the ended call for 4 hours").isZero();
    }

    @Test
    void theTimerOfAFailedAttemptDoesNotCutTheNextAttemptShort() {
        ctx.start(a);
        ctx.advance(Duration.ofMillis(500));
        run(() -> ctx.leg(0).fail(SipStatus.SERVICE_UNAVAILABLE)); // gw2 is sent at 500 ms, its timer ends at 2500
        assertThat(ctx.dialed).hasSize(2);

        ctx.advance(Duration.ofMillis(1500)); // 2000 ms: gw1's timer is due
        assertThat(ctx.leg(1).sent).as("gw2 is not cancelled by gw1's timer").isEmpty();
        assertThat(ctx.dialed).hasSize(2);

        ctx.advance(Duration.ofMillis(500)); // 2500 ms: gw2's own timer
        assertThat(ctx.leg(1).sent).containsExactly("CANCEL");
        assertThat(ctx.dialed).hasSize(3);

        run(() -> ctx.leg(2).ringing(null)); // a response stops the timer
        ctx.advance(ATTEMPT_TIMER.multipliedBy(3));
        assertThat(ctx.leg(2).sent).isEmpty();
        assertThat(a.sent).containsExactly("180 Ringing");
        assertThat(ctx.events).containsExactly("callStarted TRUNKING_TERMINATING", "attemptStarted gw1",
                "attemptEnded gw1 503", "attemptStarted gw2", "attemptEnded gw2 408", "attemptStarted gw3");
        assertThat(ctx.records).isEmpty();
    }

    @Test
    void cancelWhileAttemptingCancelsTheGatewayAndEndsTheCallOnce() {
        ctx.start(a);
        run(() -> ctx.leg(0).ringing(null));
        run(a::cancel);
        assertThat(ctx.leg(0).sent).containsExactly("CANCEL");
        assertThat(ctx.leg(0).released).isTrue();
        assertThat(a.released).isTrue();

        run(() -> ctx.leg(0).fail(SipStatus.REQUEST_TERMINATED));
        ctx.advance(ATTEMPT_TIMER.multipliedBy(2));
        assertThat(ctx.dialed).as("no failover after the caller left").hasSize(1);
        CallSummary cdr = onlyRecord();
        assertThat(cdr.status()).isEqualTo(CallStatus.CANCELED);
        assertThat(cdr.sipCode()).isEqualTo(487);
        assertThat(cdr.hangupBy()).isEqualTo(HangupBy.CALLER);
        assertThat(ctx.media.closed).isEqualTo(1);
        assertThat(planner.limits).containsExactly("acquire gw1", "release gw1", "close");
        assertThat(ctx.events).as("the pending attempt ends with the call").containsExactly(
                "callStarted TRUNKING_TERMINATING", "attemptStarted gw1", "attemptEnded gw1 487", "callEnded CANCELED 487");
    }

    @Test
    void aGateway200CrossingTheCallersCancelIsAcknowledgedAndHungUp() {
        ctx.start(a);
        run(() -> ctx.leg(0).ringing(null));
        run(a::cancel);
        run(() -> ctx.leg(0).answer(sdp("sdp-from-gw1")));
        assertThat(ctx.leg(0).sent).containsExactly("CANCEL", "ACK", "BYE");
        assertThat(a.sent).as("the PBX, which cancelled, gets no 200").containsExactly("180 Ringing");
        assertThat(onlyRecord().status()).isEqualTo(CallStatus.CANCELED);
        assertThat(ctx.media.log).containsExactly("offer A sdp-from-pbx");
    }

    @Test
    void aLateOfferAnsweredInTheAckGoesToTheGatewayInItsAck() {
        FakeInboundLeg late = FakeInboundLeg.lateOffer();
        ctx.start(late);
        assertThat(ctx.leg(0).request.body()).as("INVITE without SDP to the gateway").isNull();
        run(() -> ctx.leg(0).answer(sdp("offer-from-gw1")));
        assertThat(late.sent).containsExactly("200 relayed(offer-from-gw1)");
        assertThat(ctx.leg(0).sent).as("the gateway's ACK waits for the PBX's answer").isEmpty();
        run(() -> late.ack(sdp("answer-from-pbx")));
        assertThat(ctx.leg(0).sent).containsExactly("ACK relayed(answer-from-pbx)");
    }

    @Test
    void aLateOfferWhoseAckHasNoSdpStillAcknowledgesTheGatewayOnce() {
        FakeInboundLeg late = FakeInboundLeg.lateOffer();
        ctx.start(late);
        run(() -> ctx.leg(0).answer(sdp("offer-from-gw1")));
        run(() -> late.ack(null));
        assertThat(ctx.leg(0).sent).as("the gateway's 2xx is acknowledged, without an answer").containsExactly("ACK");
        run(() -> late.ack(null)); // a retransmitted ACK
        assertThat(ctx.leg(0).sent).containsExactly("ACK");
        assertThat(ctx.media.log).containsExactly("offer B offer-from-gw1");
        assertThat(ctx.records).as("the call goes on (the RTP timer ends it if no media flows)").isEmpty();
    }

    @Test
    void aCarrierChallengeIsNotRelayedToThePbxButFailsOverAndEndsAs503() {
        ctx.start(a);
        run(() -> ctx.leg(0).fail(SipStatus.PROXY_AUTHENTICATION_REQUIRED));
        run(() -> ctx.leg(1).fail(SipStatus.UNAUTHORIZED));
        run(() -> ctx.leg(2).fail(SipStatus.PROXY_AUTHENTICATION_REQUIRED));
        assertThat(a.sent).containsExactly("503 Service Unavailable");
        assertThat(a.rejectHeaders).isEmpty();
        CallSummary cdr = onlyRecord();
        assertThat(cdr.sipCode()).isEqualTo(503);
        assertThat(cdr.hangupBy()).isEqualTo(HangupBy.CALLEE);
        assertThat(cdr.attempts()).isEqualTo(3);
    }

    @Test
    void aCarrierChallengeThatIsFinalForItsCarrierIsStill503() {
        FakeRoutePlanner allFinal = new FakeRoutePlanner(2, code -> code >= 200);
        ManualCallContext c = new ManualCallContext(allFinal);
        c.start(a);
        run(() -> c.leg(0).fail(SipStatus.UNAUTHORIZED));
        c.runAll();
        assertThat(a.sent).containsExactly("503 Service Unavailable");
        assertThat(c.dialed).as("final: no failover").hasSize(1);
        assertThat(allFinal.limits).containsExactly("acquire gw1", "release gw1", "close");
    }

    @Test
    void aCarrierAtItsLimitIsSkippedAndAllFullAnswers503() {
        planner.full.addAll(List.of("gw1", "gw3"));
        ctx.start(a);
        assertThat(ctx.dialed).hasSize(1);
        assertThat(ctx.leg(0).request.target().port()).isEqualTo(5062);
        run(() -> ctx.leg(0).fail(SipStatus.SERVICE_UNAVAILABLE));
        assertThat(a.sent).containsExactly("503 Carrier limit exceeded");
        assertThat(planner.limits).containsExactly("refuse gw1", "acquire gw2", "release gw2", "refuse gw3", "close");
        assertThat(ctx.events).containsExactly("callStarted TRUNKING_TERMINATING",
                "attemptStarted gw1", "attemptEnded gw1 503", "attemptStarted gw2", "attemptEnded gw2 503",
                "attemptStarted gw3", "attemptEnded gw3 503", "callEnded FAILED 503");
        assertThat(onlyRecord().attempts()).isEqualTo(3);
    }

    @Test
    void aRejectedInviteReleasesItsLegAndAChallengeLeavesNoRecord() {
        ManualCallContext c = new ManualCallContext(invite -> new Decision.Reject(SipStatus.PROXY_AUTHENTICATION_REQUIRED,
                List.of(new SipHeader("Proxy-Authenticate", "Digest realm=\"ACtest\"")), "pbx"));
        Call call = c.start(a);
        assertThat(a.sent).containsExactly("407 Proxy Authentication Required");
        assertThat(a.released).as("the lingering transaction no longer holds the call").isTrue();
        assertThat(c.ended).containsExactly(call);
        assertThat(c.records).isEmpty();
        assertThat(c.events).containsExactly("callRejected 407 Proxy Authentication Required");

        FakeInboundLeg other = FakeInboundLeg.withOffer();
        ManualCallContext refused = new ManualCallContext(invite -> new Decision.Reject(SipStatus.NOT_FOUND.withReason("No Route"), List.of(), "pbx"));
        refused.start(other);
        assertThat(other.released).isTrue();
        assertThat(refused.records).extracting(CallSummary::sipCode, CallSummary::trunk).containsExactly(
                org.assertj.core.api.Assertions.tuple(404, "pbx"));
    }

    @Test
    void failedCredentialsAre403WithoutRecordAndReleaseTheLeg() {
        ManualCallContext c = new ManualCallContext(invite -> new Decision.AuthFailure("pbx"));
        Call call = c.start(a);
        assertThat(a.sent).containsExactly("403 Forbidden");
        assertThat(a.released).as("the lingering transaction no longer holds the call").isTrue();
        assertThat(c.ended).containsExactly(call);
        assertThat(c.records).isEmpty();
        assertThat(c.events).containsExactly("callRejected 403 Forbidden", "authFailed pbx 192.0.2.10");
    }

    @Test
    void unusableAnswerSdpHangsUpTheGatewayAndAnswers488() {
        ctx.start(a);
        run(() -> ctx.leg(0).answer(sdp("bad")));
        assertThat(ctx.leg(0).sent).containsExactly("ACK", "BYE");
        assertThat(a.sent).containsExactly("488 Not Acceptable Here");
        assertThat(onlyRecord().sipCode()).isEqualTo(488);
        assertThat(planner.limits).endsWith("close");
    }
}
