package io.softswitch.core.call;

import io.softswitch.sip.InboundLeg;
import io.softswitch.sip.OutboundLeg;
import io.softswitch.sip.OutboundListener;
import io.softswitch.sip.OutboundRequest;
import io.softswitch.sip.OverloadLimit;
import io.softswitch.sip.SipHandler;
import io.softswitch.sip.SipStatus;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The B2BUA. Receives new INVITEs from the SIP layer and runs each call on one stripe of a fixed
 * set of single-threaded executors, so that the events of a call are handled in order without
 * locks and without blocking SIP threads.
 *
 * <p>Admission: above {@code maxCalls} live calls, when a stripe's backlog passes
 * {@code maxBacklog}, or when the oldest event waiting on the stripe has waited longer than
 * the {@code overload} threshold (the engine is behind), new calls get {@code 503} with
 * {@code Retry-After} at once. Shedding by queue delay keeps the backlog to a fraction of a second
 * of work, so capacity is back as soon as the offered load drops.
 */
public final class CallEngine implements SipHandler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CallEngine.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final CallRouter router;
    private final MediaBridge media;
    private final CallEvents events;
    private final Dialer dialer;
    private final int maxCalls;
    private final ThreadPoolExecutor[] stripes;
    private final AtomicInteger[] backlog;
    private final int maxBacklog;
    private final OverloadLimit overload;
    private final long startedAt = System.nanoTime();
    private final java.util.concurrent.atomic.AtomicLongArray behindSince;
    private final ScheduledExecutorService timers;
    private final AtomicInteger active = new AtomicInteger();
    private final java.util.Set<Call> live = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Object drained = new Object();
    private final AtomicLong sequence = new AtomicLong();
    private volatile boolean draining;
    private final CallContext context = new EngineContext();
    private final RetryAfter retryAfter;
    private final VoiceApps voice;
    private final TrunkRecordings recordings;
    private final LiveCalls registry;

    /** Sends outbound INVITEs (the SIP endpoint's {@code dial}). */
    @FunctionalInterface
    public interface Dialer {
        OutboundLeg dial(OutboundRequest request, OutboundListener listener) throws IOException;
    }

    /** An engine routing with {@code router}, media through {@code media}, dialing with {@code dialer}. */
    public static Builder builder(CallRouter router, MediaBridge media, Dialer dialer) {
        return new Builder(router, media, dialer);
    }

    /** The engine's knobs, each with the default the daemon's {@code calls:} block documents. */
    public static final class Builder {
        private final CallRouter router;
        private final MediaBridge media;
        private final Dialer dialer;
        private CallEvents events = CallEvents.NONE;
        private int maxCalls = 20_000;
        private int threads = 2 * Runtime.getRuntime().availableProcessors();
        private int maxBacklog = 5_000;
        private OverloadLimit overload = OverloadLimit.steady(OverloadLimit.DEFAULT_MAX_DELAY_MS);
        private RetryAfter retryAfter = RetryAfter.DEFAULT;
        private VoiceApps voice = VoiceApps.NONE;
        private TrunkRecordings recordings = TrunkRecordings.NONE;
        private LiveCalls liveCalls = new LiveCalls();

        private Builder(CallRouter router, MediaBridge media, Dialer dialer) {
            this.router = Objects.requireNonNull(router, "router");
            this.media = Objects.requireNonNull(media, "media");
            this.dialer = Objects.requireNonNull(dialer, "dialer");
        }

        /** Where calls are reported (metrics, records); default none. */
        public Builder events(CallEvents events) {
            this.events = Objects.requireNonNull(events, "events");
            return this;
        }

        /** Live calls at most; beyond, new calls get 503. */
        public Builder maxCalls(int maxCalls) {
            this.maxCalls = positive("maxCalls", maxCalls);
            return this;
        }

        /** Stripes: single-threaded executors each call's events run on. */
        public Builder threads(int threads) {
            this.threads = positive("threads", threads);
            return this;
        }

        /** Queued events per stripe beyond which new calls get 503. */
        public Builder maxBacklog(int maxBacklog) {
            this.maxBacklog = positive("maxBacklog", maxBacklog);
            return this;
        }

        /** The queue-delay threshold of overload (steady and during the warm-up). */
        public Builder overload(OverloadLimit overload) {
            this.overload = Objects.requireNonNull(overload, "overload");
            return this;
        }

        /** The Retry-After values of the engine's 503s. */
        public Builder retryAfter(RetryAfter retryAfter) {
            this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
            return this;
        }

        /** Answers calls the router gives to a TwiML application; default none (503). */
        public Builder voice(VoiceApps voice) {
            this.voice = Objects.requireNonNull(voice, "voice");
            return this;
        }

        /** Records calls whose trunk asks for it (issue 19); default none. */
        public Builder recordings(TrunkRecordings recordings) {
            this.recordings = Objects.requireNonNull(recordings, "recordings");
            return this;
        }

        /** Where the engine's calls are registered while up, for the REST API; default its own. */
        public Builder liveCalls(LiveCalls liveCalls) {
            this.liveCalls = Objects.requireNonNull(liveCalls, "liveCalls");
            return this;
        }

        public CallEngine build() {
            return new CallEngine(this);
        }

        private static int positive(String name, int value) {
            if (value < 1) {
                throw new IllegalArgumentException(name + ": " + value + " (expected: 1 or more)");
            }
            return value;
        }
    }

    private CallEngine(Builder b) {
        this.router = b.router;
        this.media = b.media;
        this.events = b.events;
        this.dialer = b.dialer;
        this.maxCalls = b.maxCalls;
        this.maxBacklog = b.maxBacklog;
        this.overload = b.overload;
        this.retryAfter = b.retryAfter;
        this.voice = b.voice;
        this.recordings = b.recordings;
        this.registry = b.liveCalls;
        int threads = b.threads;
        this.stripes = new ThreadPoolExecutor[threads];
        this.behindSince = new java.util.concurrent.atomic.AtomicLongArray(threads);
        this.backlog = new AtomicInteger[threads];
        for (int i = 0; i < threads; i++) {
            stripes[i] = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                    named("call-" + i));
            backlog[i] = new AtomicInteger();
        }
        // A cancelled timer leaves the queue at once: a call's timers refer to the call.
        ScheduledThreadPoolExecutor t =
                new ScheduledThreadPoolExecutor(1, named("call-timers"));
        t.setRemoveOnCancelPolicy(true);
        this.timers = t;
    }

    private static ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** The registry the engine's calls are in while up (the REST API's view of live calls). */
    public LiveCalls liveCallRegistry() {
        return registry;
    }

    /** Live calls. */
    public int activeCalls() {
        return active.get();
    }

    /** From now on new calls get 503; calls in progress go on. */
    public void drain() {
        draining = true;
    }

    @Override
    public void onInvite(InboundLeg leg) {
        if (draining) {
            // The reason a SIP front (deploy/kamailio) fails over on: this node, not the call, is the problem.
            leg.reject(SipStatus.SERVICE_UNAVAILABLE.withReason("Shutting Down"), RetryAfter.header(retryAfter.draining()));
            return;
        }
        int stripe = (int) (sequence.incrementAndGet() % stripes.length);
        if (active.get() >= maxCalls || backlog[stripe].get() >= maxBacklog || behind(stripe)) {
            leg.reject(SipStatus.SERVICE_UNAVAILABLE, RetryAfter.header(retryAfter.overloaded()));
            events.callRejected(null, SipStatus.SERVICE_UNAVAILABLE);
            return;
        }
        active.incrementAndGet();
        Call call = new Call(context, leg, stripe);
        live.add(call);
        registry.add(call.sid(), call.handle());
        execute(stripe, call::start);
    }

    /**
     * Places a call (issues 18 and 19): leg A is the switch's own media endpoint (its offer in
     * {@code origination}), leg B goes through the origination's plan exactly as a PBX's call would
     * (attempts, failover, carrier limits, relay, record). Returns at once; what happens is reported
     * to {@code listener} on the call's stripe. Refused like a new INVITE when the engine is draining
     * or overloaded: the call then ends {@code failed} with 503 (its listener is told, on this thread).
     *
     * @param sid the call's SID ({@link #newCallSid()})
     */
    public OriginatedCall originate(String sid, Origination origination, String from, String to,
            OriginationListener listener) {
        int stripe = (int) (sequence.incrementAndGet() % stripes.length);
        if (draining || active.get() >= maxCalls || backlog[stripe].get() >= maxBacklog) {
            events.callRejected(sid, SipStatus.SERVICE_UNAVAILABLE);
            listener.ended(CallStatus.FAILED, SipStatus.SERVICE_UNAVAILABLE.code(), null, HangupBy.SYSTEM);
            return OriginatedCall.ended(sid);
        }
        active.incrementAndGet();
        Call call = new Call(context, new LocalLeg(sid, from, to, origination.offerSdp(), listener), stripe, sid,
                origination);
        live.add(call);
        execute(stripe, call::start);
        // The Calls API sees and controls it like any live call; registered after its start is
        // queued, so whatever the API posts to the call's stripe runs once it is routed.
        registry.add(sid, call.handle());
        if (call.isEnded()) {
            registry.remove(sid); // it ended (refused at once) before it was registered
        }
        return OriginatedCall.of(sid, () -> execute(stripe, call::hangUpLocal));
    }

    /**
     * The record of a call the Calls API queued and that ended before it was placed (canceled while
     * {@code queued}): no leg, no attempt, no media; Twilio keeps such a call in the log too.
     */
    public void recordUnplaced(String sid, Direction direction, String accountSid, String from, String to,
            CallStatus status, java.time.Instant queuedAt, HangupBy by) {
        events.callEnded(new CallSummary(sid, direction, accountSid, null, from, to, status, queuedAt, null,
                context.now(), null, null, null, 0, 0, by, MediaSummary.NONE));
    }

    /**
     * True while the next new call would be refused for overload: at {@code maxCalls}, or the stripe
     * it would go to is behind. The SIP layer then answers new INVITEs 503 statelessly, before
     * parsing them (see {@link SipHandler#overloaded()}).
     */
    @Override
    public boolean overloaded() {
        if (draining) {
            return false; // refused with Retry-After: 5 by onInvite
        }
        int next = (int) ((sequence.get() + 1) % stripes.length);
        return active.get() >= maxCalls || behind(next);
    }

    /**
     * True when the oldest event queued on the stripe has waited longer than the overload
     * threshold in force (the lenient one during the warm-up after start), without a break for
     * {@link #GRACE_NANOS}: a GC pause leaves a backlog the stripe works off at once when it has
     * capacity; only a backlog that stays is overload.
     */
    private boolean behind(int stripe) {
        long now = System.nanoTime() | 1; // 0 means "not behind"
        long maxQueueDelayNanos = TimeUnit.MILLISECONDS.toNanos(overload.thresholdMs(
                TimeUnit.NANOSECONDS.toMillis(now - startedAt)));
        if (maxQueueDelayNanos <= 0) {
            return false;
        }
        Runnable oldest = stripes[stripe].getQueue().peek();
        if (!(oldest instanceof Queued q) || now - q.queuedAt <= maxQueueDelayNanos) {
            behindSince.set(stripe, 0);
            return false;
        }
        long since = behindSince.get(stripe);
        if (since == 0) {
            behindSince.compareAndSet(stripe, 0, now);
            return false;
        }
        return now - since >= GRACE_NANOS;
    }

    private static final long GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** A call event with the time it was queued (for admission by queue delay). */
    private record Queued(long queuedAt, AtomicInteger backlog, Runnable task) implements Runnable {
        @Override
        public void run() {
            backlog.decrementAndGet();
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("call task failed: {}", e.toString(), e);
            }
        }
    }

    void execute(int stripe, Runnable task) {
        backlog[stripe].incrementAndGet();
        try {
            stripes[stripe].execute(new Queued(System.nanoTime(), backlog[stripe], task));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            backlog[stripe].decrementAndGet();
        }
    }

    Future<?> schedule(int stripe, long delayMs, Runnable task) {
        return timers.schedule(() -> execute(stripe, task), delayMs, TimeUnit.MILLISECONDS);
    }

    void ended(Call call) {
        registry.remove(call.sid());
        if (live.remove(call)) {
            active.decrementAndGet();
            if (draining) {
                synchronized (drained) {
                    drained.notifyAll();
                }
            }
        }
    }

    /**
     * Graceful stop (SIGTERM): new calls already get 503 after {@link #drain()}; waits up to
     * {@code grace} for calls in progress to finish, then hangs up the rest (BYE or CANCEL/487 on
     * both legs) and waits briefly for their records. Returns the number of calls it had to end.
     */
    public int finish(java.time.Duration grace) {
        drain();
        long deadline = System.nanoTime() + grace.toNanos();
        synchronized (drained) {
            while (!live.isEmpty() && System.nanoTime() < deadline) {
                try {
                    drained.wait(Math.max(1, Math.min(100, (deadline - System.nanoTime()) / 1_000_000)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        java.util.List<Call> remaining = java.util.List.copyOf(live);
        for (Call c : remaining) {
            execute(c.stripe(), c::terminate);
        }
        long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(3);
        synchronized (drained) {
            while (!live.isEmpty() && System.nanoTime() < end) {
                try {
                    drained.wait(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return remaining.size();
    }

    /**
     * Hangs up every live call of {@code accountSid} (BYE, or CANCEL/487, on both legs; record
     * status as for the end of a SIGTERM drain), e.g. when the account is suspended. Any thread;
     * returns the number of calls it asked to end.
     */
    public int endCalls(String accountSid) {
        int n = 0;
        for (Call c : java.util.List.copyOf(live)) {
            if (accountSid.equals(c.accountSid())) {
                execute(c.stripe(), c::terminate);
                n++;
            }
        }
        return n;
    }

    /** The calls in progress, oldest first (the console's Live page). Any thread. */
    public java.util.List<LiveCall> liveCalls() {
        return live.stream().map(Call::live).sorted(java.util.Comparator.comparing(LiveCall::startTime)).toList();
    }

    /** The number of live calls of {@code accountSid}. */
    public int activeCalls(String accountSid) {
        return (int) live.stream().filter(c -> accountSid.equals(c.accountSid())).count();
    }

    /** The engine as its calls see it: its executors and the system clocks. */
    private final class EngineContext implements CallContext {
        @Override
        public CallRouter router() {
            return router;
        }

        @Override
        public MediaBridge media() {
            return media;
        }

        @Override
        public CallEvents events() {
            return events;
        }

        @Override
        public Dialer dialer() {
            return dialer;
        }

        @Override
        public void execute(int stripe, Runnable task) {
            CallEngine.this.execute(stripe, task);
        }

        @Override
        public Future<?> schedule(int stripe, long delayMs, Runnable task) {
            return CallEngine.this.schedule(stripe, delayMs, task);
        }

        @Override
        public void ended(Call call) {
            CallEngine.this.ended(call);
        }

        @Override
        public RetryAfter retryAfter() {
            return retryAfter;
        }

        @Override
        public VoiceApps voice() {
            return voice;
        }

        @Override
        public TrunkRecordings recordings() {
            return recordings;
        }

        @Override
        public java.time.Instant now() {
            return java.time.Instant.now();
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }
    }

    /** A new call SID ({@code CA} and 32 hex digits), e.g. for a call queued before it is placed. */
    public static String newCallSid() {
        return newSid("CA");
    }

    static String newSid(String prefix) {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return prefix + HexFormat.of().formatHex(b);
    }

    @Override
    public void close() {
        timers.shutdownNow();
        for (ThreadPoolExecutor s : stripes) {
            s.shutdown();
        }
        for (ThreadPoolExecutor s : stripes) {
            try {
                s.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
