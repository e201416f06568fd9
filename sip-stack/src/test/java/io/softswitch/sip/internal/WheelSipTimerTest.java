package io.softswitch.sip.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import gov.nist.javax.sip.stack.SIPStackTimerTask;
import io.softswitch.sip.SipBinding;
import io.softswitch.sip.SipEndpoint;
import io.softswitch.sip.SipEvents;
import io.softswitch.sip.SipSettings;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * {@link WheelSipTimer} against the contract of the RI's timers, in real time. That a task did not
 * run is shown by a sentinel task due after it: tasks run in time order on one thread, so once the
 * sentinel has run, the other task's time has passed too.
 */
class WheelSipTimerTest {
    private static final long WAIT_SECONDS = 10;

    private final WheelSipTimer timer = new WheelSipTimer();

    @AfterEach
    void stopTimer() {
        timer.stop();
    }

    private void start(String stackName) {
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", stackName);
        timer.start(null, p);
    }

    /** A task that counts its runs and clean-ups and runs {@code body} on each run. */
    private static class Task extends SIPStackTimerTask {
        final AtomicInteger runs = new AtomicInteger();
        final AtomicInteger cleanUps = new AtomicInteger();
        final CountDownLatch firstRun = new CountDownLatch(1);
        private final Runnable body;

        Task() {
            this(() -> { });
        }

        Task(Runnable body) {
            this.body = body;
        }

        @Override
        public void runTask() {
            runs.incrementAndGet();
            body.run();
            firstRun.countDown();
        }

        @Override
        public void cleanUpBeforeCancel() {
            cleanUps.incrementAndGet();
        }

        @Override
        public Object getThreadHash() {
            return null;
        }
    }

