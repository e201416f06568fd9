package io.softswitch.core.call;

import io.softswitch.core.call.MediaBridge.MediaException;
import io.softswitch.core.call.MediaBridge.Side;
import io.softswitch.sip.InDialogRequest;
import io.softswitch.sip.InboundLeg;
import io.softswitch.sip.Leg;
import io.softswitch.sip.OutboundLeg;
import io.softswitch.sip.OutboundListener;
import io.softswitch.sip.OutboundRequest;
import io.softswitch.sip.SipBody;
import io.softswitch.sip.SipReply;
import io.softswitch.sip.SipRequest;
import io.softswitch.trunking.limit.Permit;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call: the inbound leg A, the current outbound attempt B, the media session and the state.
 * Every method runs on the call's stripe (see {@link CallEngine}); SIP callbacks are re-posted
 * there, so the fields need no locking. Everything it needs from the engine comes through a
 * {@link CallContext} (CallTest drives it by hand).
 *
 * <p>Flow (DESIGN.md §3): route -> media offer -> attempt 1..n with failover on retryable codes
 * and on the no-response timer -> relay 18x/2xx -> in-dialog requests both ways -> end (release
 * limits, close media, one record).
 */
final class Call {
    private static final Logger LOG = LoggerFactory.getLogger(Call.class);

    enum State { ROUTING, ATTEMPTING, ANSWERED, ENDED }

    private final CallContext engine;
    private final InboundLeg a;
    private final int stripe;
    private final String sid = CallEngine.newSid("CA");
    private final Instant startTime;
    private final long startNanos;
    private State state = State.ROUTING;
    private RoutePlan plan;
    /** The plan's account, readable off the stripe (account suspension ends its calls). */
    private volatile String accountSid;
    private MediaBridge.Session session;
    private String offerForB; // null for a late offer
    private OutboundAttempt attempt; // the current attempt, or the last one tried; null before the first
    private boolean lateOffer;
    private boolean pddReported;
    private Instant answerTime;
    private int lastFailure = 503;
    private String lastFailureReason = "Service Unavailable";
    private String rejectedTrunk;

    /**
     * One try of the plan: its position, its carrier permit (null when the carrier was at its limit
     * and the attempt was skipped), its leg (null until sent, or when sending failed) and what it has
     * seen. Closing it releases the permit and the leg: an answer that still arrives on a closed leg
     * is acknowledged and hung up by the leg itself.
     */
    private static final class OutboundAttempt {
        final int index;
        final Attempt route;
        final Permit permit;
        OutboundLeg leg;
        boolean responded;
        boolean earlyMediaAnswered;
        boolean closed;

        OutboundAttempt(int index, Attempt route, Permit permit) {
            this.index = index;
            this.route = route;
            this.permit = permit;
        }

        boolean owns(OutboundLeg l) {
            return !closed && leg != null && leg == l;
        }

        /** The leg while the attempt is open. */
        OutboundLeg liveLeg() {
            return closed ? null : leg;
        }

