package io.softswitch.sip.internal;

import gov.nist.javax.sip.stack.SIPDialog;
import gov.nist.javax.sip.stack.SIPStackTimerTask;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.timers.SipTimer;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import javax.sip.Dialog;
import javax.sip.SipStack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cancels the RI's "ACK not sent" check of a client dialog once our ACK is out. On every 2xx to
 * an INVITE of ours the RI schedules, on the stack timer, a task that deletes the dialog if the
 * application has not acknowledged it in {@code DIALOG_TIMEOUT_FACTOR} x T1 (8 s with our
 * default {@code sip.ack_timeout_seconds}), and never cancels it: the task runs, finds the ACK sent,
 * and does nothing. Until then it holds the dialog, and through it the leg, its call and every
 * message they keep, 8 s after the call may have ended: at 200 calls/s, 1,600 calls' worth of
 * heap that G1 has to copy and promote.
 *
 * <p>The RI schedules the task after the 2xx's event has been delivered, and only when the dialog's
 * task field is empty. An ACK sent while the 2xx is being delivered (early offer) fills the field with
 * a task that is never scheduled; an ACK sent later cancels the scheduled one. The field is private to
 * {@link SIPDialog} (looked up at class load; without it this class does nothing and says so once at
 * WARN). Either way the task would have done nothing: it only acts when no ACK was sent. A 2xx to a
 * later re-INVITE of ours finds the field filled and gets no such task: we ACK every 2xx.
 */
final class AckWait {
    private static final Logger LOG = LoggerFactory.getLogger(AckWait.class);
    private static final Field TASK = taskField();
    private static final Constructor<?> DISARMED = TASK == null ? null : disarmedTask();

    private AckWait() {
    }

    private static Field taskField() {
        try {
            Field f = SIPDialog.class.getDeclaredField("dialogDeleteIfNoAckSentTask");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("JAIN-SIP's SIPDialog has no ACK-wait task field ({}): client dialogs stay on the stack timer "
                    + "until their ACK wait ends", e.toString());
            return null;
        }
    }

    /** A constructor of the task, for a placeholder that is never scheduled (null when unavailable). */
    private static Constructor<?> disarmedTask() {
        try {
            Constructor<?> c = TASK.getType().getDeclaredConstructor(SIPDialog.class, long.class);
            c.setAccessible(true);
            return c;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("JAIN-SIP's ACK-wait task cannot be constructed ({}): early ACKs leave it on the stack timer",
                    e.toString());
            return null;
        }
    }

    /** Our ACK of {@code dialog}'s 2xx has been sent: its ACK-wait task, if any, leaves {@code stack}'s timer. */
    static void sent(Dialog dialog, SipStack stack) {
        if (TASK == null || !(dialog instanceof SIPDialog d)) {
            return;
        }
        try {
            SIPStackTimerTask scheduled;
            synchronized (d) { // the RI sets and reads the field under the dialog's monitor
                scheduled = (SIPStackTimerTask) TASK.get(d);
                if (scheduled == null && DISARMED != null) {
                    // ACK sent while the RI still delivers the 2xx (early offer: on this SIP thread): it
                    // schedules the task after our listener returns, unless one is set. Set one that is
                    // never scheduled (sequence 0: it would find every ACK sent, were it ever run).
                    TASK.set(d, DISARMED.newInstance(d, 0L));
                }
            }
            SipTimer timer = stack instanceof SIPTransactionStack s ? s.getTimer() : null;
            if (scheduled != null && timer != null) { // ACK sent later (late offer): the task waits on the timer
                timer.cancel(scheduled);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("cannot cancel the ACK wait of {}: {}", dialog.getDialogId(), e.toString());
        }
    }
}
