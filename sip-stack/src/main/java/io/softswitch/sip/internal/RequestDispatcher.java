package io.softswitch.sip.internal;

import gov.nist.javax.sip.ServerTransactionExt;
import gov.nist.javax.sip.SipListenerExt;
import io.softswitch.sip.SipEvents;
import io.softswitch.sip.SipHandler;
import io.softswitch.sip.SipRequest;
import java.util.List;
import java.util.Set;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.DialogTerminatedEvent;
import gov.nist.javax.sip.DialogTimeoutEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes every event of the stack: new INVITEs to the {@link SipHandler}, in-dialog requests and
 * responses to their leg, everything else answered here. Runs on JAIN-SIP threads and never
 * blocks; a failure while handling one message is logged and answered with {@code 500} where
 * possible, never propagated into the stack.
 */
final class RequestDispatcher implements SipListenerExt {
    /**
     * T1 for our non-INVITE server transactions (BYE, CANCEL, OPTIONS...). They never retransmit,
     * so T1 only sets Timer J = 64·T1: how long a completed transaction stays to answer
     * retransmissions of its request. 80 ms gives 5.1 s, the wait Kamailio's tm keeps completed
     * transactions by default ({@code wait_timer}), instead of 32 s: a request retransmitted after
     * that gets 481. Each BYE's transaction holds the whole dialog, so at a few hundred calls/s
     * the 32 s default kept ~10,000 finished calls in the heap (most of the GC work).
     */
    static final int NON_INVITE_SERVER_T1_MS = 80;