    /** Waits for a one-shot task scheduled now with {@code delayMs}: every task due before it has run. */
    private void awaitSentinel(long delayMs) throws InterruptedException {
        Task sentinel = new Task();
        timer.schedule(sentinel, delayMs);
        assertThat(sentinel.firstRun.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("sentinel ran").isTrue();
    }

    @Test
    void oneShotRunsOnceNotBeforeItsDelayOnTheStacksDaemonTimerThread() throws Exception {
        start("unit");
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        Task task = new Task(() -> ranOn.set(Thread.currentThread()));
        long scheduled = System.nanoTime();
        assertThat(timer.schedule(task, 50)).isTrue();
        assertThat(task.getSipTimerTask()).as("the task's timer handle").isNotNull();

        assertThat(task.firstRun.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(System.nanoTime() - scheduled).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
        assertThat(ranOn.get().getName()).isEqualTo("unit-sip-timer");
        assertThat(ranOn.get().isDaemon()).isTrue();
        awaitSentinel(100);
        assertThat(task.runs).hasValue(1);
    }

    @Test
    void periodicRunsFirstAfterItsDelayThenPeriodAfterEachRunEnds() throws Exception {
        start("unit");
        long delay = 30;
        long period = 20;
        List<long[]> spans = new CopyOnWriteArrayList<>();
        CountDownLatch fourRuns = new CountDownLatch(4);
        Task task = new Task(() -> {
            long begin = System.nanoTime();
            try {
                Thread.sleep(40); // a run that takes two periods: the next run counts from its end
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            spans.add(new long[] {begin, System.nanoTime()});
            fourRuns.countDown();
        });
        long scheduled = System.nanoTime();
        timer.scheduleWithFixedDelay(task, delay, period);

        assertThat(fourRuns.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(timer.cancel(task)).isTrue();
        assertThat(spans.get(0)[0] - scheduled).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(delay));
        for (int i = 1; i < 4; i++) {
            assertThat(spans.get(i)[0] - spans.get(i - 1)[1]).as("gap before run %d", i + 1)
                    .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(period));
        }
    }

    @Test
    void cancelledOneShotNeverRunsAndIsCleanedUpOnce() throws Exception {
        start("unit");
        Task task = new Task();
        timer.schedule(task, 50);

        assertThat(timer.cancel(task)).isTrue();
        assertThat(task.cleanUps).hasValue(1);
        assertThat(task.getSipTimerTask()).as("the handle is cleared").isNull();
        assertThat(timer.cancel(task)).as("second cancel").isFalse();
        assertThat(task.cleanUps).hasValue(1);
        awaitSentinel(100);
        assertThat(task.runs).hasValue(0);
    }

    @Test
    void cancelAfterAOneShotRanReturnsFalseButStillCleansUp() throws Exception {
        start("unit");
        Task task = new Task();
        timer.schedule(task, 0);
        assertThat(task.firstRun.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

        // As both RI timers do: the handle stays after the run, and cancel cleans up and clears it.
        assertThat(timer.cancel(task)).isFalse();
        assertThat(task.cleanUps).hasValue(1);
        assertThat(task.getSipTimerTask()).isNull();
    }

    @Test
    void cancelOfATaskNeverScheduledReturnsFalseWithoutCleanUp() {
        start("unit");
        Task task = new Task();

        assertThat(timer.cancel(task)).isFalse();
        assertThat(task.cleanUps).hasValue(0);
    }

    @Test
    void periodicTaskCancelledFromInsideItsRunNeverRunsAgain() throws Exception {
        start("unit");
        AtomicReference<Boolean> cancelled = new AtomicReference<>();
        CountDownLatch secondRun = new CountDownLatch(1);
        Task[] self = new Task[1];
        self[0] = new Task(() -> {
            if (self[0].runs.get() == 2) {
                cancelled.set(timer.cancel(self[0]));
                secondRun.countDown();
            }
        });
        timer.scheduleWithFixedDelay(self[0], 0, 20);

        assertThat(secondRun.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(cancelled.get()).isTrue();
        awaitSentinel(100); // five periods
        assertThat(self[0].runs).hasValue(2);
        assertThat(self[0].cleanUps).hasValue(1);
    }

    @Test
    void periodicTaskCancelledFromAnotherThreadDuringItsRunIsNotRescheduled() throws Exception {
        start("unit");
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch cancelReturned = new CountDownLatch(1);
        Task task = new Task(() -> {
            running.countDown();
            try {
                cancelReturned.await(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        timer.scheduleWithFixedDelay(task, 0, 10);
        assertThat(running.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

        assertThat(timer.cancel(task)).as("cancel during the run").isTrue();
        cancelReturned.countDown();
        awaitSentinel(100);
        assertThat(task.runs).hasValue(1);
    }

    @Test
    void cancelRacingRunsNeverLetsAPeriodicTaskStartAgain() throws Exception {
        start("unit");
        int tasks = 200;
        List<Task> all = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            Task t = new Task(Thread::onSpinWait);
            all.add(t);
            timer.scheduleWithFixedDelay(t, 0, 10); // every tick: cancels land before, during and after runs
        }
        int[] runsWhenCancelled = new int[tasks];
        for (int i = 0; i < tasks; i++) {
            Task t = all.get(i);
            assertThat(t.firstRun.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(timer.cancel(t)).isTrue();
            runsWhenCancelled[i] = t.runs.get();
        }
        awaitSentinel(50);
        for (int i = 0; i < tasks; i++) {
            // At most the run that was under way when cancel returned (one thread: one run at a time).
            assertThat(all.get(i).runs.get()).as("task %d", i)
                    .isBetween(runsWhenCancelled[i], runsWhenCancelled[i] + 1);
            assertThat(all.get(i).cleanUps).hasValue(1);
        }
    }

    @Test
    void aTaskThatThrowsIsLoggedOnceAndTheTimerAndItsScheduleGoOn() throws Exception {
        Logger log = (Logger) LoggerFactory.getLogger(WheelSipTimer.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        log.addAppender(appender);
        try {
            start("unit");
            CountDownLatch threeRuns = new CountDownLatch(3);
            Task failing = new Task(() -> {
                threeRuns.countDown();
                throw new IllegalStateException("boom");
            });
            timer.scheduleWithFixedDelay(failing, 0, 10);

            assertThat(threeRuns.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(timer.cancel(failing)).isTrue();
            awaitSentinel(20);
            assertThat(appender.list.stream().filter(e -> e.getLevel() == Level.WARN)).hasSize(1);
        } finally {
            log.detachAppender(appender);
        }
    }

    @Test
    void noTaskRunsAfterStopReturnsAndSchedulingThenThrows() throws Exception {
        start("stopping");
        List<Task> pending = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Task t = new Task();
            pending.add(t);
            timer.scheduleWithFixedDelay(t, i % 20, 10);
        }
        assertThat(pending.get(0).firstRun.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

        timer.stop();
        assertThat(timer.isStarted()).isFalse();
        // The wheel's thread has ended: nothing is left to run a task.
        assertThat(threadNamed("stopping-sip-timer")).isFalse();
        assertThatThrownBy(() -> timer.schedule(new Task(), 0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> timer.scheduleWithFixedDelay(new Task(), 0, 10))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aTaskCanStopTheTimerItRunsOn() throws Exception {
        start("self-stopping");
        Task stopper = new Task(timer::stop);
        timer.schedule(stopper, 0);

        assertThat(stopper.firstRun.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(timer.isStarted()).isFalse();
        await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until(() -> !threadNamed("self-stopping-sip-timer"));
    }

    @Test
    void isStartedOnlyBetweenStartAndStop() {
        assertThat(timer.isStarted()).isFalse();
        assertThatThrownBy(() -> timer.schedule(new Task(), 0)).isInstanceOf(IllegalStateException.class);

        start("unit");
        assertThat(timer.isStarted()).isTrue();

        timer.stop();
        assertThat(timer.isStarted()).isFalse();
        timer.stop(); // again: nothing to do
        assertThatThrownBy(() -> start("unit")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void periodMustBePositive() {
        start("unit");

        assertThatThrownBy(() -> timer.scheduleWithFixedDelay(new Task(), 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("period: 0 (expected: > 0)");
    }

    @Test
    void theSipStackRunsItsTimersOnTheWheel() throws Exception {
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        String name = "wheel-timer-test-" + port;
        try (SipEndpoint sip = SipEndpoint.start(new SipSettings(name,
                List.of(new SipBinding("udp", "127.0.0.1", port)), "softswitch-test", 1, 65536, ""), SipEvents.NONE)) {
            assertThat(threadNamed(name + "-sip-timer")).isTrue();
        }
        assertThat(threadNamed(name + "-sip-timer")).as("stopped with the stack").isFalse();
    }

    private static boolean threadNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }
}
