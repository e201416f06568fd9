package io.softswitch.core.call;

import io.softswitch.sip.OutboundLeg;
import io.softswitch.sip.OutboundListener;
import io.softswitch.sip.OutboundRequest;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * A call's engine run by hand: tasks wait in one queue until {@link #runAll()}, timers fire when
 * {@link #advance} moves the manual clock past them, and every dial creates a {@link FakeOutboundLeg}.
 * Single-threaded: the test is the stripe.
 */
final class ManualCallContext implements CallContext {
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>(Comparator.comparingLong(Timer::dueNanos)
            .thenComparingLong(Timer::seq));
    private long nanos = 1_000_000_000L;
    private long timerSeq;
    private final Instant epoch = Instant.parse("2024-01-05T12:00:00Z");
    final CallRouter router;
    final RecordingMedia media = new RecordingMedia();
    final List<String> events = new ArrayList<>();
    final List<CallSummary> records = new ArrayList<>();
    final List<FakeOutboundLeg> dialed = new ArrayList<>();
    final List<Call> ended = new ArrayList<>();
    /** Dials to these targets' ports fail at once with an IOException. */
    final List<Integer> unreachablePorts = new ArrayList<>();

    private record Timer(long dueNanos, long seq, int stripe, Runnable task, CompletableFuture<Void> handle) {
    }

    ManualCallContext(CallRouter router) {
        this.router = router;
    }

    /** Starts a call for {@code a} as the engine does, and runs it until it waits. */
    Call start(FakeInboundLeg a) {
        Call call = new Call(this, a, 0);
        execute(0, call::start);
        runAll();
        return call;
    }

    /** Runs queued tasks, including those they queue, until none is left. */
    void runAll() {
        while (!queue.isEmpty()) {
            queue.poll().run();
        }
    }

    /** Timers scheduled and neither fired nor cancelled: what still holds a call. */
    long pendingTimers() {
        return timers.stream().filter(t -> !t.handle().isCancelled()).count();
    }

    /** Moves the clock by {@code d}, queueing each timer that falls due in time order, and runs them. */
    void advance(Duration d) {
        long target = nanos + d.toNanos();
        while (!timers.isEmpty() && timers.peek().dueNanos() <= target) {
            Timer t = timers.poll();
            nanos = t.dueNanos();
            if (t.handle().isCancelled()) {
                continue;
            }
            execute(t.stripe(), t.task());
            runAll();
        }
        nanos = target;
        runAll();
    }

    FakeOutboundLeg leg(int i) {
        return dialed.get(i);
    }

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
        return new CallEvents() {
            @Override
            public void callStarted(String callSid, Direction direction) {
                events.add("callStarted " + direction);
            }

            @Override
            public void callRejected(String callSid, io.softswitch.sip.SipStatus status) {
                events.add("callRejected " + status);
            }

            @Override
            public void authFailed(String trunk, String source) {
                events.add("authFailed " + trunk + " " + source);
            }

            @Override
            public void attemptStarted(String callSid, OutboundInvite attempt) {
                events.add("attemptStarted " + attempt.gateway());
            }

            @Override
            public void attemptEnded(String callSid, OutboundInvite attempt, io.softswitch.sip.SipStatus status) {
                events.add("attemptEnded " + attempt.gateway() + " " + status.code());
            }

            @Override
            public void callEnded(CallSummary summary) {
                events.add("callEnded " + summary.status() + " " + summary.sipCode());
                records.add(summary);
            }
        };
    }

    @Override
    public CallEngine.Dialer dialer() {
        return this::dial;
    }

    private OutboundLeg dial(OutboundRequest request, OutboundListener listener) throws IOException {
        if (unreachablePorts.contains(request.target().port())) {
            throw new IOException("unreachable " + request.target());
        }
        FakeOutboundLeg leg = new FakeOutboundLeg("B" + (dialed.size() + 1), request, listener);
        dialed.add(leg);
        return leg;
    }

    @Override
    public void execute(int stripe, Runnable task) {
        queue.add(task);
    }

    @Override
    public Future<?> schedule(int stripe, long delayMs, Runnable task) {
        CompletableFuture<Void> handle = new CompletableFuture<>();
        timers.add(new Timer(nanos + Duration.ofMillis(delayMs).toNanos(), timerSeq++, stripe, task, handle));
        return handle;
    }

    @Override
    public void ended(Call call) {
        ended.add(call);
    }

    @Override
    public RetryAfter retryAfter() {
        return RetryAfter.DEFAULT;
    }

    @Override
    public Instant now() {
        return epoch.plusNanos(nanos);
    }

    @Override
    public long nanoTime() {
        return nanos;
    }
}
