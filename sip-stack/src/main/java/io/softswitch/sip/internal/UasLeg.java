package io.softswitch.sip.internal;

import io.softswitch.sip.InboundLeg;
import io.softswitch.sip.SipBody;
import io.softswitch.sip.SipHeader;
import io.softswitch.sip.SipRequest;
import io.softswitch.sip.SipStatus;
import java.util.List;
import javax.sip.ServerTransaction;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UAS side of a call. States: {@code PROCEEDING} (INVITE received, 100 sent) ->
 * {@code ANSWERED} (2xx sent, awaiting ACK) or {@code REJECTED}; the dialog then carries BYE and
 * in-dialog requests.
 */
final class UasLeg extends AbstractLeg implements InboundLeg {
    private static final Logger LOG = LoggerFactory.getLogger(UasLeg.class);

    enum State { PROCEEDING, ANSWERED, REJECTED }

    /**
     * The parsed INVITE, to build our responses from; dropped once the final response is sent.
     * The stack keeps the dialog (and with it this leg) for seconds after the call, and the INVITE
     * with its SDP was most of what a finished call left for every young GC to copy.
     */
    private volatile Request inviteRequest;
    private final SipRequest invite;
    private final ServerTransaction st;
    private final String toTag = Tags.newTag();
    private State state = State.PROCEEDING;

    UasLeg(Messages m, Request inviteRequest, SipRequest invite, ServerTransaction st) {
        super(m, "A", invite.transport());
        this.inviteRequest = inviteRequest;
        this.invite = invite;
        this.st = st;
    }

    void attachDialog() {
        st.setApplicationData(this);
    }

    /**
     * Creates the dialog when the call actually progresses (first 18x or the 2xx), so that the
     * INVITEs refused before routing (403, 404, 407...), the bulk under attack, cost no dialog.
     */
    private void ensureDialog() {
        if (dialog != null) {
            return;
        }
        try {
            dialog = m.provider.getNewDialog(st);
            dialog.setApplicationData(this);
        } catch (Exception e) {
            LOG.debug("{}: no dialog: {}", id, e.toString());
        }
    }

    @Override
    public SipRequest invite() {
        return invite;
    }

    void trying() {
        send(100, null, null, List.of());
    }

    @Override
    public void provisional(SipStatus status, SipBody body) {
        if (status.code() <= 100 || !status.isProvisional()) {
            throw new IllegalArgumentException("status: " + status + " (expected: 101-199)");
        }
        synchronized (this) {
            if (state != State.PROCEEDING) {
                return;
            }
        }
        send(status.code(), status.reasonPhrase(), body, List.of());
    }

    @Override
    public void answer(SipBody body) {
        synchronized (this) {
            if (state != State.PROCEEDING) {
                return;
            }
            state = State.ANSWERED;
        }
        send(200, null, body, List.of());
    }

    @Override
    public void reject(SipStatus status, List<SipHeader> headers) {
        if (status.code() < 300) {
            throw new IllegalArgumentException("status: " + status + " (expected: 300-699)");
        }
        synchronized (this) {
            if (state != State.PROCEEDING) {
                return;
            }
            state = State.REJECTED;
        }
        terminated = true;
        send(status.code(), status.reasonPhrase(), null, headers);
    }

    @Override
    public void hangup() {
        State s;
        synchronized (this) {
            s = state;
        }
        if (s == State.PROCEEDING) {
            reject(SipStatus.REQUEST_TERMINATED, List.of());
        } else if (s == State.ANSWERED) {
            sendBye();
        }
    }

    /** CANCEL for our pending INVITE: 487 unless already answered; returns whether it took effect. */
    boolean cancelled() {
        synchronized (this) {
            if (state != State.PROCEEDING) {
                return false;
            }
            state = State.REJECTED;
        }
        terminated = true;
        send(487, "Request Terminated", null, List.of());
        listener.onCancel(this);
        return true;
    }

    void acked(Request ack) {
        listener.onAck(this, Messages.bodyOf(ack));
    }

    private void send(int status, String reason, SipBody body, List<SipHeader> headers) {
        if (status > 100 && status < 300) {
            synchronized (this) {
                ensureDialog();
            }
        }
        Request request = inviteRequest;
        if (request == null) {
            return; // a provisional that lost the race with the final response
        }
        try {
            Response r = m.response(request, status, reason, toTag);
            m.setBody(r, body);
            m.addHeaders(r, headers);
            if (status > 100 && status < 300) {
                r.setHeader(m.contact(transport));
            }
            m.send(st, r);
            if (status >= 200) {
                // The transaction has the response's bytes for retransmissions (and the dialog the
                // 2xx's); nothing answers this INVITE again.
                inviteRequest = null;
            }
        } catch (Exception e) {
            LOG.debug("{}: cannot send {}: {}", id, status, e.toString());
            if (status >= 200) {
                onDialogLost("cannot send " + status + ": " + e.getMessage());
            }
        }
    }

    @Override
    void onTimeout(Object applicationData) {
        if (applicationData instanceof PendingRequest p) {
            p.complete(io.softswitch.sip.SipReply.of(SipStatus.REQUEST_TIMEOUT));
            return;
        }
        onDialogLost("transaction timeout");
    }
}
