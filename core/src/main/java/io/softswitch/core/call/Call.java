package io.softswitch.core.call;

import io.softswitch.core.call.MediaBridge.MediaException;
import io.softswitch.media.MediaEncryption;
import io.softswitch.media.Side;
import io.softswitch.sip.InDialogRequest;
import io.softswitch.sip.InboundLeg;
import io.softswitch.sip.Leg;
import io.softswitch.sip.OutboundLeg;
import io.softswitch.sip.OutboundListener;
import io.softswitch.sip.OutboundRequest;
import io.softswitch.sip.SipBody;
import io.softswitch.sip.SipReply;
import io.softswitch.sip.SipRequest;
import io.softswitch.sip.SipStatus;
import io.softswitch.trunking.limit.Permit;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Future;
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
    private final String sid;
    /** The origination's decision when the switch places the call itself (leg A is a {@link LocalLeg}); else null. */
    private final Origination origination;
    private final Instant startTime;
    private final long startNanos;
    /** Volatile: the API's snapshot and cancel read it off the stripe. */
    private volatile State state = State.ROUTING;
    /** Set while a TwiML application runs the call (it owns leg A then). */
    private volatile VoiceApps.Control voice;
    private RoutePlan plan;
    /** The plan's account, readable off the stripe (account suspension ends its calls). */
    private volatile String accountSid;
    private volatile MediaBridge.Session session; // volatile: live() reads it off the stripe
    private TrunkRecordings.Plan recording = TrunkRecordings.Plan.NONE;
    private String offerForB; // null for a late offer
    private OutboundAttempt attempt; // the current attempt, or the last one tried; null before the first
    private boolean lateOffer;
    private boolean pddReported;
    private Instant answerTime;
    private SipStatus lastFailure = SipStatus.SERVICE_UNAVAILABLE;
    /** The PBX's (or carrier's) SDP offer in the INVITE, kept to offer it again to a carrier with other encryption. */
    private String offerFromA;
    /** The encryption the B leg's media was last offered with. */
    private MediaEncryption encryptionB = MediaEncryption.NONE;
    private String rejectedTrunk;
    /** An origination's timers: cancelled when the call ends, so that they do not hold it (up to its time limit). */
    private Future<?> ringTimer;
    private Future<?> limitTimer;

    /**
     * One try of the plan: its position, its carrier permit (null when the carrier was at its limit
     * and the attempt was skipped), its leg (null until sent, or when sending failed) and what it has
     * seen. Closing it releases the permit and the leg: an answer that still arrives on a closed leg
     * is acknowledged and hung up by the leg itself.
     */
    private static final class OutboundAttempt {
        final int index;
        final OutboundInvite route;
        final Permit permit;
        OutboundLeg leg;
        /** The no-response timer; cancelled at the first response or at close. */
        Future<?> timer;
        boolean responded;
        boolean ended; // attemptEnded reported
        boolean earlyMediaAnswered;
        boolean closed;

        OutboundAttempt(int index, OutboundInvite route, Permit permit) {
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
            cancel(timer);
            if (permit != null) {
                permit.release();
            }
            if (leg != null) {
                leg.release();
            }
        }
    }

    Call(CallContext engine, InboundLeg a, int stripe) {
        this(engine, a, stripe, CallEngine.newSid("CA"), null);
    }

    /** A call the switch places: leg A is local ({@link LocalLeg}), the plan is decided already. */
    Call(CallContext engine, InboundLeg a, int stripe, String sid, Origination origination) {
        this.engine = engine;
        this.a = a;
        this.stripe = stripe;
        this.sid = sid;
        this.origination = origination;
        // A placed call is the account's from the start: the API finds it before its stripe routes it.
        this.accountSid = origination != null && origination.decision() instanceof Decision.Proceed p
                ? p.plan().accountSid() : null;
        this.startTime = engine.now();
        this.startNanos = engine.nanoTime();
    }

    private static void cancel(Future<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    private void post(Runnable r) {
        engine.execute(stripe, r);
    }

    // ---------------------------------------------------------------- start

    void start() {
        a.setListener(new ALegListener());
        SipRequest invite = a.invite();
        if (a.isTerminated()) { // cancelled before we got to it
            engine.events().callRejected(sid, SipStatus.REQUEST_TERMINATED);
            end(CallStatus.CANCELED, 487, HangupBy.CALLER);
            return;
        }
        if (invite.maxForwards() <= 0) {
            engine.events().callRejected(sid, SipStatus.TOO_MANY_HOPS);
            reject(SipStatus.TOO_MANY_HOPS);
            return;
        }
        Decision decision;
        try {
            decision = origination != null ? origination.decision() : engine.router().route(invite);
        } catch (RuntimeException e) {
            LOG.error("routing failed for {}: {}", sid, e.toString(), e);
            engine.events().callRejected(sid, SipStatus.SERVER_INTERNAL_ERROR);
            reject(SipStatus.SERVER_INTERNAL_ERROR);
            return;
        }
        if (decision instanceof Decision.AuthFailure f) {
            // A stranger's failed credentials are not the tenant's call (issue 22): no record.
            engine.events().callRejected(sid, SipStatus.FORBIDDEN);
            engine.events().authFailed(f.trunk(), invite.sourceHost());
            a.reject(SipStatus.FORBIDDEN, List.of());
            end(CallStatus.FAILED, SipStatus.FORBIDDEN.code(), HangupBy.SYSTEM, false);
            return;
        }
        if (decision instanceof Decision.Reject r) {
            engine.events().callRejected(sid, r.status());
            rejectedTrunk = r.trunk();
            a.reject(r.status(), r.headers());
            // Challenges are part of the handshake, not calls: no record for a 407.
            end(CallStatus.FAILED, r.status().code(), HangupBy.SYSTEM,
                    !r.status().equals(SipStatus.PROXY_AUTHENTICATION_REQUIRED));
            return;
        }
        if (decision instanceof Decision.InsecureTransport insecure) {
            engine.events().callRejected(sid, Decision.InsecureTransport.STATUS);
            engine.events().secureTrunkRefused(insecure.trunk(), CallEvents.SecureRefusal.TLS);
            rejectedTrunk = insecure.trunk();
            a.reject(Decision.InsecureTransport.STATUS, List.of());
            end(CallStatus.FAILED, Decision.InsecureTransport.STATUS.code(), HangupBy.SYSTEM);
            return;
        }
        if (decision instanceof Decision.Twiml t) {
            startTwiml(t);
            return;
        }
        plan = ((Decision.Proceed) decision).plan();
        accountSid = plan.accountSid();
        engine.events().callStarted(sid, plan.direction());
        try {
            // The trunk's symmetric RTP is for its PBX: leg A (caller) when terminating, B when originating.
            boolean pbxIsA = plan.direction() == Direction.TRUNKING_TERMINATING;
            session = engine.media().open(sid, plan.symmetricRtp() && pbxIsA, plan.symmetricRtp() && !pbxIsA,
                    () -> post(this::onRtpTimeout));
            // Sessions start with plain RTP allowed on both legs; only SRTP policies cost a call.
            if (plan.encryptionA() != MediaEncryption.NONE) {
                session.encryption(Side.A, plan.encryptionA());
            }
            if (!plan.attempts().isEmpty() && plan.attempts().get(0).encryption() != MediaEncryption.NONE) {
                encryptionB = plan.attempts().get(0).encryption();
                session.encryption(Side.B, encryptionB);
            }
            // A placed call records as its origination says; a trunk's mode is for its PBX's calls.
            recording = origination != null ? origination.recording()
                    : engine.recordings().plan(sid, plan.accountSid(), plan.trunk());
            SipBody body = invite.body();
            if (body != null && body.isSdp()) {
                offerFromA = body.content();
                offerForB = session.offer(Side.A, offerFromA);
            } else if (body != null) {
                reject(SipStatus.UNSUPPORTED_MEDIA_TYPE);
                return;
            } else {
                lateOffer = true;
            }
        } catch (MediaException e) {
            LOG.info("{}: media refused: {}", sid, e.getMessage());
            if (e.status().equals(SipStatus.NOT_ACCEPTABLE_HERE) && plan.encryptionA() == MediaEncryption.SDES
                    && plan.direction() == Direction.TRUNKING_TERMINATING) {
                engine.events().secureTrunkRefused(plan.trunk(), CallEvents.SecureRefusal.SRTP);
            }
            reject(e.status());
            return;
        }
        state = State.ATTEMPTING;
        if (origination != null && origination.ringTimeoutMs() > 0) {
            ringTimer = engine.schedule(stripe, origination.ringTimeoutMs(), this::onRingTimeout);
        }
        nextAttempt();
    }

    /** An origination's ring timeout: nobody answered in time (Twilio's {@code no-answer}). */
    private void onRingTimeout() {
        if (state != State.ATTEMPTING) {
            return;
        }
        LOG.info("{}: not answered within {} ms", sid, origination.ringTimeoutMs());
        if (b() != null) {
            b().cancel();
        }
        end(CallStatus.NO_ANSWER, SipStatus.REQUEST_TERMINATED.code(), HangupBy.SYSTEM);
    }

    /** An origination's time limit: the answered call is hung up (both legs). */
    private void onTimeLimit() {
        if (state != State.ANSWERED) {
            return;
        }
        LOG.info("{}: time limit of {} ms reached", sid, origination.timeLimitMs());
        terminateAnswered(HangupBy.SYSTEM);
    }

    /**
     * The local side ends the call (API hang-up, the TwiML ended, the parent of a {@code <Dial>} left):
     * a CANCEL while the far end rings ({@code canceled}), a BYE once answered.
     */
    void hangUpLocal() {
        if (state == State.ANSWERED) {
            terminateAnswered(HangupBy.CALLER);
        } else {
            onCancel();
        }
    }

    private void terminateAnswered(HangupBy by) {
        a.hangup();
        if (b() != null) {
            b().hangup();
        }
        end(CallStatus.COMPLETED, 200, by);
    }

    /** The number's TwiML application takes the leg over (issue 18); the call ends when it reports. */
    private void startTwiml(Decision.Twiml t) {
        plan = new RoutePlan(t.direction(), t.accountSid(), t.trunk(), t.from(), t.to(), false, List.of(),
                RoutePlan.Limits.NONE);
        accountSid = plan.accountSid();
        engine.events().callStarted(sid, plan.direction());
        SipBody body = a.invite().body();
        if (t.secure() && (body == null || !body.isSdp() || !body.content().contains("a=crypto:"))) {
            // Twilio Secure trunking: the PBX must offer SRTP, to the TwiML endpoint as to the relay.
            engine.events().secureTrunkRefused(t.trunk(), CallEvents.SecureRefusal.SRTP);
            reject(SipStatus.NOT_ACCEPTABLE_HERE);
            return;
        }
        state = State.ATTEMPTING;
        voice = engine.voice().start(sid, a, t, outcome -> post(() -> voiceEnded(outcome)));
    }

    /**
     * Twilio's trunk {@code DisasterRecoveryUrl}: every origination URL failed, so the trunk's
     * TwiML takes the call (the relay session of the attempts goes; the TwiML engine answers from
     * its own media endpoint). The call keeps its SID, record and direction.
     */
    private void disasterRecovery(Decision.Twiml t) {
        LOG.info("{}: every origination URL failed (last {}), the trunk's disaster recovery URL takes the call", sid,
                lastFailure);
        if (attempt != null) {
            attempt.close();
        }
        if (session != null) {
            session.close();
            session = null;
        }
        voice = engine.voice().start(sid, a, t, outcome -> post(() -> voiceEnded(outcome)));
    }

    private void voiceEnded(VoiceApps.Outcome outcome) {
        if (outcome.answered()) {
            state = State.ANSWERED;
            answerTime = outcome.answeredAt();
        }
        // Ended by the API before the answer: canceled, as Twilio reports a call canceled while ringing.
        CallStatus status = outcome.answered() ? CallStatus.COMPLETED
                : outcome.by() == HangupBy.API ? CallStatus.CANCELED : CallStatus.ofFailure(outcome.sipCode());
        end(status, outcome.sipCode(), outcome.by());
    }

    private void reject(SipStatus status) {
        a.reject(status, status.equals(SipStatus.SERVICE_UNAVAILABLE)
                ? RetryAfter.header(engine.retryAfter().unavailable()) : List.of());
        end(CallStatus.FAILED, status.code(), HangupBy.SYSTEM);
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
            OutboundInvite at = plan.attempts().get(next);
            OutboundAttempt tried = new OutboundAttempt(next, at, plan.limits().acquire(at));
            attempt = tried;
            engine.events().attemptStarted(sid, at);
            if (tried.permit == null) {
                LOG.info("{}: carrier {} at its limit, skipping {}", sid, at.carrier(), at.gateway());
                lastFailure = SipStatus.SERVICE_UNAVAILABLE.withReason("Carrier limit exceeded");
                attemptEnded(tried, lastFailure);
                continue;
            }
            if (at.encryption() != encryptionB && offerFromA != null) {
                // A carrier with another media_encryption than the last attempt's: offer it anew.
                encryptionB = at.encryption();
                session.encryption(Side.B, encryptionB);
                try {
                    offerForB = session.offer(Side.A, offerFromA);
                } catch (MediaException e) {
                    LOG.info("{}: attempt {} skipped, media: {}", sid, next + 1, e.getMessage());
                    lastFailure = SipStatus.NOT_ACCEPTABLE_HERE;
                    attemptEnded(tried, lastFailure);
                    tried.close();
                    continue;
                }
            }
            OutboundRequest req = new OutboundRequest(at.target(), at.calledUser(), at.callingUser(),
                    at.callingName(), SipBody.sdp(offerForB), at.headers(),
                    Math.max(1, Math.min(70, a.invite().maxForwards() - 1)), at.authUser(), at.authPassword());
            try {
                tried.leg = engine.dialer().dial(req, new BLegListener());
                tried.timer = engine.schedule(stripe, at.timeoutMs(), () -> onAttemptTimer(tried));
                return;
            } catch (IOException e) {
                LOG.info("{}: attempt {} to {} failed at once: {}", sid, next + 1, at.target(), e.getMessage());
                lastFailure = SipStatus.SERVICE_UNAVAILABLE;
                attemptEnded(tried, lastFailure);
                tried.close();
            }
        }
        if (plan.disasterRecovery() != null && !a.isTerminated()) {
            disasterRecovery(plan.disasterRecovery());
            return;
        }
        // Every attempt failed with a retryable outcome: the caller gets the last one.
        a.reject(lastFailure, List.of());
        end(CallStatus.ofFailure(lastFailure.code()), lastFailure.code(), HangupBy.CALLEE);
    }

    /** Reports the end of {@code tried} once (the events pair each attemptStarted with one attemptEnded). */
    private void attemptEnded(OutboundAttempt tried, SipStatus status) {
        if (!tried.ended) {
            tried.ended = true;
            engine.events().attemptEnded(sid, tried.route, status);
        }
    }

    private void onAttemptTimer(OutboundAttempt timed) {
        if (timed != attempt || timed.closed || timed.responded || state != State.ATTEMPTING) {
            return;
        }
        LOG.info("{}: no response from {} within {} ms, failing over", sid, timed.route.gateway(),
                timed.route.timeoutMs());
        attemptEnded(timed, SipStatus.REQUEST_TIMEOUT);
        timed.leg.cancel();
        lastFailure = SipStatus.REQUEST_TIMEOUT;
        nextAttempt();
    }

    /** Starts the trunk's recording once, at the first moment its mode names or a later one (issue 19). */
    private void startRecording(TrunkRecordings.Start moment) {
        TrunkRecordings.Start start = recording.start();
        if (start != TrunkRecordings.Start.NEVER && start.compareTo(moment) <= 0 && session != null) {
            TrunkRecordings.Plan plan = recording;
            recording = TrunkRecordings.Plan.NONE;
            plan.begin(session);
        }
    }

    private void onProvisional(OutboundLeg leg, SipStatus status, SipBody body) {
        if (attempt == null || !attempt.owns(leg) || state != State.ATTEMPTING) {
            return;
        }
        if (status.equals(SipStatus.TRYING)) {
            return;
        }
        attempt.responded = true;
        cancel(attempt.timer);
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
        startRecording(TrunkRecordings.Start.RINGING);
        // Without usable early media a 183 is only ringing to the PBX.
        a.provisional(toA == null && status.equals(SipStatus.SESSION_PROGRESS) ? SipStatus.RINGING : status, toA);
    }

    private void onAnswered(OutboundLeg leg, SipBody body) {
        if (attempt == null || !attempt.owns(leg) || state != State.ATTEMPTING) {
            // An answer from an abandoned attempt: take it and hang it up.
            leg.ack(null);
            leg.hangup();
            return;
        }
        attempt.responded = true;
        cancel(attempt.timer);
        reportPdd();
        SipBody toA;
        try {
            if (lateOffer) {
                if (body == null || !body.isSdp()) {
                    throw new MediaException(SipStatus.NOT_ACCEPTABLE_HERE, "late offer answered without SDP");
                }
                toA = SipBody.sdp(session.offer(Side.B, body.content()));
                // ACK to B goes out when A's ACK brings the answer.
            } else {
                toA = body != null && body.isSdp()
                        ? SipBody.sdp(session.answer(Side.B, body.content()))
                        : null;
                if (toA == null && !attempt.earlyMediaAnswered) {
                    throw new MediaException(SipStatus.NOT_ACCEPTABLE_HERE, "2xx without SDP answer");
                }
                leg.ack(null);
            }
        } catch (MediaException e) {
            LOG.info("{}: unusable answer SDP: {}", sid, e.getMessage());
            leg.ack(null);
            leg.hangup();
            a.reject(SipStatus.NOT_ACCEPTABLE_HERE, List.of());
            end(CallStatus.FAILED, 488, HangupBy.SYSTEM);
            return;
        }
        attemptEnded(attempt, SipStatus.OK);
        state = State.ANSWERED;
        cancel(ringTimer);
        answerTime = engine.now();
        startRecording(TrunkRecordings.Start.ANSWER);
        if (origination != null && origination.timeLimitMs() > 0) {
            limitTimer = engine.schedule(stripe, origination.timeLimitMs(), this::onTimeLimit);
        }
        a.answer(toA);
    }

    private void onFailed(OutboundLeg leg, SipReply reply) {
        if (attempt == null || !attempt.owns(leg) || state != State.ATTEMPTING) {
            return;
        }
        attempt.responded = true;
        cancel(attempt.timer);
        OutboundInvite at = attempt.route;
        attemptEnded(attempt, reply.status());
        // A carrier's 401/407 that the dialer could not answer asks for our credentials, not the
        // PBX's (RFC 3261 §22.3): relayed, the PBX would retry with its own. It gets 503 instead.
        boolean challenge = reply.status().equals(SipStatus.UNAUTHORIZED)
                || reply.status().equals(SipStatus.PROXY_AUTHENTICATION_REQUIRED);
        lastFailure = challenge ? SipStatus.SERVICE_UNAVAILABLE : reply.status();
        if (at.isFinal().test(reply.status().code())) {
            a.reject(lastFailure, List.of());
            end(CallStatus.ofFailure(lastFailure.code()), lastFailure.code(), HangupBy.CALLEE);
            return;
        }
        nextAttempt();
    }

    private void reportPdd() {
        if (!pddReported) {
            pddReported = true;
            engine.events().postDialDelay(sid, engine.nanoTime() - startNanos);
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
            req.respond(SipReply.of(SipStatus.CALL_OR_TRANSACTION_DOES_NOT_EXIST));
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
                req.respond(SipReply.of(SipStatus.NOT_ACCEPTABLE_HERE));
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
                    req.respond(SipReply.of(SipStatus.NOT_ACCEPTABLE_HERE));
                    return;
                }
            }
            req.respond(new SipReply(reply.status(), rb, List.of()));
        }));
    }

    private void onBye(Side from) {
        if (state == State.ENDED) {
            return;
        }
        releaseLimits(); // before our BYE reaches the other side, which may call again at once
        Leg other = from == Side.A ? b() : a;
        if (other != null) {
            other.hangup();
        }
        end(CallStatus.COMPLETED, 200, from == Side.A ? HangupBy.CALLER : HangupBy.CALLEE);
    }

    private void onCancel() {
        if (state == State.ENDED || state == State.ANSWERED) {
            return;
        }
        if (b() != null) {
            b().cancel();
        }
        end(CallStatus.CANCELED, 487, HangupBy.CALLER);
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
            end(CallStatus.FAILED, 408, HangupBy.SYSTEM);
            return;
        }
        a.hangup();
        if (b() != null) {
            b().hangup();
        }
        end(state == State.ANSWERED ? CallStatus.COMPLETED : CallStatus.FAILED, 408, HangupBy.SYSTEM);
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
        end(CallStatus.COMPLETED, 200, HangupBy.RTP_TIMEOUT);
    }

    // ---------------------------------------------------------------- end

    /** The account the call belongs to, once routed; null before. Any thread. */
    String accountSid() {
        return accountSid;
    }

    int stripe() {
        return stripe;
    }

    /** A snapshot for the console (issue 20); any thread, fields read without the stripe's ordering. */
    LiveCall live() {
        RoutePlan p = plan;
        if (p == null && origination != null && origination.decision() instanceof Decision.Proceed placed) {
            p = placed.plan(); // a placed call before its stripe took the plan
        }
        OutboundAttempt at = attempt;
        SipRequest invite = a.invite();
        VoiceApps.Control app = voice;
        // A TwiML application answers the call itself: its answer is the call's.
        Instant answered = app != null && answerTime == null ? app.answeredAt() : answerTime;
        String st = answered != null && state != State.ENDED ? "answered" : state.name().toLowerCase(java.util.Locale.ROOT);
        return new LiveCall(sid, accountSid, p == null ? invite.from().user() : p.from(),
                p == null ? invite.requestUser() : p.to(), p == null ? null : p.trunk(),
                at == null ? null : at.route.carrier(), at == null ? null : at.route.gateway(),
                st, startTime, answered, invite.callId(),
                p == null ? null : p.direction().twilioName(),
                origination == null ? null : origination.parentCallSid(), liveMedia());
    }

    private LiveMedia liveMedia() {
        MediaBridge.Session s = session;
        return s == null ? null : s.live();
    }

    /** Ends the call from our side (shutdown): BYE/CANCEL/487 on both legs, one record. */
    void terminate() {
        if (state == State.ENDED) {
            return;
        }
        if (voice != null) {
            voice.hangUp(HangupBy.SYSTEM); // the application owns leg A; its outcome ends the call
            return;
        }
        a.hangup();
        if (b() != null) {
            b().hangup();
        }
        end(state == State.ANSWERED ? CallStatus.COMPLETED : CallStatus.FAILED, 503, HangupBy.SYSTEM);
    }

    /**
     * Ends the call for the REST API ({@code Status=completed}, or {@code canceled} when
     * {@code onlyUnanswered}): BYE on answered legs, CANCEL/487 on the others; the record says
     * {@code hangup_by=api} and {@code canceled} for a call that was not answered.
     */
    private void endByApi(boolean onlyUnanswered) {
        VoiceApps.Control app = voice;
        boolean up = state == State.ANSWERED || app != null && app.answeredAt() != null;
        if (state == State.ENDED || (onlyUnanswered && up)) {
            return;
        }
        if (voice != null) {
            voice.hangUp(HangupBy.API);
            return;
        }
        if (state == State.ROUTING) {
            return; // not routed yet (no account: the API cannot see it)
        }
        a.hangup();
        if (b() != null) {
            b().hangup();
        }
        boolean answered = state == State.ANSWERED;
        end(answered ? CallStatus.COMPLETED : CallStatus.CANCELED, answered ? 200 : 487, HangupBy.API);
    }

    /** What the REST API acts on (registered in {@link LiveCalls} by the engine). */
    CallHandle handle() {
        return new CallHandle() {
            @Override
            public LiveCall snapshot() {
                return live();
            }

            @Override
            public void hangUp() {
                post(() -> endByApi(false));
            }

            @Override
            public void cancel() {
                post(() -> endByApi(true));
            }

            @Override
            public boolean redirect(TwimlSource source) {
                VoiceApps.Control v = voice;
                if (v == null) {
                    // A call the switch placed runs its TwiML beside the engine (Calls API).
                    return a instanceof LocalLeg local && state != State.ENDED && local.redirect(source);
                }
                v.redirect(source);
                return true;
            }
        };
    }

    String sid() {
        return sid;
    }

    /** Whether the call has ended; any thread. */
    boolean isEnded() {
        return state == State.ENDED;
    }

    private void end(CallStatus status, int sipCode, HangupBy by) {
        end(status, sipCode, by, true);
    }

    /** The one way a call ends: both legs released (their transactions may linger), limits, media, record. */
    private void end(CallStatus status, int sipCode, HangupBy by, boolean recorded) {
        if (state == State.ENDED) {
            return;
        }
        boolean answered = state == State.ANSWERED;
        state = State.ENDED;
        engine.ended(this);
        cancel(ringTimer);
        cancel(limitTimer);
        a.release();
        if (attempt != null) {
            attemptEnded(attempt, SipStatus.REQUEST_TERMINATED); // still pending: cancelled with the call
            attempt.close();
        }
        MediaSummary ms = session != null ? session.close()
                // A TwiML-answered call has no relay session: its record names the endpoint's suite.
                : voice != null && voice.srtpSuite() != null ? new MediaSummary(0, 0, 0, 0, 0, voice.srtpSuite(), null)
                : MediaSummary.NONE;
        releaseLimits();
        if (recorded) {
            record(answered ? CallStatus.COMPLETED : status, answered ? 200 : sipCode, by,
                    plan == null ? rejectedTrunk : plan.trunk(), ms);
        }
        if (a instanceof LocalLeg local) {
            local.ended(answered ? CallStatus.COMPLETED : status, answered ? 200 : sipCode, answerTime, by);
        }
    }

    /** The call's trunk and carrier limits (idempotent; {@code RoutePlan.close} is synchronized). */
    private void releaseLimits() {
        RoutePlan p = plan;
        if (p != null) {
            try {
                p.limits().close();
            } catch (RuntimeException e) {
                LOG.warn("{}: releasing limits failed: {}", sid, e.toString());
            }
        }
    }

    /**
     * {@link #releaseLimits()} off the stripe, for a call that is answered: {@code plan} was written on the
     * stripe before the volatile write of {@code ANSWERED}, so it is visible after this volatile read.
     */
    private void releaseLimitsOfAnsweredCall() {
        if (state == State.ANSWERED) {
            releaseLimits();
        }
    }

    private void record(CallStatus status, int sipCode, HangupBy by, String trunk, MediaSummary ms) {
        SipRequest invite = a.invite();
        engine.events().callEnded(new CallSummary(sid,
                plan == null ? Direction.TRUNKING_TERMINATING : plan.direction(),
                plan == null ? null : plan.accountSid(), trunk,
                plan == null ? invite.from().user() : plan.from(),
                plan == null ? invite.requestUser() : plan.to(),
                status, startTime, answerTime, engine.now(), invite.callId(),
                attempt == null ? null : attempt.route.carrier(), attempt == null ? null : attempt.route.gateway(),
                attempt == null ? 0 : attempt.index + 1, sipCode, by, ms,
                origination == null ? null : origination.parentCallSid()));
    }

    // ---------------------------------------------------------------- listeners (SIP threads -> stripe)

    private final class ALegListener implements io.softswitch.sip.LegListener {
        @Override
        public void onRequest(Leg leg, InDialogRequest request) {
            post(() -> forward(Side.A, request));
        }

        @Override
        public void onBye(Leg leg) {
            // On the SIP thread, before the PBX gets our 200: a PBX at its trunk's concurrency limit
            // places its next call as soon as it has it, and must not meet this call's permit (503).
            releaseLimitsOfAnsweredCall();
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
        public void onProvisional(OutboundLeg leg, SipStatus status, SipBody body) {
            post(() -> Call.this.onProvisional(leg, status, body));
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
                    request.respond(SipReply.of(SipStatus.CALL_OR_TRANSACTION_DOES_NOT_EXIST));
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
