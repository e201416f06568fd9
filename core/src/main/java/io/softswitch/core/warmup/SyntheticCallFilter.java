package io.softswitch.core.warmup;

import io.softswitch.core.call.CallEvents;
import io.softswitch.core.call.CallSummary;
import io.softswitch.core.call.Direction;
import io.softswitch.core.call.OutboundInvite;
import io.softswitch.sip.SipStatus;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The call events of customers' calls only: a call that starts as {@link Direction#WARMUP} (the
 * warm-up's router decided so) is remembered by SID and none of its events reach the records,
 * meters, security log or dashboards behind. Same threading as {@link CallEvents}; once the warm-up
 * is over the set is empty and each event costs one lookup in it.
 */
final class SyntheticCallFilter implements CallEvents {
    private final CallEvents customers;
    private final Set<String> synthetic = ConcurrentHashMap.newKeySet();

    SyntheticCallFilter(CallEvents customers) {
        this.customers = customers;
    }

    /** Synthetic calls started and not yet ended. */
    int live() {
        return synthetic.size();
    }

    private boolean isSynthetic(String callSid) {
        return callSid != null && !synthetic.isEmpty() && synthetic.contains(callSid);
    }

    @Override
    public void callStarted(String callSid, Direction direction) {
        if (direction == Direction.WARMUP) {
            synthetic.add(callSid);
            return;
        }
        customers.callStarted(callSid, direction);
    }

    @Override
    public void authFailed(String trunk, String source) {
        customers.authFailed(trunk, source);
    }

    @Override
    public void callRejected(String callSid, SipStatus status) {
        if (!isSynthetic(callSid)) {
            customers.callRejected(callSid, status);
        }
    }

    @Override
    public void secureTrunkRefused(String trunk, SecureRefusal reason) {
        customers.secureTrunkRefused(trunk, reason);
    }

    @Override
    public void attemptStarted(String callSid, OutboundInvite attempt) {
        if (!isSynthetic(callSid)) {
            customers.attemptStarted(callSid, attempt);
        }
    }

    @Override
    public void attemptEnded(String callSid, OutboundInvite attempt, SipStatus status) {
        if (!isSynthetic(callSid)) {
            customers.attemptEnded(callSid, attempt, status);
        }
    }

    @Override
    public void postDialDelay(String callSid, long nanos) {
        if (!isSynthetic(callSid)) {
            customers.postDialDelay(callSid, nanos);
        }
    }

    @Override
    public void callEnded(CallSummary summary) {
        boolean mine = synthetic.remove(summary.sid());
        if (!mine && summary.direction() != Direction.WARMUP) {
            customers.callEnded(summary);
        }
    }
}