        void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (permit != null) {
                permit.release();
            }
            if (leg != null) {
                leg.release();
            }
        }
    }

    Call(CallContext engine, InboundLeg a, int stripe) {
        this.engine = engine;
        this.a = a;
        this.stripe = stripe;
        this.startTime = engine.now();
        this.startNanos = engine.nanoTime();
    }

    private void post(Runnable r) {
        engine.execute(stripe, r);
    }

    // ---------------------------------------------------------------- start

    void start() {
        a.setListener(new ALegListener());
        SipRequest invite = a.invite();
        if (a.isTerminated()) { // cancelled before we got to it
            end(CallStatus.CANCELED, 487, "caller");
            return;
        }
        if (invite.maxForwards() <= 0) {
            reject(483, "Too Many Hops");
            return;
        }
        Decision decision;
        try {
            decision = engine.router().route(invite);
        } catch (RuntimeException e) {
            LOG.error("routing failed for {}: {}", sid, e.toString(), e);
            reject(500, "Server Internal Error");
            return;
        }
        if (decision instanceof Decision.AuthFailure f) {
            // A stranger's failed credentials are not the tenant's call (issue 22): no record.
            engine.events().callStarted(null);
            engine.events().authFailed(f.trunk(), invite.sourceHost());
            a.reject(403, "Forbidden", List.of());
            lastFailure = 403;
            state = State.ENDED;
            engine.ended(this);
            return;
        }
        if (decision instanceof Decision.Reject r) {
            engine.events().callStarted(null);
            rejectedTrunk = r.trunk();
            a.reject(r.status(), r.reason(), r.headers());
            // Challenges are part of the handshake, not calls: no record for a 407.
            end(CallStatus.FAILED, r.status(), "system", r.status() != 407);
            return;
        }
        plan = ((Decision.Proceed) decision).plan();
        accountSid = plan.accountSid();
        engine.events().callStarted(plan.direction());
        try {
            // The trunk's symmetric RTP is for its PBX: leg A (caller) when terminating, B when originating.
            boolean pbxIsA = plan.direction() == Direction.TRUNKING_TERMINATING;
            session = engine.media().open(sid, plan.symmetricRtp() && pbxIsA, plan.symmetricRtp() && !pbxIsA,
                    () -> post(this::onRtpTimeout));
            SipBody body = invite.body();
            if (body != null && body.isSdp()) {
                offerForB = session.offer(Side.A, body.content());
            } else if (body != null) {
                reject(415, "Unsupported Media Type");
                return;
            } else {
                lateOffer = true;
            }
        } catch (MediaException e) {
            LOG.info("{}: media refused: {}", sid, e.getMessage());
            reject(e.status(), e.status() == 488 ? "Not Acceptable Here" : "Service Unavailable");
            return;
        }
        state = State.ATTEMPTING;
        nextAttempt();
    }

    private void reject(int status, String reason) {
        a.reject(status, reason, status == 503 ? List.of(new io.softswitch.sip.SipHeader("Retry-After", "5")) : List.of());
        end(CallStatus.FAILED, status, "system");
    }

    // ---------------------------------------------------------------- attempts

    /** The outbound leg of the current attempt while it is open, else null. */
    private OutboundLeg b() {
        return attempt == null ? null : attempt.liveLeg();
    }

    private void nextAttempt() {
        int next = 0;
        if (attempt != null) {
            next = attempt.index + 1;
            attempt.close();
        }
        for (; next < plan.attempts().size(); next++) {
            Attempt at = plan.attempts().get(next);
            OutboundAttempt tried = new OutboundAttempt(next, at, plan.limits().acquire(at));
            attempt = tried;
            if (tried.permit == null) {
                LOG.info("{}: carrier {} at its limit, skipping {}", sid, at.carrier(), at.gateway());
                engine.events().attemptEnded(at.carrier(), 503);
                lastFailure = 503;
                lastFailureReason = "Carrier limit exceeded";
                continue;
            }
            OutboundRequest req = new OutboundRequest(at.target(), at.calledUser(), at.callingUser(),
                    at.callingName(), SipBody.sdp(offerForB), at.headers(),
                    Math.max(1, Math.min(70, a.invite().maxForwards() - 1)), at.authUser(), at.authPassword());
            try {
                tried.leg = engine.dialer().dial(req, new BLegListener());
                engine.schedule(stripe, at.timeoutMs(), () -> onAttemptTimer(tried));
                return;
            } catch (IOException e) {
                LOG.info("{}: attempt {} to {} failed at once: {}", sid, next + 1, at.target(), e.getMessage());
                engine.events().attemptEnded(at.carrier(), 503);
                lastFailure = 503;
                lastFailureReason = "Service Unavailable";
                tried.close();
            }
        }
        // Every attempt failed with a retryable outcome: the caller gets the last one.
        a.reject(lastFailure, lastFailureReason, List.of());
        end(CallStatus.ofFailure(lastFailure), lastFailure, "callee");
    }

    private void onAttemptTimer(OutboundAttempt timed) {
        if (timed != attempt || timed.closed || timed.responded || state != State.ATTEMPTING) {
            return;
        }
        LOG.info("{}: no response from {} within {} ms, failing over", sid, timed.route.gateway(),
                timed.route.timeoutMs());
        engine.events().attemptEnded(timed.route.carrier(), 408);
        timed.leg.cancel();
        lastFailure = 408;
        lastFailureReason = "Request Timeout";
        nextAttempt();
    }

    private void onProvisional(OutboundLeg leg, int status, String reason, SipBody body) {
        if (attempt == null || !attempt.owns(leg) || state != State.ATTEMPTING) {
            return;
        }
        if (status == 100) {
            return;
        }
        attempt.responded = true;
        reportPdd();
        SipBody toA = null;
        if (body != null && body.isSdp() && !lateOffer) {
            try {
                toA = SipBody.sdp(session.answer(Side.B, body.content()));
                attempt.earlyMediaAnswered = true;
            } catch (MediaException e) {
                LOG.info("{}: unusable early media SDP: {}", sid, e.getMessage());
            }
        }
        a.provisional(status == 183 && toA == null ? 180 : status, toA == null && status == 183 ? "Ringing" : reason, toA);
    }

    private void onAnswered(OutboundLeg leg, SipBody body) {
        if (attempt == null || !attempt.owns(leg) || state != State.ATTEMPTING) {
            // An answer from an abandoned attempt: take it and hang it up.
            leg.ack(null);
            leg.hangup();
            return;
        }
        attempt.responded = true;
        reportPdd();
        SipBody toA;
        try {
            if (lateOffer) {
                if (body == null || !body.isSdp()) {
                    throw new MediaException(488, "late offer answered without SDP");
                }
                toA = SipBody.sdp(session.offer(Side.B, body.content()));
                // ACK to B goes out when A's ACK brings the answer.
            } else {
                toA = body != null && body.isSdp()
                        ? SipBody.sdp(session.answer(Side.B, body.content()))
                        : null;
                if (toA == null && !attempt.earlyMediaAnswered) {
                    throw new MediaException(488, "2xx without SDP answer");
                }
                leg.ack(null);
            }
        } catch (MediaException e) {
            LOG.info("{}: unusable answer SDP: {}", sid, e.getMessage());
            leg.ack(null);
            leg.hangup();
            a.reject(488, "Not Acceptable Here", List.of());
            end(CallStatus.FAILED, 488, "system");
            return;
        }
        engine.events().attemptEnded(attempt.route.carrier(), 200);
        state = State.ANSWERED;
        answerTime = engine.now();
        a.answer(toA);
    }

    private void onFailed(OutboundLeg leg, SipReply reply) {
        if (attempt == null || !attempt.owns(leg) || state != State.ATTEMPTING) {
            return;
        }
        attempt.responded = true;
        Attempt at = attempt.route;
        engine.events().attemptEnded(at.carrier(), reply.status());
        // A carrier's 401/407 that the dialer could not answer asks for our credentials, not the
        // PBX's (RFC 3261 §22.3): relayed, the PBX would retry with its own. It gets 503 instead.
        boolean challenge = reply.status() == 401 || reply.status() == 407;
        lastFailure = challenge ? 503 : reply.status();
        lastFailureReason = challenge ? "Service Unavailable" : reply.reason();
        if (at.isFinal().test(reply.status())) {
            a.reject(lastFailure, lastFailureReason, List.of());
            end(CallStatus.ofFailure(lastFailure), lastFailure, "callee");
            return;
        }
        nextAttempt();
    }

    private void reportPdd() {
        if (!pddReported) {
            pddReported = true;
            engine.events().postDialDelay(engine.nanoTime() - startNanos);
        }
    }

    // ---------------------------------------------------------------- in dialog

    private void onAck(SipBody body) {
        OutboundLeg b = b();
        if (state != State.ANSWERED || !lateOffer || b == null) {
            return;
        }
        lateOffer = false;
        SipBody toB = null;
        if (body != null && body.isSdp()) {
            try {
                toB = SipBody.sdp(session.answer(Side.A, body.content()));
            } catch (MediaException e) {
                LOG.info("{}: unusable ACK SDP: {}", sid, e.getMessage());
            }
        }
        b.ack(toB);
    }

    /** Forwards an in-dialog request from one leg to the other, rewriting SDP both ways. */
    private void forward(Side from, InDialogRequest req) {
        Leg to = from == Side.A ? b() : a;
        if (state != State.ANSWERED || to == null || to.isTerminated()) {
            req.respond(SipReply.of(481, "Call/Transaction Does Not Exist"));
            return;
        }
        SipBody body = req.body();
        SipBody out = body;
        boolean sdp = body != null && body.isSdp();
        boolean offer = sdp && ("INVITE".equals(req.method()) || "UPDATE".equals(req.method()));
        if (offer) {
            try {
                out = SipBody.sdp(session.offer(from, body.content()));
            } catch (MediaException e) {
                req.respond(SipReply.of(488, "Not Acceptable Here"));
                return;
            }
        }
        Side other = from == Side.A ? Side.B : Side.A;
        to.request(req.method(), out, reply -> post(() -> {
            SipBody rb = reply.body();
            if (offer && reply.isSuccess() && rb != null && rb.isSdp()) {
                try {
                    rb = SipBody.sdp(session.answer(other, rb.content()));
                } catch (MediaException e) {
                    req.respond(SipReply.of(488, "Not Acceptable Here"));
                    return;
                }
            }
            req.respond(new SipReply(reply.status(), reply.reason(), rb, List.of()));
        }));
    }

    private void onBye(Side from) {
        if (state == State.ENDED) {
            return;
        }
        Leg other = from == Side.A ? b() : a;
        if (other != null) {
            other.hangup();
        }
        end(CallStatus.COMPLETED, 200, from == Side.A ? "caller" : "callee");
    }

    private void onCancel() {
        if (state == State.ENDED || state == State.ANSWERED) {
            return;
        }
        if (b() != null) {
            b().cancel();
        }
        end(CallStatus.CANCELED, 487, "caller");
    }

    private void onLost(Side side, String why) {
        if (state == State.ENDED) {
            return;
        }
        LOG.info("{}: leg {} lost ({}), ending call", sid, side, why);
        if (state == State.ATTEMPTING && side == Side.A) {
            if (b() != null) {
                b().cancel();
            }
            end(CallStatus.FAILED, 408, "system");
            return;
        }
        a.hangup();
        if (b() != null) {
            b().hangup();
        }
        end(state == State.ANSWERED ? CallStatus.COMPLETED : CallStatus.FAILED, 408, "system");
    }

    private void onRtpTimeout() {
        if (state != State.ANSWERED) {
            return;
        }
        LOG.info("{}: no RTP, hanging up both legs", sid);
        a.hangup();
        if (b() != null) {
            b().hangup();
        }
        end(CallStatus.COMPLETED, 200, "rtp-timeout");
    }

    // ---------------------------------------------------------------- end

    /** The account the call belongs to, once routed; null before. Any thread. */
    String accountSid() {
        return accountSid;
    }

    int stripe() {
        return stripe;
    }

    /** Ends the call from our side (shutdown): BYE/CANCEL/487 on both legs, one record. */
    void terminate() {
        if (state == State.ENDED) {
            return;
        }
        a.hangup();
        if (b() != null) {
            b().hangup();
        }
        end(state == State.ANSWERED ? CallStatus.COMPLETED : CallStatus.FAILED, 503, "system");
    }

    private void end(CallStatus status, int sipCode, String by) {
        end(status, sipCode, by, true);
    }

    /** The one way a call ends: both legs released (their transactions may linger), limits, media, record. */
    private void end(CallStatus status, int sipCode, String by, boolean recorded) {
        if (state == State.ENDED) {
            return;
        }
        boolean answered = state == State.ANSWERED;
        state = State.ENDED;
        engine.ended(this);
        a.release();
        if (attempt != null) {
            attempt.close();
        }
        MediaSummary ms = session == null ? MediaSummary.NONE : session.close();
        if (plan != null) {
            try {
                plan.limits().close();
            } catch (RuntimeException e) {
                LOG.warn("{}: releasing limits failed: {}", sid, e.toString());
            }
        }
        if (recorded) {
            record(answered ? CallStatus.COMPLETED : status, answered ? 200 : sipCode, by,
                    plan == null ? rejectedTrunk : plan.trunk(), ms);
        }
    }

    private void record(CallStatus status, int sipCode, String by, String trunk, MediaSummary ms) {
        SipRequest invite = a.invite();
        engine.events().callEnded(new CallSummary(sid,
                plan == null ? Direction.TRUNKING_TERMINATING : plan.direction(),
                plan == null ? null : plan.accountSid(), trunk,
                plan == null ? invite.from().user() : plan.from(),
                plan == null ? invite.requestUser() : plan.to(),
                status, startTime, answerTime, engine.now(), invite.callId(),
                attempt == null ? null : attempt.route.carrier(), attempt == null ? null : attempt.route.gateway(),
                attempt == null ? 0 : attempt.index + 1, sipCode, by, ms));
    }

    // ---------------------------------------------------------------- listeners (SIP threads -> stripe)

    private final class ALegListener implements io.softswitch.sip.LegListener {
        @Override
        public void onRequest(Leg leg, InDialogRequest request) {
            post(() -> forward(Side.A, request));
        }

        @Override
        public void onBye(Leg leg) {
            post(() -> Call.this.onBye(Side.A));
        }

        @Override
        public void onAck(Leg leg, SipBody body) {
            post(() -> Call.this.onAck(body));
        }

        @Override
        public void onCancel(Leg leg) {
            post(Call.this::onCancel);
        }

        @Override
        public void onLost(Leg leg, String why) {
            post(() -> Call.this.onLost(Side.A, why));
        }
    }

    private final class BLegListener implements OutboundListener {
        @Override
        public void onProvisional(OutboundLeg leg, int status, String reason, SipBody body) {
            post(() -> Call.this.onProvisional(leg, status, reason, body));
        }

        @Override
        public void onAnswered(OutboundLeg leg, SipBody body) {
            post(() -> Call.this.onAnswered(leg, body));
        }

        @Override
        public void onFailed(OutboundLeg leg, SipReply reply) {
            post(() -> Call.this.onFailed(leg, reply));
        }

        @Override
        public void onRequest(Leg leg, InDialogRequest request) {
            post(() -> {
                if (attempt != null && attempt.owns((OutboundLeg) leg)) {
                    forward(Side.B, request);
                } else {
                    request.respond(SipReply.of(481, "Call/Transaction Does Not Exist"));
                }
            });
        }

        @Override
        public void onBye(Leg leg) {
            post(() -> {
                if (attempt != null && attempt.owns((OutboundLeg) leg)) {
                    Call.this.onBye(Side.B);
                }
            });
        }

        @Override
        public void onLost(Leg leg, String why) {
            post(() -> {
                if (attempt != null && attempt.owns((OutboundLeg) leg)) {
                    Call.this.onLost(Side.B, why);
                }
            });
        }
    }
}
