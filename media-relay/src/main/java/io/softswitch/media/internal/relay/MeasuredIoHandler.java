package io.softswitch.media.internal.relay;

import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoRegistration;
import io.netty.util.concurrent.ThreadAwareExecutor;
import java.util.Map;

/**
 * Netty's I/O handler of a media event loop (epoll or NIO), wrapped to time each pass of the loop
 * for {@link OverloadControl}: how long the handler spent processing ready sockets (Netty reports
 * it through {@link IoHandlerContext#reportActiveIoTime}, excluding the wait in {@code epoll_wait}),
 * how long it waited, and how long the loop ran tasks between two passes; and, for the relay
 * latency, when the wait returned ({@link LoopClock}): Netty's epoll and NIO handlers ask
 * {@link IoHandlerContext#shouldReportActiveIoTime} right after the wait, before processing the
 * ready sockets (Netty 4.2; were it never asked, {@link LoopClock} falls back to read-to-send time).
 * Everything else is delegated unchanged. Three {@code System.nanoTime()} calls per pass, none per packet.
 *
 * <p>Whether the loop was idle before a pass (its sockets empty: it had caught up) is decided once
 * per pass, for both users: the wait was allowed to block (the handler's first
 * {@link IoHandlerContext#canBlock} of the pass said so: no task was due) and lasted at least the
 * transport's {@link Transport#idleWaitNanos(long)} (longer for a loop's first passes on NIO, whose
 * wait runs cold Java code). A wait that could not block is a poll between tasks
 * that were due: the loop had work, however long the poll took (cold code, a descheduled thread),
 * and the packets arriving meanwhile waited for it.
 */
final class MeasuredIoHandler implements IoHandler {
    private final IoHandler delegate;
    /** Null when overload protection is off. */
    private final OverloadControl control;
    private final Context context;
    /** When the previous pass ended; 0 before the first (the thread's start is no lag). */
    private long lastEnd;

    private MeasuredIoHandler(IoHandler delegate, OverloadControl control, LoopClock clock, Transport transport) {
        this.delegate = delegate;
        this.control = control;
        this.context = new Context(clock, transport);
    }

    /**
     * Wraps {@code transport}'s handlers; each loop's {@link LoopClock} goes into {@code clocks} and,
     * when {@code maxDelayNanos} > 0 (overload protection on), its {@link OverloadControl} into
     * {@code controls}, keyed by the loop.
     */
    static IoHandlerFactory factory(Transport transport, Map<Object, LoopClock> clocks,
            Map<Object, OverloadControl> controls, long maxDelayNanos, io.softswitch.media.MediaEvents events) {
        IoHandlerFactory factory = transport.ioHandlers();
        return new IoHandlerFactory() {
            @Override
            public IoHandler newHandler(ThreadAwareExecutor loop) {
                LoopClock clock = new LoopClock();
                clocks.put(loop, clock);
                OverloadControl control = null;
                if (maxDelayNanos > 0) {
                    control = new OverloadControl(maxDelayNanos, events);
                    controls.put(loop, control);
                }
                return new MeasuredIoHandler(factory.newHandler(loop), control, clock, transport);
            }

            @Override
            public boolean isChangingThreadSupported() {
                return factory.isChangingThreadSupported();
            }
        };
    }

    @Override
    public int run(IoHandlerContext outer) {
        long entered = System.nanoTime();
        context.begin(outer, entered);
        int handled = delegate.run(context);
        long end = System.nanoTime();
        long total = end - entered;
        // A handler that reported nothing processed nothing, or (another transport) did not say:
        // then count the whole pass as work when it handled something.
        long active = context.active >= 0 ? Math.min(context.active, total) : (handled > 0 ? total : 0);
        if (control != null) {
            // a handler that never said when its wait returned: the pass but its processing was the wait
            long waited = context.woke ? context.wokeAt - entered : total - active;
            boolean idle = (context.woke ? context.idle : context.couldBlock && waited >= context.idleWaitNanos)
                    // Sockets empty when the wait began means that what the pass processed arrived during
                    // the wait, and a loop below its capacity processes that in less time than it took to
                    // arrive. A long wait followed by longer processing is a thread that was not running
                    // (descheduled, or its CPU quota spent), not one that found nothing to do (issue 21: on
                    // a throttled core every wait "lasted", and a loop at 2x its capacity never shed).
                    && active < waited;
            control.passEnded(lastEnd == 0 ? 0 : entered - lastEnd, idle, active, end);
        }
        lastEnd = end;
        return handled;
    }

    @Override
    public void initialize() {
        delegate.initialize();
    }

    @Override
    public void prepareToDestroy() {
        delegate.prepareToDestroy();
    }

    @Override
    public void destroy() {
        delegate.destroy();
    }

    @Override
    public IoRegistration register(IoHandle handle) throws Exception {
        return delegate.register(handle);
    }

    @Override
    public void wakeup() {
        delegate.wakeup();
    }

    @Override
    public boolean isCompatible(Class<? extends IoHandle> handleType) {
        return delegate.isCompatible(handleType);
    }

    /** The loop's context, asking the handler to report its active I/O time. */
    private static final class Context implements IoHandlerContext {
        private final LoopClock clock;
        private final Transport transport;
        /** Passes begun so far. */
        private long passes;
        /** This pass's threshold: {@link Transport#idleWaitNanos(long)}. */
        long idleWaitNanos;
        IoHandlerContext outer;
        long entered;
        long active;
        /** The handler's first {@link #canBlock} of the pass: true unless a task was due. */
        boolean couldBlock;
        private boolean askedCanBlock;
        /** The wait for I/O of this pass returned ({@link #shouldReportActiveIoTime} was asked). */
        boolean woke;
        /** Set when {@link #woke}: the loop was idle before this pass. */
        boolean idle;
        /** When the wait returned, if {@link #woke}. */
        long wokeAt;

        Context(LoopClock clock, Transport transport) {
            this.clock = clock;
            this.transport = transport;
        }

        void begin(IoHandlerContext outer, long entered) {
            idleWaitNanos = transport.idleWaitNanos(passes++);
            this.outer = outer;
            this.entered = entered;
            active = -1;
            couldBlock = true; // a handler that does not ask blocks as it likes
            askedCanBlock = false;
            woke = false;
            idle = false;
        }

        /**
         * Netty's handlers ask first to choose between a poll ({@code epoll_wait} with no timeout,
         * {@code selectNow}) and a wait that may block; later answers of the same pass can change
         * (a task submitted during the wait is what ended it), so only the first one is kept.
         */
        @Override
        public boolean canBlock() {
            boolean canBlock = outer.canBlock();
            if (!askedCanBlock) {
                askedCanBlock = true;
                couldBlock = canBlock;
            }
            return canBlock;
        }

        @Override
        public long delayNanos(long currentTimeNanos) {
            return outer.delayNanos(currentTimeNanos);
        }

        @Override
        public long deadlineNanos() {
            return outer.deadlineNanos();
        }

        /** Asked once the wait for I/O returned, before the ready sockets are processed. */
        @Override
        public boolean shouldReportActiveIoTime() {
            if (!woke) {
                long now = System.nanoTime();
                woke = true;
                wokeAt = now;
                idle = couldBlock && now - entered >= idleWaitNanos;
                clock.wake(now, idle);
            }
            return true;
        }

        @Override
        public void reportActiveIoTime(long activeNanos) {
            active = Math.max(active, 0) + activeNanos;
            if (outer.shouldReportActiveIoTime()) {
                outer.reportActiveIoTime(activeNanos);
            }
        }
    }
}
