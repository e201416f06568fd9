package io.softswitch.sip.internal;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.stack.SIPStackTimerTask;
import gov.nist.javax.sip.stack.timers.SipTimer;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.netty.util.TimerTask;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JAIN-SIP stack's timer ({@code gov.nist.javax.sip.TIMER_CLASS_NAME}) on a Netty
 * {@link HashedWheelTimer}: schedule and cancel are O(1), and a cancelled task leaves the wheel on
 * the next tick. The RI's {@code DefaultSipTimer} keeps cancelled tasks in a {@code java.util.Timer}
 * heap until they are due (every transaction and dialog schedules tasks up to 32 s ahead: tens of
 * thousands of entries at a few hundred calls/s); its {@code ScheduledExecutorSipTimer} removes
 * them with a linear scan.
 *
 * <p>Contract, as the RI's timers keep it: {@link #schedule} runs a task once after its delay;
 * {@link #scheduleWithFixedDelay} runs it first after {@code delay}, then {@code period} after each
 * run ends, until it is cancelled. {@link #cancel} calls the task's {@code cleanUpBeforeCancel()}
 * and clears its timer handle, once per scheduling, and returns whether a run was prevented (a
 * one-shot task already running or run cannot be; a periodic task can, even from inside its own
 * run, and never starts another run once cancel has returned). A negative delay counts as 0.
 * Tasks run one at a time on one daemon thread, {@code <stack name>-sip-timer}; a task that throws
 * is logged (once per task and exception class) and a periodic one keeps its schedule. No task
 * runs after {@link #stop} returns, and scheduling before {@link #start} or after {@link #stop}
 * throws {@link IllegalStateException}. An instance is started once: the RI makes a new one when
 * it restarts a stopped stack.
 *
 * <p>Times are rounded up to the next tick (10 ms): a task never runs early and at most about one
 * tick late. SIP's shortest timer is T1 = 500 ms (RFC 3261 §17.1.1.1), ours 80 ms (the T1 of our
 * non-INVITE server transactions, {@code RequestDispatcher}). A periodic task drifts by one tick
 * per run: a run starts just after a tick, so {@code period} after its end falls just after a tick
 * too and waits for the next one. The RI counts Timers A-K in runs of one periodic task per
 * transaction (period T1), so Timer B (64 runs of 500 ms) ends after about 32.6 s, and the 5.1 s
 * Timer J of our non-INVITE server transactions (64 runs of 80 ms) after about 5.8 s.
 */
public final class WheelSipTimer implements SipTimer {
    private static final Logger LOG = LoggerFactory.getLogger(WheelSipTimer.class);

    static final long TICK_MILLIS = 10;
    /** 4096 ticks of 10 ms: one turn of the wheel is 41 s, so 64·T1 = 32 s (Timer B, F, H) fits. */
    static final int TICKS_PER_WHEEL = 4096;

    private enum Lifecycle { NEW, STARTED, STOPPED }

    /** Written under {@code lifecycleLock}; tasks and schedule() read it. */
    private volatile Lifecycle lifecycle = Lifecycle.NEW;
    private final Object lifecycleLock = new Object();
    /** "task class/exception class" of the failures already logged at WARN. */
    private final Set<String> failuresLogged = ConcurrentHashMap.newKeySet();
    private volatile HashedWheelTimer wheel;
    /** The wheel's thread, on which every task runs. */
    private volatile Thread worker;
    private volatile String threadName = "sip-timer";

    /** For the RI, which creates its timer by class name. */
    public WheelSipTimer() {
    }

    @Override
    public void start(SipStackImpl sipStack, Properties configuration) {
        String stackName = configuration == null ? null : configuration.getProperty("javax.sip.STACK_NAME");
        if (stackName == null && sipStack != null) {
            stackName = sipStack.getStackName();
        }
        synchronized (lifecycleLock) {
            if (lifecycle != Lifecycle.NEW) {
                throw new IllegalStateException("SIP timer " + threadName + " is " + lifecycle
                        + " (expected: NEW); the stack makes a new timer to restart");
            }
            threadName = stackName == null ? "sip-timer" : stackName + "-sip-timer";
            // No leak tracking: the thread is a daemon and stop() is the stack's job.
            HashedWheelTimer w = new HashedWheelTimer(this::newThread, TICK_MILLIS, TimeUnit.MILLISECONDS,
                    TICKS_PER_WHEEL, false);
            w.start();
            wheel = w;
            lifecycle = Lifecycle.STARTED;
        }
        LOG.debug("SIP timer {} started", threadName);
    }

    private Thread newThread(Runnable r) {
        Thread t = new Thread(r, threadName);
        t.setDaemon(true);
        worker = t;
        return t;
    }

    @Override
    public boolean isStarted() {
        return lifecycle == Lifecycle.STARTED;
    }

    @Override
    public void stop() {
        synchronized (lifecycleLock) {
            Lifecycle was = lifecycle;
            lifecycle = Lifecycle.STOPPED;
            if (was != Lifecycle.STARTED) {
                return;
            }
        }
        // Tasks check the lifecycle before they run; wheel.stop() waits for the one running now.
        // A task that stops the stack is on the wheel's thread, which cannot wait for itself: the
        // check keeps the rest of the tick's tasks from running and another thread ends the wheel.
        if (Thread.currentThread() == worker) {
            Thread stopper = new Thread(wheel::stop, threadName + "-stop");
            stopper.setDaemon(true);
            stopper.start();
        } else {
            wheel.stop();
        }
        LOG.debug("SIP timer {} stopped", threadName);
    }

    @Override
    public boolean schedule(SIPStackTimerTask task, long delay) {
        return submit(new Entry(this, Objects.requireNonNull(task, "task"), 0), delay);
    }

    @Override
    public boolean scheduleWithFixedDelay(SIPStackTimerTask task, long delay, long period) {
        if (period <= 0) {
            throw new IllegalArgumentException("period: " + period + " (expected: > 0)");
        }
        return submit(new Entry(this, Objects.requireNonNull(task, "task"), period), delay);
    }

    private boolean submit(Entry entry, long delay) {
        Lifecycle now = lifecycle;
        if (now != Lifecycle.STARTED) {
            // The RI's message, so that its logs read the same.
            throw new IllegalStateException(now == Lifecycle.NEW ? "The SIP Stack Timer has not been started"
                    : "The SIP Stack Timer has been stopped, no new tasks can be scheduled !");
        }
        // The handle is set before the task can run, so that a task can cancel itself.
        entry.task.setSipTimerTask(entry);
        entry.timeout = wheel.newTimeout(entry, Math.max(0, delay), TimeUnit.MILLISECONDS);
        return true;
    }

    @Override
    public boolean cancel(SIPStackTimerTask task) {
        if (!(task.getSipTimerTask() instanceof Entry entry) || entry.timer != this) {
            return false;
        }
        return entry.cancel();
    }

    /** True while {@code task} waits on a timer of this class to run (tests). */
    static boolean isPending(SIPStackTimerTask task) {
        return task.getSipTimerTask() instanceof Entry entry && entry.state == State.SCHEDULED;
    }

    private void failed(SIPStackTimerTask task, Throwable t) {
        String kind = task.getClass().getName() + "/" + t.getClass().getName();
        if (failuresLogged.add(kind)) {
            LOG.warn("SIP timer task {} failed (logged once per task and exception class, then at DEBUG)",
                    task.getClass().getName(), t);
        } else {
            LOG.debug("SIP timer task {} failed", task.getClass().getName(), t);
        }
    }

    /** States of one scheduling of a task. */
    private enum State { SCHEDULED, RUNNING, DONE, CANCELLED }

    /**
     * One scheduling of a task: its handle ({@code setSipTimerTask}) and the wheel's timer task. A
     * periodic entry goes SCHEDULED, RUNNING, SCHEDULED... and gets a new wheel timeout after each
     * run; CANCELLED is final, and a run starts only from SCHEDULED.
     */
    private static final class Entry implements TimerTask {
        private static final AtomicReferenceFieldUpdater<Entry, State> STATE =
                AtomicReferenceFieldUpdater.newUpdater(Entry.class, State.class, "state");
        private static final AtomicIntegerFieldUpdater<Entry> RELEASED =
                AtomicIntegerFieldUpdater.newUpdater(Entry.class, "released");

        final WheelSipTimer timer;
        final SIPStackTimerTask task;
        /** 0 for a one-shot task. */
        final long period;
        private volatile State state = State.SCHEDULED;
        /** 1 once cancel() has called cleanUpBeforeCancel(): once per scheduling. */
        private volatile int released;
        /**
         * The wheel's timeout for the next run. A periodic entry rescheduled before the first
         * assignment (a task due within a tick, and a scheduling thread descheduled that long) can
         * have its newer timeout overwritten: a cancel then leaves that one in the wheel, where it
         * finds the entry CANCELLED and does not run.
         */
        volatile Timeout timeout;

        Entry(WheelSipTimer timer, SIPStackTimerTask task, long period) {
            this.timer = timer;
            this.task = task;
            this.period = period;
        }

        @Override
        public void run(Timeout expired) {
            if (!timer.isStarted() || !STATE.compareAndSet(this, State.SCHEDULED, State.RUNNING)) {
                return;
            }
            try {
                task.runTask();
            } catch (Throwable t) {
                timer.failed(task, t);
            }
            if (period == 0) {
                STATE.compareAndSet(this, State.RUNNING, State.DONE);
            } else if (STATE.compareAndSet(this, State.RUNNING, State.SCHEDULED)) {
                reschedule();
            }
        }

        /** The next run, {@code period} after this one ended (fixed delay). */
        private void reschedule() {
            if (!timer.isStarted()) {
                return;
            }
            Timeout next;
            try {
                next = timer.wheel.newTimeout(this, period, TimeUnit.MILLISECONDS);
            } catch (IllegalStateException stoppedMeanwhile) {
                return;
            }
            timeout = next;
            // A cancel between the state change and the assignment cancelled the old timeout; the
            // new one would find the entry CANCELLED and not run, but need not wait in the wheel.
            if (state == State.CANCELLED) {
                next.cancel();
            }
        }

        boolean cancel() {
            if (!RELEASED.compareAndSet(this, 0, 1)) {
                return false;
            }
            task.cleanUpBeforeCancel();
            if (task.getSipTimerTask() == this) {
                task.setSipTimerTask(null);
            }
            while (true) {
                State s = state;
                if (s == State.DONE || s == State.CANCELLED || s == State.RUNNING && period == 0) {
                    return false;
                }
                if (STATE.compareAndSet(this, s, State.CANCELLED)) {
                    Timeout t = timeout;
                    if (t != null) {
                        t.cancel();
                    }
                    return true;
                }
            }
        }
    }
}