    private static void shortenLinger(ServerTransaction st, String method) {
        if (Request.INVITE.equals(method) || Request.ACK.equals(method)) {
            return;
        }
        try {
            st.setRetransmitTimer(NON_INVITE_SERVER_T1_MS);
        } catch (RuntimeException e) {
            // timer already running (a transaction the stack made earlier): keep the default
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(RequestDispatcher.class);

    static final List<String> ALLOWED = List.of("INVITE", "ACK", "CANCEL", "BYE", "OPTIONS", "INFO", "UPDATE");
    private static final Set<String> KNOWN = Set.of("INVITE", "ACK", "CANCEL", "BYE", "OPTIONS", "REGISTER",
            "INFO", "UPDATE", "PRACK", "SUBSCRIBE", "NOTIFY", "REFER", "MESSAGE", "PUBLISH");
    private static final Set<String> IN_DIALOG_ONLY = Set.of("BYE", "INFO", "UPDATE", "PRACK", "NOTIFY");

    private final Messages m;
    private final SipEvents events;
    private final RequestScreen screen;
    private volatile SipHandler handler = SipHandler.NONE;
    private volatile boolean accepting = true;
    /** {@code Retry-After} of the 503 a stopping stack answers; written before {@link #accepting} turns false. */
    private volatile int stoppingRetryAfterSeconds;
    /** New INVITEs seen in the last 32 s (see {@link InviteClaims}). */
    private final InviteClaims claims = new InviteClaims(32_000, 200_000);

    RequestDispatcher(Messages m, SipEvents events, RequestScreen screen) {
        this.m = m;
        this.screen = screen;
        this.events = events;
    }

    void setHandler(SipHandler handler) {
        this.handler = handler == null ? SipHandler.NONE : handler;
    }

    void stopAccepting(java.time.Duration retryAfter) {
        long seconds = retryAfter.toSeconds();
        if (retryAfter.isNegative() || seconds > 86_400) {
            throw new IllegalArgumentException("retryAfter: " + retryAfter + " (expected: 0-86400 s)");
        }
        stoppingRetryAfterSeconds = (int) seconds;
        accepting = false;
    }

    /** The method as a metric tag: a known method's name, else {@code OTHER}. */
    static String tag(String method) {
        return KNOWN.contains(method) ? method : "OTHER";
    }

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        String method = request.getMethod();
        events.requestReceived(tag(method));
        if (screen.intercepted(event)) {
            return; // flood/scanner drop or invalid request: answered or dropped, never routed
        }
        try {
            dispatch(event, request, method);
        } catch (RuntimeException e) {
            LOG.warn("failed to handle {}: {}", method, e.toString(), e);
        }
    }

    private void dispatch(RequestEvent event, Request request, String method) {
        Dialog dialog = event.getDialog();
        if (Request.ACK.equals(method)) {
            if (dialog != null && dialog.getApplicationData() instanceof UasLeg leg) {
                leg.acked(request);
            }
            return; // ACK of our non-2xx finals is absorbed by the transaction layer
        }
        ServerTransaction st = event.getServerTransaction();
        if (st == null && Request.INVITE.equals(method)
                && ((ToHeader) request.getHeader(ToHeader.NAME)).getTag() == null
                && !claims.claim(inviteKey(request), System.currentTimeMillis())) {
            LOG.debug("retransmission of an INVITE already taken absorbed");
            events.requestDropped("retransmission");
            return;
        }
        if (st == null) {
            try {
                if (request.getHeader(MaxForwardsHeader.NAME) == null) {
                    // RFC 4475 §3.4 (inv2543): RFC 2543 requests may lack Max-Forwards; JAIN-SIP will
                    // not make a transaction without one, so treat it as the RFC 3261 default, 70.
                    request.setHeader(m.headers.createMaxForwardsHeader(70));
                }
                if (Request.INVITE.equals(method) && request.getHeader(ContactHeader.NAME) == null) {
                    // RFC 2543 made Contact optional; its remote target was then the From URI.
                    javax.sip.header.FromHeader from = (javax.sip.header.FromHeader) request.getHeader("From");
                    request.setHeader(m.headers.createContactHeader(from.getAddress()));
                }
                st = m.provider.getNewServerTransaction(request);
            } catch (TransactionAlreadyExistsException e) {
                return; // a retransmission: the transaction answers it
            } catch (Exception e) {
                LOG.debug("no server transaction for {}: {}", method, e.toString());
                respond(null, request, Response.SERVER_INTERNAL_ERROR, null);
                return;
            }
        }
        shortenLinger(st, method);
        if (Request.CANCEL.equals(method)) {
            onCancel(request, st);
            return;
        }
        boolean inDialog = ((ToHeader) request.getHeader(ToHeader.NAME)).getTag() != null;
        if (inDialog) {
            if (dialog != null && dialog.getApplicationData() instanceof AbstractLeg leg) {
                leg.onPeerRequest(request, st);
            } else {
                respond(st, request, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null);
            }
            return;
        }
        switch (method) {
            case Request.INVITE -> onInvite(event, request, st);
            // A stopping node says so to OPTIONS too, so that a SIP front probing it (Kamailio's
            // dispatcher) sends new calls elsewhere while this node's calls finish (issue 17).
            case Request.OPTIONS -> respond(st, request, accepting ? Response.OK : Response.SERVICE_UNAVAILABLE,
                    accepting ? null : "Shutting Down");
            default -> {
                if (IN_DIALOG_ONLY.contains(method)) {
                    respond(st, request, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null);
                } else {
                    respond(st, request, KNOWN.contains(method) ? Response.METHOD_NOT_ALLOWED
                            : Response.NOT_IMPLEMENTED, null);
                }
            }
        }
    }

    private void onInvite(RequestEvent event, Request request, ServerTransaction st) {
        if (!accepting) {
            respond(st, request, Response.SERVICE_UNAVAILABLE, "Shutting Down");
            return;
        }
        SipRequest record = Messages.toRecord(request, PacketSource.of(request));
        UasLeg leg = new UasLeg(m, request, record, st);
        leg.attachDialog();
        leg.trying(); // counted by the leg, like every response it sends
        try {
            handler.onInvite(leg);
        } catch (RuntimeException e) {
            LOG.warn("call handler failed on INVITE: {}", e.toString(), e);
            leg.reject(io.softswitch.sip.SipStatus.SERVER_INTERNAL_ERROR, List.of());
        }
    }

    /** Call-ID and top Via branch (RFC 2543 requests without a branch: Call-ID, From tag and CSeq). */
    private static String inviteKey(Request request) {
        CallIdHeader callId = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        String branch = via == null ? null : via.getBranch();
        if (branch == null) {
            javax.sip.header.FromHeader from = (javax.sip.header.FromHeader) request.getHeader(javax.sip.header.FromHeader.NAME);
            CSeqHeader cseq = (CSeqHeader) request.getHeader(CSeqHeader.NAME);
            branch = (from == null ? "" : from.getTag()) + " " + (cseq == null ? "" : cseq.getSeqNumber());
        }
        return (callId == null ? "" : callId.getCallId()) + " " + branch;
    }

    private void onCancel(Request cancel, ServerTransaction st) {
        ServerTransaction invite = st instanceof ServerTransactionExt ext ? ext.getCanceledInviteTransaction() : null;
        if (invite != null && invite.getApplicationData() instanceof UasLeg leg) {
            respond(st, cancel, Response.OK, null);
            leg.cancelled();
        } else {
            respond(st, cancel, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null);
        }
    }

    private void respond(ServerTransaction tx, Request request, int status, String reason) {
        try {
            Response response = m.response(request, status, reason, status > 100 ? Tags.newTag() : null);
            if (status == Response.OK || status == Response.METHOD_NOT_ALLOWED || status == Response.NOT_IMPLEMENTED) {
                for (String method : ALLOWED) {
                    response.addHeader(m.headers.createAllowHeader(method));
                }
            }
            if (status == Response.OK && Request.OPTIONS.equals(request.getMethod())) {
                response.addHeader(m.headers.createAcceptHeader("application", "sdp"));
                // RFC 3261 §20.37: an empty Supported header says "no extensions required of you".
                response.addHeader(m.headers.createHeader("Supported", ""));
            }
            if (status == Response.SERVICE_UNAVAILABLE) {
                response.addHeader(m.headers.createRetryAfterHeader(stoppingRetryAfterSeconds));
            }
            if (tx != null) {
                tx.sendResponse(response);
            } else {
                m.provider.sendResponse(response);
            }
            events.responseSent(tag(request.getMethod()), status);
        } catch (Exception e) {
            LOG.debug("failed to answer {}: {}", request.getMethod(), e.toString());
        }
    }

    @Override
    public void processResponse(ResponseEvent event) {
        Response response = event.getResponse();
        try {
            ClientTransaction ct = event.getClientTransaction();
            if (ct == null) {
                Dialog d = event.getDialog();
                CSeqHeader cseq = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
                if (d != null && d.getApplicationData() instanceof UacLeg leg && cseq != null
                        && Request.INVITE.equals(cseq.getMethod()) && response.getStatusCode() / 100 == 2) {
                    leg.onStray2xx();
                }
                return;
            }
            Object app = ct.getApplicationData();
            if (app instanceof UacLeg leg) {
                leg.onInviteResponse(response, ct);
            } else if (app instanceof AbstractLeg.PendingRequest p) {
                p.leg().onInDialogResponse(p, response, ct);
            } else if (app instanceof Probe probe) {
                probe.onResponse(response);
            }
        } catch (RuntimeException e) {
            LOG.warn("failed to handle response {}: {}", response.getStatusCode(), e.toString(), e);
        }
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        if (event.isServerTransaction()) {
            return;
        }
        ClientTransaction ct = event.getClientTransaction();
        Object app = ct == null ? null : ct.getApplicationData();
        if (app instanceof UacLeg leg) {
            leg.onTimeout(null);
        } else if (app instanceof AbstractLeg.PendingRequest p) {
            p.leg().onTimeout(p);
        } else if (app instanceof Probe probe) {
            probe.onTimeout();
        }
    }

    @Override
    public void processDialogTimeout(DialogTimeoutEvent event) {
        Dialog d = event.getDialog();
        if (d != null && d.getApplicationData() instanceof AbstractLeg leg) {
            leg.onDialogLost("dialog timeout: " + event.getReason());
        }
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        LOG.debug("SIP I/O error towards {}:{} ({})", event.getHost(), event.getPort(), event.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
    }
}
