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
 */
final class MeasuredIoHandler implements IoHandler {
    private final IoHandler delegate;
    /** Null when overload protection is off. */
    private final OverloadControl control;
    private final Context context;
    /** When the previous pass ended; 0 before the first (the thread's start is no lag). */
    private long lastEnd;

    private MeasuredIoHandler(IoHandler delegate, OverloadControl control, LoopClock clock) {
        this.delegate = delegate;
        this.control = control;
        this.context = new Context(clock);
    }

    /**
     * Wraps {@code factory}'s handlers; each loop's {@link LoopClock} goes into {@code clocks} and,
     * when {@code maxDelayNanos} > 0 (overload protection on), its {@link OverloadControl} into
     * {@code controls}, keyed by the loop.
     */
    static IoHandlerFactory factory(IoHandlerFactory factory, Map<Object, LoopClock> clocks,
            Map<Object, OverloadControl> controls, long maxDelayNanos, io.softswitch.media.MediaEvents events) {
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
                return new MeasuredIoHandler(factory.newHandler(loop), control, clock);
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
        context.outer = outer;
        context.entered = entered;
        context.active = -1;
        int handled = delegate.run(context);
        long end = System.nanoTime();
        long total = end - entered;
        // A handler that reported nothing processed nothing, or (another transport) did not say:
        // then count the whole pass as work when it handled something.
        long active = context.active >= 0 ? Math.min(context.active, total) : (handled > 0 ? total : 0);
        if (control != null) {
            control.passEnded(lastEnd == 0 ? 0 : entered - lastEnd, total - active, active, end);
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
        IoHandlerContext outer;
        long entered;
        long active;

        Context(LoopClock clock) {
            this.clock = clock;
        }

        @Override
        public boolean canBlock() {
            return outer.canBlock();
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
            long now = System.nanoTime();
            clock.wake(now, now - entered >= OverloadControl.IDLE_NANOS);
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
