package io.softswitch.sip.internal;

import io.softswitch.sip.SipEvents;
import java.text.ParseException;
import java.util.List;
import java.util.Set;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers every request the stack delivers. Runs on JAIN-SIP threads and never blocks; any failure
 * while answering is logged and, where possible, turned into a {@code 500}, never propagated into
 * the stack.
 */
final class RequestDispatcher implements SipListener {
    private static final Logger LOG = LoggerFactory.getLogger(RequestDispatcher.class);

    static final List<String> ALLOWED = List.of("INVITE", "ACK", "CANCEL", "BYE", "OPTIONS");
    private static final Set<String> KNOWN = Set.of("INVITE", "ACK", "CANCEL", "BYE", "OPTIONS", "REGISTER",
            "INFO", "UPDATE", "PRACK", "SUBSCRIBE", "NOTIFY", "REFER", "MESSAGE", "PUBLISH");
    private static final Set<String> IN_DIALOG = Set.of("BYE", "CANCEL", "INFO", "UPDATE", "PRACK", "NOTIFY");

    private final SipProvider provider;
    private final HeaderFactory headers;
    private final MessageFactory messages;
    private final String userAgent;
    private final SipEvents events;
    private final RequestScreen screen;
    private volatile boolean accepting = true;

    RequestDispatcher(SipProvider provider, HeaderFactory headers, MessageFactory messages, String userAgent,
            SipEvents events, RequestScreen screen) {
        this.screen = screen;
        this.provider = provider;
        this.headers = headers;
        this.messages = messages;
        this.userAgent = userAgent;
        this.events = events;
    }

    void stopAccepting() {
        accepting = false;
    }

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        String method = request.getMethod();
        events.requestReceived(KNOWN.contains(method) ? method : "OTHER");
        if (screen.intercepted(event)) {
            return; // flood/scanner drop or invalid request: answered or dropped, never routed
        }
        if (Request.ACK.equals(method)) {
            return; // ACK of our own non-2xx final responses is absorbed by the transaction layer
        }
        ServerTransaction tx = event.getServerTransaction();
        try {
            if (tx == null) {
                tx = provider.getNewServerTransaction(request);
            }
        } catch (TransactionAlreadyExistsException e) {
            return; // a retransmission: the transaction answers it
        } catch (Exception e) {
            LOG.debug("no server transaction for {}: {}", method, e.toString());
            tx = null;
        }
        try {
            respond(tx, request, answer(method));
        } catch (Exception e) {
            LOG.warn("failed to answer {}: {}", method, e.toString());
        }
    }

    private Answer answer(String method) {
        return switch (method) {
            case Request.OPTIONS -> new Answer(Response.OK, null);
            case Request.INVITE -> accepting
                    ? new Answer(Response.TEMPORARILY_UNAVAILABLE, "Call Handling Not Available")
                    : new Answer(Response.SERVICE_UNAVAILABLE, "Shutting Down");
            default -> {
                if (IN_DIALOG.contains(method)) {
                    yield new Answer(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null);
                }
                yield KNOWN.contains(method)
                        ? new Answer(Response.METHOD_NOT_ALLOWED, null)
                        : new Answer(Response.NOT_IMPLEMENTED, null);
            }
        };
    }

    private void respond(ServerTransaction tx, Request request, Answer answer) throws Exception {
        Response response = messages.createResponse(answer.status(), request);
        if (answer.reason() != null) {
            response.setReasonPhrase(answer.reason());
        }
        ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
        if (answer.status() >= 200 && to != null && to.getTag() == null) {
            to.setTag(Tags.newTag());
        }
        response.addHeader(headers.createServerHeader(List.of(userAgent)));
        int status = answer.status();
        if (status == Response.OK || status == Response.METHOD_NOT_ALLOWED || status == Response.NOT_IMPLEMENTED) {
            for (String m : ALLOWED) {
                response.addHeader(headers.createAllowHeader(m));
            }
        }
        if (status == Response.OK && Request.OPTIONS.equals(request.getMethod())) {
            response.addHeader(headers.createAcceptHeader("application", "sdp"));
            addSupported(response);
        }
        if (status == Response.SERVICE_UNAVAILABLE) {
            response.addHeader(headers.createRetryAfterHeader(5));
        }
        if (tx != null) {
            tx.sendResponse(response);
        } else {
            provider.sendResponse(response);
        }
        events.responseSent(KNOWN.contains(request.getMethod()) ? request.getMethod() : "OTHER", status);
    }

    private void addSupported(Response response) throws ParseException {
        // RFC 3261 §20.37: an empty Supported header says "no extensions"; we list none yet.
        response.addHeader(headers.createHeader("Supported", ""));
    }

    @Override
    public void processResponse(ResponseEvent event) {
        // No client transactions yet.
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
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

    private record Answer(int status, String reason) {
    }
}
