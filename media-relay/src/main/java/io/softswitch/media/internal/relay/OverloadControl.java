package io.softswitch.media.internal.relay;

import io.softswitch.media.MediaEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Overload protection of one media event loop ({@code media.max_queue_delay_ms}); confined to that
 * loop.
 *
 * <p>Why: a loop that cannot keep up does not lose packets at first, it queues them in the kernel
 * buffers of its sockets (up to {@link DatagramRelay#RCVBUF} each, seconds of audio at 50 packets/s)
 * and every call on the loop gets that delay (issue 21: 3.7 s p99 at 1000 calls on one core). Reading
 * and discarding the excess does not help: reading is about a third of a packet's cost, so at 1.5x
 * the loop would still relay less than its capacity. Instead the loop stops reading the sockets of its
 * newest sessions: the kernel drops their packets at no cost to the loop, the older (admitted first)
 * sessions keep their normal latency, and loss is about the excess.
 *
 * <p>The signal is the loop's lag, measured per pass by {@link MeasuredIoHandler}: a packet read in
 * this pass arrived at the earliest just after its socket was read in the previous pass, so it can
 * have waited as long as the tasks and socket processing of this pass, plus those of the previous
 * one when the loop did not wait for I/O in between. Only a saturated loop sheds ({@link #saturated}:
 * the lag above half the limit for half the limit's length and at least {@link #SATURATED_PASSES}
 * passes, the sockets never empty, the passes not getting shorter), so that the lag is shed before
 * it reaches the limit (issue 21: triggered at the limit itself, a loop offered 1.25x its capacity
 * shed only once its passes had grown to twice the limit, and the p99 was three times the limit). A
 * late pass after a GC pause, a descheduled thread or a warm-up is caught up by the passes that
 * follow and sheds nothing (issue 21: the earlier rule, lag above the limit for the limit's length,
 * shed up to half the sessions at 250 SRTP calls on 40-60 % of a core, after the first second of
 * media took two passes of 0.5 and 1.1 s of cold code and lazily created SRTP contexts).
 *
 * <p>How many: a saturated loop's passes grow by the ratio of what is offered to what it can relay
 * (each pass relays what arrived during the previous one), so the excess share is
 * {@code 1 - 1/growth}, the growth averaged over the passes of the window (one pass that spans a
 * descheduling is longer by it); {@link #TARGET_LOAD} of the capacity is kept, and at most
 * {@link #MAX_SHED_SHARE} of the sessions go at once (issue 21: one decision on the growth of a single
 * pass shed a third of the sessions of a throttled loop at its capacity). When the passes do not grow
 * (the socket buffers overflow, or the loop is just at its capacity) the share is the part of the
 * lag above the trigger, halved: too little is corrected at the next pass, too much only when shed
 * sessions come back. The newest unshed sessions are shed, never the oldest one, and what the others
 * have queued (as old as the lag) is discarded, so they are on time again at once instead of after
 * their queues drained at the little capacity left over; no further shedding until the loop had time
 * for another such pass.
 *
 * <p>Coming back: once the loop was not saturated for the calm period ({@link #CALM_NANOS} at first;
 * a late pass that the loop catches up does not count), the oldest shed sessions are read again, an eighth of them ({@link #RESUME_STEPS}) every
 * {@link #RESUME_INTERVAL_NANOS}, but only as many as fit below {@link #RESUME_LOAD} of the loop at
 * its load measured over the calm period (each unshed session costing the average); what waited in
 * their sockets meanwhile is discarded ({@link RelaySession#resume}). A loop whose load cannot be
 * read from its passes (a core throttled or shared with others, which makes the loop look less busy
 * than it is) can still resume too much and shed again: each shed within {@link #PROBE_NANOS} of a
 * resume doubles the calm period (up to {@link #MAX_CALM_NANOS}), so that a loop at its capacity
 * settles instead of oscillating, every cycle of which would delay every call by the lag and drop
 * the backlogs.
 */
final class OverloadControl {
    /** No overload for this long before shed sessions are read again, at first (see {@link #PROBE_NANOS}). */
    static final long CALM_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** The longest calm period a loop that keeps shedding again after resuming backs off to. */
    static final long MAX_CALM_NANOS = TimeUnit.SECONDS.toNanos(8);
    /** A shed this soon after a resume step means the step was too much: the calm period doubles. */
    static final long PROBE_NANOS = TimeUnit.SECONDS.toNanos(3);
    /** Shed sessions come back in steps of this share of them (each step: 1/8). */
    static final int RESUME_STEPS = 8;
    /**
     * Between two resume steps: long enough for the loop's lag to show whether the last step was too
     * much (issue 21: with 200 ms, a throttled loop took back half its shed sessions within a second,
     * before the first step's overload showed, and shed them again with a 115-145 ms lag).
     */
    static final long RESUME_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How often the largest lag is reported ({@link MediaEvents#loopLag}). */
    static final long LAG_REPORT_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Passes in a row over the trigger before the loop counts as saturated (a pause and its catch-up are two). */
    static final int SATURATED_PASSES = 3;
    /** The share of its capacity a loop keeps relaying when it sheds by the growth of its passes. */
    static final double TARGET_LOAD = 0.97;
    /** Shed sessions are read again only while the loop's load stays below this with them. */
    static final double RESUME_LOAD = 0.85;
    /** Passes growing less than this (per pass) say nothing reliable about the excess. */
    private static final double MIN_GROWTH = 1.05;
    /** Passes growing more than this are a loop coming out of a pause, not a measure of the excess. */
    private static final double MAX_GROWTH = 4;
    /**
     * At most this share of the unshed sessions goes in one decision: the growth of a few passes is
     * a noisy measure (a pass that spans a descheduling or a throttled period is longer by it), and
     * what is left over is shed one held pass later.
     */
    static final double MAX_SHED_SHARE = 0.25;
    /**
     * A pass shorter than 9/10 of the previous one is a loop catching up (at most 90 % utilized),
     * not a saturated one. A saturated loop's passes that shrink by noise only delay the shedding by
     * a pass (the window goes on); a loop at 75-90 % of its capacity after a GC pause is not shed
     * (issue 21: with 3/4, a 116 ms pause at 0.75x of a throttled core shed sessions, loss where
     * nothing was in excess).
     */
    private static final int SHRINK_NUMERATOR = 9;
    private static final int SHRINK_DENOMINATOR = 10;

    private final long maxDelayNanos;
    /** Half the limit: the lag at which a lasting overload is shed, before it reaches the limit. */
    private final long triggerNanos;
    private final MediaEvents events;
    /** Sessions of this loop in the order they were created (admitted). */
    private final List<Sheddable> sessions = new ArrayList<>();
    /** Sessions discarding their backlog during the current pass. */
    private final List<Sheddable> discarding = new ArrayList<>();
    private int shedCount;
    private long lastBusy;
    private long holdUntil;
    private long lastHighLag;
    private long lastResume;
    /** A resume step took sessions back since the last shed: a shed within {@link #PROBE_NANOS} of it backs off. */
    private boolean probing;
    /** The calm period in force: {@link #CALM_NANOS}, doubled by each shed soon after a resume. */
    private long calmNanos = CALM_NANOS;
    /** Busy time of the passes since the lag was last above the trigger (the load while calm). */
    private long calmBusy;
    /** When the lag went above the trigger and stayed there since (0 while below). */
    private long overSince;
    /** Passes since {@link #overSince}, that one included. */
    private int overPasses;
    /** The busy time of the first pass of the window: the growth is measured from it. */
    private long overFirstBusy;
    /** The largest lag since {@link #lagReportedAt}, reported once a second. */
    private long maxLag;
    private long lagReportedAt;

    OverloadControl(long maxDelayNanos, MediaEvents events) {
        this.maxDelayNanos = maxDelayNanos;
        this.triggerNanos = maxDelayNanos / 2;
        this.events = events;
    }

    /** What overload protection does with a session; {@link RelaySession} on the loop. */
    interface Sheddable {
        String label();

        boolean isShed();

        /** Stop reading its sockets. */
        void shed();

        /** Read them again, discarding what queued meanwhile. */
        void resume();

        /** Discard what waits in its sockets now: what the next pass reads from them is dropped. */
        void discardBacklog();

        /** The pass after {@link #discardBacklog} or {@link #resume} ended: relay again what is read. */
        void endDiscard();
    }

    void admit(Sheddable session) {
        sessions.add(session);
    }

    void remove(Sheddable session) {
        discarding.remove(session);
        if (sessions.remove(session) && session.isShed()) {
            shedCount--;
            events.sessionShed(session.label(), false); // no longer shed: closed
        }
    }

    int shedSessions() {
        return shedCount;
    }

    /**
     * One pass of the loop ended at {@code now}: {@code tasks} ran between the previous pass and
     * this one, the pass processed sockets for {@code active}; {@code idle}: before that it waited
     * for I/O, its sockets empty ({@link MeasuredIoHandler} decides: a wait allowed to block and not
     * shorter than the transport's {@link Transport#idleWaitNanos}).
     */
    void passEnded(long tasks, boolean idle, long active, long now) {
        if (maxDelayNanos == 0) {
            return;
        }
        if (!discarding.isEmpty()) {
            // the pass that read their backlog is over: what arrives from now on is fresh
            for (int i = 0; i < discarding.size(); i++) {
                discarding.get(i).endDiscard();
            }
            discarding.clear();
        }
        long busy = tasks + active;
        long previousBusy = lastBusy;
        long lag = busy + (idle ? 0 : previousBusy);
        lastBusy = busy;
        maxLag = Math.max(maxLag, lag);
        if (now - lagReportedAt >= LAG_REPORT_NANOS) {
            events.loopLag(maxLag);
            maxLag = 0;
            lagReportedAt = now;
        }
        if (lag > triggerNanos) {
            overPasses = overSince == 0 || idle ? 1 : overPasses + 1;
            if (overPasses == 1) {
                // a new window: the first late pass, or one after the loop found its sockets empty (it
                // had caught up then, however long this pass took)
                overSince = now;
                overFirstBusy = busy;
            }
        } else {
            calmBusy += busy;
            overSince = 0;
            overPasses = 0;
        }
        if (saturated(busy, previousBusy, now)) {
            // Calm is measured from the last saturated pass, not from the last late one: a pause now and
            // then (GC, JIT, a descheduled thread) delays a few passes and would otherwise keep shed
            // sessions out for good (issue 21: 30-40 ms pauses every few seconds on a throttled core).
            lastHighLag = now;
            calmBusy = 0;
            if (now - holdUntil >= 0) {
                shed(lag, growth(busy), now);
                // the remaining sessions' queues are as old as the lag: give them one more such pass
                holdUntil = now + lag + maxDelayNanos;
            }
        } else if (shedCount > 0 && now - lastHighLag > calmNanos && now - lastResume > RESUME_INTERVAL_NANOS) {
            resume(now);
            lastResume = now;
        }
    }

    /**
     * Saturated, not just late: the lag stayed above the trigger for the trigger's length and for
     * {@link #SATURATED_PASSES} passes in a row without the loop ever finding its sockets empty, and
     * the passes are not getting shorter. Each pass processes what arrived during the previous one:
     * a loop that was paused (GC, a descheduled thread) or slow for a while (cold code, a burst of
     * new sessions) and has spare capacity processes it faster than it arrived, so its passes
     * shrink, by its utilization each time, until it waits for I/O again. A saturated loop's passes
     * grow, or stay as long once the socket buffers overflow.
     */
    private boolean saturated(long busy, long previousBusy, long now) {
        return overSince != 0 && now - overSince >= triggerNanos && overPasses >= SATURATED_PASSES
                && busy * SHRINK_DENOMINATOR >= previousBusy * SHRINK_NUMERATOR;
    }

    /** The average growth per pass since the window began (its geometric mean); 0 when unknown. */
    private double growth(long busy) {
        if (overPasses < 2 || overFirstBusy <= 0) {
            return 0;
        }
        return Math.pow((double) busy / overFirstBusy, 1.0 / (overPasses - 1));
    }

    private void shed(long lag, double growth, long now) {
        if (probing && now - lastResume < PROBE_NANOS) {
            calmNanos = Math.min(MAX_CALM_NANOS, calmNanos * 2); // that resume step was too much
        }
        probing = false;
        int unshed = sessions.size() - shedCount;
        double share = Math.min(MAX_SHED_SHARE, growth >= MIN_GROWTH && growth <= MAX_GROWTH
                ? 1 - TARGET_LOAD / growth
                : (double) (lag - triggerNanos) / lag / 2);
        int count = (int) Math.max(1, Math.ceil(unshed * share));
        count = Math.min(count, unshed - 1); // never the oldest
        if (count <= 0) {
            return; // nothing to shed (one session): its queue is relayed as it is, late
        }
        for (int i = sessions.size() - 1; i >= 0; i--) {
            Sheddable session = sessions.get(i);
            if (session.isShed()) {
                continue;
            }
            if (count > 0) {
                session.shed();
                shedCount++;
                count--;
                events.sessionShed(session.label(), true);
            } else {
                // What the kept sessions have queued is as old as the lag: relaying it would keep them
                // that late until the queues drained, at the (small) rate the loop now has to spare.
                session.discardBacklog();
                discarding.add(session);
            }
        }
    }

    private void resume(long now) {
        int unshed = sessions.size() - shedCount;
        long calmFor = now - lastHighLag;
        double load = (double) calmBusy / calmFor;
        // each unshed session costs the average; a shed one would cost as much
        int fits = load <= 0 ? shedCount : (int) ((RESUME_LOAD - load) * unshed / load);
        int count = Math.min(Math.max(1, shedCount / RESUME_STEPS), fits);
        if (count <= 0) {
            return; // the loop is too busy to take any back
        }
        probing = true;
        for (int i = 0; i < sessions.size() && count > 0; i++) {
            Sheddable session = sessions.get(i);
            if (session.isShed()) {
                session.resume();
                discarding.add(session);
                shedCount--;
                count--;
                events.sessionShed(session.label(), false);
            }
        }
        if (shedCount == 0) {
            calmNanos = CALM_NANOS; // all back: the next overload starts afresh
        }
    }
}
