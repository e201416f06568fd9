package io.softswitch.core.voice;

import io.softswitch.core.api.CallMaker;
import io.softswitch.core.call.CallEngine;
import io.softswitch.core.call.CallHandle;
import io.softswitch.core.call.CallStatus;
import io.softswitch.core.call.Decision;
import io.softswitch.core.call.Direction;
import io.softswitch.core.call.HangupBy;
import io.softswitch.core.call.LiveCall;
import io.softswitch.core.call.LiveCalls;
import io.softswitch.core.call.OriginatedCall;
import io.softswitch.core.call.Origination;
import io.softswitch.core.call.OriginationListener;
import io.softswitch.core.call.TrunkRecordings;
import io.softswitch.core.call.TrunkingCallRouter;
import io.softswitch.core.call.TwimlSource;
import io.softswitch.core.recording.RecordingSource;
import io.softswitch.media.MediaUnavailableException;
import io.softswitch.media.endpoint.Codec;
import io.softswitch.media.endpoint.MediaEndpoint;
import io.softswitch.sip.SipStatus;
import io.softswitch.sip.SipUri;
import io.softswitch.trunking.RouteDecision;
import io.softswitch.trunking.RoutingSnapshot;
import io.softswitch.voice.call.CallContext;
import io.softswitch.voice.call.CallProgress;
import io.softswitch.voice.call.TwimlCall;
import io.softswitch.voice.twiml.HttpMethod;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Calls API's calls (issue 19): {@code POST Calls} queues a call per account (bounded,
 * {@link #MAX_QUEUED_PER_ACCOUNT}); a pacer places the head of each queue as soon as the limits of
 * its route admit it (the account's or the caller number's trunk's CPS and concurrency, as for a
 * PBX's call), so a burst goes out at the CPS in order and none is lost. A placed call is an
 * origination ({@link CallEngine#originate}) whose local side is a media endpoint; once answered it
 * runs the TwiML ({@code Url} or inline {@code Twiml}) there. Status callbacks follow
 * {@code StatusCallbackEvent}, in order, signed, through the bounded callback queue.
 *
 * <p>A queued call is a live call like the others ({@link LiveCalls}, status {@code queued}):
 * {@code Status=canceled} (or {@code completed}) takes it out of the queue before any INVITE, and
 * its record says {@code canceled}; {@code Url}/{@code Twiml} replace the TwiML it will run.
 * {@code Record=true} records the placed call on the relay from its answer.
 *
 * <p>Threading: {@link #place} on API threads; one pacer thread; call events on the engine's stripes.
 */
public final class OutboundCalls implements CallMaker, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutboundCalls.class);
    /** Calls of one account waiting for their limits; beyond, {@code POST Calls} gets 429 (Twilio's 20429). */
    public static final int MAX_QUEUED_PER_ACCOUNT = 1000;
    /** How often the pacer looks again at queue heads its limits refused (it runs only while calls wait). */
    static final long PACE_MS = 10;
    /** {@code TimeLimit} when none is given: Twilio's 4 hours. */
    static final int DEFAULT_TIME_LIMIT_SECONDS = 14_400;

    private final CallEngine engine;
    private final TrunkingCallRouter router;
    private final Supplier<RoutingSnapshot> snapshot;
    private final TwimlCalls voice;
    private final ScheduledExecutorService pacer;
    private final Map<String, ArrayDeque<Queued>> queues = new ConcurrentHashMap<>();
    private final Map<String, OriginatedCall> live = new ConcurrentHashMap<>();
    private final LiveCalls registry;
    /** A pass is scheduled: pacer-confined (an idle pacer never wakes; see {@link #pace}). */
    private boolean passPending;

    /**
     * A call waiting in its account's queue. {@code taken} is set once, by whoever takes it out:
     * the pacer (to place it) or a cancel; {@code next} is TwiML the API gave it meanwhile.
     */
    private record Queued(String sid, NewCall call, String token, SipUri sipTarget, Instant queuedAt,
            AtomicBoolean taken, AtomicReference<TwimlSource> next) {
    }

    public OutboundCalls(CallEngine engine, TrunkingCallRouter router, Supplier<RoutingSnapshot> snapshot,
            TwimlCalls voice) {
        this.engine = engine;
        this.registry = engine.liveCallRegistry();
        this.router = router;
        this.snapshot = snapshot;
        this.voice = voice;
        this.pacer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "calls-api-pacer");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public String place(NewCall call) throws Refused {
        RoutingSnapshot s = snapshot.get();
        if (!s.ownsNumber(call.accountSid(), call.from())) {
            throw new Refused(400, 21210, "The source phone number provided, " + call.from()
                    + ", is not a number of account " + call.accountSid()
                    + ". You may only make calls from numbers the account owns.");
        }
        String token = voice.authToken(call.accountSid()).orElseThrow(() -> new Refused(403, 20403,
                "account " + call.accountSid() + " has no webhook signing key: rotate its auth token first"));
        SipUri sipTarget = null;
        if (call.to().regionMatches(true, 0, "sip:", 0, 4)) {
            try {
                sipTarget = SipUri.parse(call.to());
            } catch (IllegalArgumentException e) {
                throw new Refused(400, 21211, "Invalid 'To' SIP URI " + call.to() + ": " + e.getMessage());
            }
        } else {
            RouteDecision.Rejected no = router.dryRun(call.accountSid(), call.to(), call.from());
            if (no != null) {
                throw new Refused(400, 21215, "Account " + call.accountSid() + " is not allowed to call " + call.to()
                        + ": " + no.status().reason());
            }
        }
        String sid = CallEngine.newCallSid();
        ArrayDeque<Queued> q = queues.computeIfAbsent(call.accountSid(), k -> new ArrayDeque<>());
        synchronized (q) {
            if (q.size() >= MAX_QUEUED_PER_ACCOUNT) {
                throw new Refused(429, 20429, "Too Many Requests: " + q.size() + " calls of account "
                        + call.accountSid() + " are already queued (limit " + MAX_QUEUED_PER_ACCOUNT + ")");
            }
            Queued queued = new Queued(sid, call, token, sipTarget, Instant.now(), new AtomicBoolean(),
                    new AtomicReference<>());
            q.add(queued);
            registry.add(sid, queuedHandle(queued));
        }
        try {
            pacer.execute(this::pace);
        } catch (RejectedExecutionException e) {
            // Closing: the daemon stops, the queued call with it.
        }
        return sid;
    }

    /** The queued call as the Calls API sees it: {@code queued}, cancelable, redirectable. */
    private CallHandle queuedHandle(Queued q) {
        return new CallHandle() {
            @Override
            public LiveCall snapshot() {
                NewCall c = q.call();
                return new LiveCall(q.sid(), c.accountSid(), c.from(), c.to(), null, null, null, "queued", q.queuedAt(),
                        null, null, Direction.OUTBOUND_API.twilioName(), null);
            }

            @Override
            public void hangUp() {
                cancel();
            }

            @Override
            public void cancel() {
                if (q.taken().compareAndSet(false, true)) {
                    canceledInQueue(q);
                } else {
                    cancelPlaced(q, this, 0);
                }
            }

            @Override
            public boolean redirect(TwimlSource source) {
                q.next().set(source);
                return true;
            }
        };
    }

    /**
     * A cancel that found the call just taken out of its queue by the pacer: the engine's handle,
     * once registered, acts (CANCEL while it rings); until then (a few ms) it is asked again.
     */
    private void cancelPlaced(Queued q, CallHandle queuedHandle, int tries) {
        Optional<CallHandle> h = registry.find(q.call().accountSid(), q.sid());
        if (h.isPresent() && h.get() != queuedHandle) {
            h.get().cancel();
        } else if (h.isPresent() && tries < 100) {
            pacer.schedule(() -> cancelPlaced(q, queuedHandle, tries + 1), PACE_MS, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * {@code Status=canceled} on a queued call: out of the queue, never sent; its record and its
     * {@code completed} callback say {@code canceled}.
     */
    private void canceledInQueue(Queued q) {
        ArrayDeque<Queued> queue = queues.get(q.call().accountSid());
        if (queue != null) {
            synchronized (queue) {
                queue.remove(q);
            }
        }
        registry.remove(q.sid());
        NewCall c = q.call();
        LOG.info("{}: canceled while queued", q.sid());
        engine.recordUnplaced(q.sid(), Direction.OUTBOUND_API, c.accountSid(), c.from(), c.to(), CallStatus.CANCELED,
                q.queuedAt(), HangupBy.API);
        CallContext context = context(q, c.url(), c.method());
        progress(progress(context, c), CallProgress.Event.COMPLETED, CallStatus.CANCELED.twilioName(), Duration.ZERO, 0);
    }

    /** The live call {@code sid} placed by the API (ringing or answered), for hang-up and redirect. */
    public Optional<OriginatedCall> live(String sid) {
        return Optional.ofNullable(live.get(sid));
    }

    /** Calls queued now, all accounts. */
    public int queued() {
        int n = 0;
        for (ArrayDeque<Queued> q : queues.values()) {
            synchronized (q) {
                n += q.size();
            }
        }
        return n;
    }

    /**
     * Places each queue's head while its limits admit it; a head refused by a limit waits for the
     * next pass, {@link #PACE_MS} later. Runs when a call is queued and then only while some call
     * waits, so an idle daemon's pacer does not wake.
     */
    private void pace() {
        boolean waiting = false;
        try {
            for (ArrayDeque<Queued> q : queues.values()) {
                while (true) {
                    Queued head;
                    synchronized (q) {
                        head = q.peek();
                    }
                    if (head == null) {
                        break;
                    }
                    if (head.taken().get()) {
                        synchronized (q) {
                            q.remove(head); // canceled: its canceler removes it too
                        }
                        continue;
                    }
                    Decision d = decide(head);
                    if (TrunkingCallRouter.refusedByLimit(d)) {
                        waiting = true;
                        break;
                    }
                    synchronized (q) {
                        q.remove(head);
                    }
                    if (!head.taken().compareAndSet(false, true)) {
                        closeUnused(d); // canceled while it was being decided
                        continue;
                    }
                    try {
                        start(head, d);
                    } catch (RuntimeException e) {
                        LOG.error("{}: placing the call failed: {}", head.sid(), e.toString(), e);
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.error("calls API pacer: {}", e.toString(), e);
            waiting = true;
        }
        if (waiting && !passPending) {
            passPending = true;
            pacer.schedule(() -> {
                passPending = false;
                pace();
            }, PACE_MS, TimeUnit.MILLISECONDS);
        }
    }

    private Decision decide(Queued q) {
        NewCall c = q.call();
        if (q.sipTarget() != null) {
            return TrunkingCallRouter.sipCall(Direction.OUTBOUND_API, c.accountSid(), q.sipTarget(), c.from(),
                    c.sipUsername(), c.sipPassword(), (int) TimeUnit.SECONDS.toMillis(c.timeoutSeconds()));
        }
        return router.planCall(Direction.OUTBOUND_API, c.accountSid(), c.to(), c.from());
    }

    /** A decision's limits, taken by {@link #decide}, released when its call will not be placed. */
    private static void closeUnused(Decision d) {
        if (d instanceof Decision.Proceed p) {
            p.plan().limits().close();
        }
    }

    private static CallContext context(Queued q, URI url, String method) {
        NewCall c = q.call();
        return new CallContext(q.sid(), c.accountSid(), c.from(), c.to(), Direction.OUTBOUND_API.twilioName(), null,
                q.token(), url, method(method), c.fallbackUrl(), method(c.fallbackMethod()));
    }

    private static CallProgress progress(CallContext context, NewCall c) {
        Set<CallProgress.Event> events = EnumSet.noneOf(CallProgress.Event.class);
        c.statusEvents().forEach(e -> events.add(CallProgress.Event.parse(e)));
        return new CallProgress(context, c.statusCallback(), method(c.statusCallbackMethod()), events,
                Clock.systemUTC());
    }

    /** {@code Record=true}: the relay records the placed call from its answer, source {@code OutboundAPI}. */
    private TrunkRecordings.Plan recording(Queued q) {
        CallMaker.Recording r = q.call().recording();
        if (r == null) {
            return TrunkRecordings.Plan.NONE;
        }
        return voice.relayRecording(q.call().accountSid(), q.sid(), q.token(), RecordingSource.OUTBOUND_API, false,
                r.dual(), r.trimSilence(), r.statusCallback(), method(r.statusCallbackMethod()), r.statusCallbackEvents());
    }

    private void start(Queued q, Decision decision) {
        NewCall c = q.call();
        CallContext context = context(q, c.url(), c.method());
        CallProgress progress = progress(context, c);
        progress(progress, CallProgress.Event.INITIATED, "initiated", Duration.ZERO, 0);
        EndpointTaps taps = new EndpointTaps();
        AtomicReference<TwimlCall> interpreter = taps.interpreter;
        MediaEndpoint endpoint;
        try {
            endpoint = voice.openEndpoint(Codec.PCMU, 101, taps);
        } catch (MediaUnavailableException e) {
            LOG.warn("{}: {}", q.sid(), e.getMessage());
            closeUnused(decision);
            registry.remove(q.sid());
            engine.recordUnplaced(q.sid(), Direction.OUTBOUND_API, c.accountSid(), c.from(), c.to(), CallStatus.FAILED,
                    q.queuedAt(), HangupBy.SYSTEM);
            progress(progress, CallProgress.Event.COMPLETED, CallStatus.FAILED.twilioName(), Duration.ZERO,
                    SipStatus.SERVICE_UNAVAILABLE.code());
            return;
        }
        String offer = AudioOffer.offer(new InetSocketAddress(voice.advertised(), endpoint.localAddress().getPort()),
                Codec.PCMU, System.currentTimeMillis());
        AtomicReference<OriginatedCall> handle = new AtomicReference<>();
        OriginationListener listener = new OriginationListener() {
            private boolean ended;

            @Override
            public void ringing(String earlyMediaSdp) {
                progress(progress, CallProgress.Event.RINGING, "ringing", Duration.ZERO, 0);
            }

            @Override
            public void answered(String sdp) {
                AudioOffer far = AudioOffer.parse(sdp);
                if (far != null) {
                    endpoint.remote(far.remote());
                }
                progress(progress, CallProgress.Event.ANSWERED, "in-progress", Duration.ZERO, 0);
                TwimlLeg leg = new TwimlLeg() {
                    @Override
                    public void answer() {
                    }

                    @Override
                    public void hangup() {
                        hangUp(handle);
                    }

                    @Override
                    public void reject(SipStatus status) {
                        hangUp(handle);
                    }

                    @Override
                    public boolean isTerminated() {
                        return ended;
                    }
                };
                // TwiML the API gave the call while it was queued or ringing replaces the request's.
                TwimlSource next = q.next().getAndSet(null);
                CallContext runs = next != null && next.url() != null ? context(q, next.url(), next.method()) : context;
                String twiml = next == null ? c.twiml() : next.twiml();
                TwimlCall run = voice.interpreter(runs, voice.media(leg, endpoint, taps, runs), () -> hangUp(handle));
                interpreter.set(run);
                if (c.sendDigits() != null && !c.sendDigits().isEmpty()) {
                    // Twilio's SendDigits: RFC 4733 events once answered, before the TwiML runs.
                    endpoint.sendDigits(c.sendDigits(), () -> run.startAnswered(twiml));
                } else {
                    run.startAnswered(twiml);
                }
            }

            @Override
            public boolean redirect(TwimlSource source) {
                TwimlCall run = interpreter.get();
                if (run == null) {
                    q.next().set(source); // still ringing: runs once answered
                    return true;
                }
                voice.redirect(run, context, source);
                return true;
            }

            @Override
            public void ended(CallStatus status, int sipCode, Instant answeredAt, HangupBy by) {
                ended = true;
                live.remove(q.sid());
                registry.remove(q.sid()); // refused by the engine before it registered the call
                endpoint.close();
                TwimlCall run = interpreter.get();
                if (run != null) {
                    run.onHangup();
                }
                Duration talked = answeredAt == null ? Duration.ZERO : Duration.between(answeredAt, Instant.now());
                progress(progress, CallProgress.Event.COMPLETED, status.twilioName(), talked, sipCode);
            }
        };
        live.put(q.sid(), OriginatedCall.of(q.sid(), () -> hangUp(handle)));
        handle.set(engine.originate(q.sid(), new Origination(decision, offer, null,
                TimeUnit.SECONDS.toMillis(c.timeoutSeconds()),
                TimeUnit.SECONDS.toMillis(c.timeLimitSeconds() > 0 ? c.timeLimitSeconds() : DEFAULT_TIME_LIMIT_SECONDS),
                recording(q)), c.from(), c.to(), listener));
    }

    private static void hangUp(AtomicReference<OriginatedCall> handle) {
        OriginatedCall call = handle.get();
        if (call != null) {
            call.hangup();
        }
    }

    /** Sends {@code event}'s callback if subscribed; one call's callbacks are built in order (sequence numbers). */
    private void progress(CallProgress progress, CallProgress.Event event, String status, Duration duration, int sipCode) {
        synchronized (progress) {
            progress.on(event, status, duration, sipCode).ifPresent(voice::callback);
        }
    }

    private static HttpMethod method(String m) {
        return m == null ? HttpMethod.POST : HttpMethod.parse(m);
    }

    @Override
    public void close() {
        pacer.shutdownNow();
    }
}
