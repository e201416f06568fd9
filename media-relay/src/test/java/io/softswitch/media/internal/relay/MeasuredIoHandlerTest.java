package io.softswitch.media.internal.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoRegistration;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.ThreadAwareExecutor;
import io.softswitch.media.MediaEvents;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Which waits for I/O {@link MeasuredIoHandler} counts as an idle loop, what {@link LoopClock} and
 * {@link OverloadControl} build on. The wrapped handler is scripted in the order Netty's epoll and
 * NIO handlers call their context (ask {@code canBlock}, wait, ask {@code shouldReportActiveIoTime},
 * process, report the active time) with waits spun for a known minimum, so that a slow wait is slow
 * on any machine; the assertions are bounds that follow from those minimums, none is an upper bound
 * on elapsed time. (Real loops and sockets: {@link RelayLatencyTest}, {@link OverloadProtectionTest}.)
 */
class MeasuredIoHandlerTest {
    private static final long IDLE_WAIT = TimeUnit.MICROSECONDS.toNanos(100);
    /** A task holding the loop between two passes. */
    private static final long TASK = TimeUnit.MILLISECONDS.toNanos(50);

    private final ScriptedHandler script = new ScriptedHandler();
    private final Map<Object, LoopClock> clocks = new HashMap<>();
    private final ThreadAwareExecutor loop = new ThreadAwareExecutor() {
        @Override
        public boolean isExecutorThread(Thread thread) {
            return true;
        }

        @Override
        public void execute(Runnable command) {
            command.run();
        }
    };
    private final IoHandler handler = MeasuredIoHandler.factory(
            new Transport("scripted", executor -> script, NioDatagramChannel.class, IDLE_WAIT),
            clocks, new HashMap<>(), 0, MediaEvents.NONE).newHandler(loop);
    private final LoopClock clock = clocks.get(loop);

    @Test
    void aPollBetweenDueTasksIsNotIdleHoweverLongItTakes() {
        pass(false, 2 * IDLE_WAIT); // a wait that could block and lasted: idle
        spin(TASK);
        // The next wait cannot block (another task is due) and is slow: cold code, a descheduled
        // thread. Its packets waited for the task: half the time since the previous wake-up.
        pass(true, 3 * IDLE_WAIT);
        assertThat(clock.latency(0, System.nanoTime())).isGreaterThanOrEqualTo(TASK / 2);
    }

    @Test
    void aWaitThatCouldBlockAndLastedIsIdle() {
        pass(false, 0);
        spin(TASK);
        // The sockets were empty: what this pass reads arrived during the wait, not during the task.
        pass(false, 2 * IDLE_WAIT);
        long now = System.nanoTime();
        assertThat(clock.latency(0, now)).isLessThanOrEqualTo(now - script.wokeAt);
    }

    /**
     * NIO's wait runs Java code that is slow until compiled: a loop's first passes need a longer
     * wait to count as idle, the passes after {@link Transport#WARM_PASSES} the warm threshold.
     */
    @Test
    void aColdLoopNeedsALongerWaitThanAWarmOne() {
        Map<Object, LoopClock> coldClocks = new HashMap<>();
        IoHandler cold = MeasuredIoHandler.factory(
                new Transport("scripted-cold", executor -> script, NioDatagramChannel.class, IDLE_WAIT, 20 * IDLE_WAIT),
                coldClocks, new HashMap<>(), 0, MediaEvents.NONE).newHandler(loop);
        LoopClock coldClock = coldClocks.get(loop);

        pass(cold, false, 0);
        spin(TASK);
        pass(cold, false, 2 * IDLE_WAIT); // over the warm threshold, under the cold one: not idle
        assertThat(coldClock.latency(0, System.nanoTime())).isGreaterThanOrEqualTo(TASK / 2);

        for (int i = 2; i < Transport.WARM_PASSES; i++) {
            pass(cold, false, 0);
        }
        spin(TASK);
        pass(cold, false, 2 * IDLE_WAIT); // the same wait, warm: idle
        long now = System.nanoTime();
        assertThat(coldClock.latency(0, now)).isLessThanOrEqualTo(now - script.wokeAt);
    }

    /**
     * A wait that could block and lasted, followed by processing longer than the wait, is a thread that
     * was not running (a throttled or descheduled loop) with its sockets full, not an idle loop: a loop
     * doing that pass after pass is saturated and sheds.
     */
    @Test
    void aLongWaitFollowedByLongerProcessingIsNotIdleForOverloadControl() {
        Map<Object, OverloadControl> controls = new HashMap<>();
        long limit = TimeUnit.MILLISECONDS.toNanos(2);
        IoHandler protectedLoop = MeasuredIoHandler.factory(
                new Transport("scripted", executor -> script, NioDatagramChannel.class, IDLE_WAIT),
                new HashMap<>(), controls, limit, MediaEvents.NONE).newHandler(loop);
        OverloadControl control = controls.get(loop);
        for (int i = 0; i < 4; i++) {
            control.admit(new FakeSession("s" + i));
        }
        script.activeNanos = 3 * limit / 4; // each pass processes longer than it waited: lag 1.5 ms, over half the limit
        for (int i = 0; i < 50 && control.shedSessions() == 0; i++) {
            pass(protectedLoop, false, 2 * IDLE_WAIT);
        }
        assertThat(control.shedSessions()).isPositive();
    }

    /** One pass: a task is due or not (the loop's answer to {@code canBlock}); the wait spins {@code waitNanos}. */
    private void pass(boolean taskDue, long waitNanos) {
        pass(handler, taskDue, waitNanos);
    }

    private void pass(IoHandler handler, boolean taskDue, long waitNanos) {
        script.waitNanos = waitNanos;
        handler.run(new IoHandlerContext() {
            @Override
            public boolean canBlock() {
                return !taskDue;
            }

            @Override
            public long delayNanos(long currentTimeNanos) {
                return 0;
            }

            @Override
            public long deadlineNanos() {
                return -1;
            }
        });
    }

    private static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() - end < 0) {
            Thread.onSpinWait();
        }
    }

    /** Netty's order of calls around a wait of a given length; records when the wait returned. */
    private static final class ScriptedHandler implements IoHandler {
        long waitNanos;
        /** How long the pass processes after its wait (spun, and reported as its active I/O time). */
        long activeNanos;
        /** Read just before the wrapper's own reading of the wake-up, so never after it. */
        long wokeAt;

        @Override
        public int run(IoHandlerContext context) {
            context.canBlock();
            spin(waitNanos);
            wokeAt = System.nanoTime();
            if (context.shouldReportActiveIoTime()) {
                spin(activeNanos);
                context.reportActiveIoTime(activeNanos);
            }
            return 0;
        }

        @Override
        public IoRegistration register(IoHandle handle) {
            throw new UnsupportedOperationException("scripted");
        }

        @Override
        public void wakeup() {
        }

        @Override
        public boolean isCompatible(Class<? extends IoHandle> handleType) {
            return false;
        }
    }
}
