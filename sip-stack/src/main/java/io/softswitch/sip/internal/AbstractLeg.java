package io.softswitch.sip.internal;

import io.softswitch.sip.InDialogRequest;
import io.softswitch.sip.Leg;
import io.softswitch.sip.LegListener;
import io.softswitch.sip.SipBody;
import io.softswitch.sip.SipReply;
import io.softswitch.sip.SipStatus;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.DialogState;
import javax.sip.ServerTransaction;
import javax.sip.header.CSeqHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Dialog handling shared by inbound and outbound legs: in-dialog requests both ways, BYE. */
abstract class AbstractLeg implements Leg {
    private static final Logger LOG = LoggerFactory.getLogger(AbstractLeg.class);
    private static final AtomicLong IDS = new AtomicLong();
    private static final LegListener NO_LISTENER = new LegListener() {
        @Override
        public void onRequest(Leg leg, InDialogRequest request) {
            request.respond(SipReply.of(SipStatus.NOT_ACCEPTABLE_HERE));
        }

        @Override
        public void onBye(Leg leg) {
        }
    };

    /** A released leg's listener: the call is gone, so is the dialog for any late request. */
    static final LegListener RELEASED_LISTENER = new LegListener() {
        @Override
        public void onRequest(Leg leg, InDialogRequest request) {
            request.respond(SipReply.of(SipStatus.CALL_OR_TRANSACTION_DOES_NOT_EXIST));
        }

        @Override
        public void onBye(Leg leg) {
        }
    };

    final Messages m;
    final String id;
    final String transport;
    volatile Dialog dialog;
    volatile LegListener listener = NO_LISTENER;
    volatile boolean terminated;

    AbstractLeg(Messages m, String prefix, String transport) {
        this.m = m;
        this.id = prefix + IDS.incrementAndGet();
        this.transport = transport;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String callId() {
        Dialog d = dialog;
        return d == null ? "" : d.getCallId().getCallId();
    }

    @Override
    public void setListener(LegListener listener) {
        this.listener = listener == null ? NO_LISTENER : listener;
    }

    @Override
    public void release() {
        listener = RELEASED_LISTENER;
    }

    @Override
    public boolean isTerminated() {
        return terminated;
    }

    @Override
    public void request(String method, SipBody body, Consumer<SipReply> onFinal) {
        Dialog d = dialog;
        if (terminated || d == null || d.getState() != DialogState.CONFIRMED) {
            onFinal.accept(SipReply.of(SipStatus.CALL_OR_TRANSACTION_DOES_NOT_EXIST));
            return;
        }
        try {
            Request r = d.createRequest(method);
            m.setBody(r, body);
            ClientTransaction ct = m.provider.getNewClientTransaction(r);
            ct.setApplicationData(new PendingRequest(this, onFinal));
            d.sendRequest(ct);
        } catch (Exception e) {
            LOG.debug("{}: cannot send {}: {}", id, method, e.toString());
            onFinal.accept(SipReply.of(SipStatus.SERVER_INTERNAL_ERROR));
        }
    }

    /**
     * Called once the dialog is ended by a BYE (sent or received): drop what only a live dialog
     * needs. The stack keeps the dialog, and this leg as its application data, for seconds more.
     */
    void onDialogEnded() {
    }

    /** Sends BYE on a confirmed dialog. */
    void sendBye() {
        Dialog d = dialog;
        if (d == null || d.getState() != DialogState.CONFIRMED) {
            terminated = true;
            return;
        }
        terminated = true;
        onDialogEnded();
        try {
            Request bye = d.createRequest(Request.BYE);
            ClientTransaction ct = m.provider.getNewClientTransaction(bye);
            ct.setApplicationData(new PendingRequest(this, reply -> { }));
            d.sendRequest(ct);
        } catch (Exception e) {
            LOG.debug("{}: cannot send BYE: {}", id, e.toString());
        }
    }

    /** A request the peer sent inside our dialog. */
    void onPeerRequest(Request request, ServerTransaction st) {
        String method = request.getMethod();
        if (Request.BYE.equals(method)) {
            boolean wasTerminated = terminated;
            terminated = true;
            onDialogEnded();
            // The listener first: what it frees synchronously (the call's trunk limits) is free before
            // the peer hears the 200, and a PBX at its concurrency limit may place its next call then.
            if (!wasTerminated) {
                listener.onBye(this);
            }
            respond(st, request, 200, null, null);
            return;
        }
        if (terminated) {
            respond(st, request, 481, null, null);
            return;
        }
        InDialogRequest req = new ServerRequest(request, st);
        listener.onRequest(this, req);
    }

    void respond(ServerTransaction st, Request request, int status, String reason, SipReply reply) {
        try {
            Response r = m.response(request, status, reason, null);
            if (reply != null) {
                m.setBody(r, reply.body());
                m.addHeaders(r, reply.headers());
                if (status >= 200 && status < 300 && Request.INVITE.equals(request.getMethod())) {
                    r.setHeader(m.contact(transport));
                }
            }
            m.send(st, r);
        } catch (Exception e) {
            LOG.debug("{}: cannot respond {} to {}: {}", id, status, request.getMethod(), e.toString());
        }
    }

    /** Responses to in-dialog requests we sent. */
    void onInDialogResponse(PendingRequest pending, Response response, ClientTransaction ct) {
        int status = response.getStatusCode();
        if (status < 200) {
            return;
        }
        CSeqHeader cseq = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
        if (status < 300 && cseq != null && Request.INVITE.equals(cseq.getMethod())) {
            try {
                Dialog d = ct.getDialog() != null ? ct.getDialog() : dialog;
                d.sendAck(d.createAck(cseq.getSeqNumber()));
            } catch (Exception e) {
                LOG.debug("{}: cannot ACK re-INVITE: {}", id, e.toString());
            }
        }
        if (status == 481 || status == 408) {
            // RFC 5057 §5.1: these end the dialog usage.
            terminated = true;
        }
        pending.complete(new SipReply(Messages.statusOf(response), Messages.bodyOf(response), List.of()));
    }

    abstract void onTimeout(Object applicationData);

    void onDialogLost(String why) {
        if (!terminated) {
            terminated = true;
            listener.onLost(this, why);
        }
    }

    /** A request we sent inside a dialog, waiting for its final response. */
    record PendingRequest(AbstractLeg leg, Consumer<SipReply> callback) {
        void complete(SipReply reply) {
            try {
                callback.accept(reply);
            } catch (RuntimeException e) {
                LOG.warn("{}: callback failed: {}", leg.id, e.toString());
            }
        }
    }

    private final class ServerRequest implements InDialogRequest {
        private final Request request;
        private final ServerTransaction st;
        private volatile boolean done;

        ServerRequest(Request request, ServerTransaction st) {
            this.request = request;
            this.st = st;
        }

        @Override
        public String method() {
            return request.getMethod();
        }

        @Override
        public SipBody body() {
            return Messages.bodyOf(request);
        }

        @Override
        public void respond(SipReply reply) {
            if (done) {
                return;
            }
            done = true;
            AbstractLeg.this.respond(st, request, reply.status().code(), reply.status().reasonPhrase(), reply);
        }
    }
}
