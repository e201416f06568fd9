package io.softswitch.sip.internal;

import gov.nist.javax.sip.header.SIPHeader;
import io.softswitch.sip.SipEvents;
import io.softswitch.sip.SipSecurity;
import io.softswitch.sip.SourceHeader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipProvider;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.UserAgentHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first stage of request handling: {@link SourceGuard} (flood limit, blocked sources, scanner
 * drop, authentication back-off), then {@link RequestValidator}. A request it intercepts is dropped or answered here and
 * never reaches routing. Runs on JAIN-SIP threads; never blocks and never throws.
 */
public final class RequestScreen {
    private static final Logger LOG = LoggerFactory.getLogger(RequestScreen.class);
    private static final Set<String> METRIC_METHODS = Set.of("INVITE", "ACK", "CANCEL", "BYE", "OPTIONS", "REGISTER",
            "INFO", "UPDATE", "PRACK", "SUBSCRIBE", "NOTIFY", "REFER", "MESSAGE", "PUBLISH");

    private final SipProvider provider;
    private final HeaderFactory headers;
    private final MessageFactory messages;
    private final String userAgent;
    private final SipEvents events;
    private final SourceGuard guard;
    private final RequestValidator validator;
    private final Set<InetAddress> fronts;

    RequestScreen(SipProvider provider, HeaderFactory headers, MessageFactory messages, String userAgent,
            SipSecurity security, SipEvents events) {
        this.provider = provider;
        this.headers = headers;
        this.messages = messages;
        this.userAgent = userAgent;
        this.events = events;
        this.guard = new SourceGuard(security, events);
        this.validator = security.validateRequests() ? new RequestValidator(Set.of()) : null;
        this.fronts = Set.copyOf(security.trustedFronts());
    }

    /** The per-source guard, for the call engine's {@code authFailed}/{@code authSucceeded} reports. */
    public SourceGuard guard() {
        return guard;
    }

    /** True when the request was dropped or answered here; false when it should be routed. */
    boolean intercepted(RequestEvent event) {
        Request request = event.getRequest();
        try {
            InetAddress source = guardedSource(request);
            SourceGuard.Admission admission = source == null ? SourceGuard.Admission.ADMITTED
                    : guard.admit(source, userAgentOf(request), isCallWithCredentials(request));
            switch (admission.action()) {
                case DROP -> {
                    return true;
                }
                case REJECT -> {
                    Rejection busy = Rejection.of(Response.SERVICE_UNAVAILABLE, "Source Blocked")
                            .with("Retry-After", Long.toString(admission.retryAfterSeconds()));
                    answerStatelessly(request, busy);
                    return true;
                }
                default -> {
                }
            }
            if (validator == null) {
                return false;
            }
            Optional<Rejection> rejection = validator.validate(request);
            if (rejection.isEmpty()) {
                return false;
            }
            LOG.debug("rejecting {} from {}: {} {}", request.getMethod(), PacketSource.of(request).getAddress().getHostAddress(), rejection.get().status(),
                    rejection.get().reason());
            if (Request.ACK.equals(request.getMethod())) {
                events.requestDropped("unanswerable"); // RFC 3261 §17.2.1: an ACK is never answered
                return true;
            }
            answer(event, rejection.get());
        } catch (RuntimeException e) {
            LOG.warn("failed to screen {}: {}", request.getMethod(), e.toString());
        }
        return true;
    }

    private void answer(RequestEvent event, Rejection rejection) {
        ServerTransaction tx = event.getServerTransaction();
        Request request = event.getRequest();
        try {
            if (tx == null) {
                tx = provider.getNewServerTransaction(request);
            }
        } catch (TransactionAlreadyExistsException e) {
            return; // a retransmission: its transaction answers it
        } catch (Exception e) {
            tx = null; // e.g. a Via JAIN-SIP cannot build a transaction on: answer statelessly
        }
        try {
            Response response = build(request, rejection);
            if (tx != null) {
                tx.sendResponse(response);
            } else {
                provider.sendResponse(response);
            }
            events.responseSent(metricMethod(request.getMethod()), rejection.status());
        } catch (Exception e) {
            LOG.debug("cannot answer invalid {}: {}", request.getMethod(), e.toString());
            events.requestDropped("unanswerable");
        }
    }

    private void answerStatelessly(Request request, Rejection rejection) {
        try {
            provider.sendResponse(build(request, rejection));
            events.responseSent(metricMethod(request.getMethod()), rejection.status());
        } catch (Exception e) {
            LOG.debug("cannot answer {}: {}", request.getMethod(), e.toString());
        }
    }

    private Response build(Request request, Rejection rejection) throws Exception {
        Response response = messages.createResponse(rejection.status(), request);
        response.setReasonPhrase(rejection.reason());
        ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
        if (to != null && to.getTag() == null) {
            to.setTag(Tags.newTag());
        }
        response.addHeader(headers.createServerHeader(List.of(userAgent)));
        for (Map.Entry<String, String> h : rejection.headers().entrySet()) {
            // One field per comma-separated value (equivalent, RFC 3261 §7.3.1); JAIN-SIP's
            // createHeader refuses a list for some names.
            for (String value : h.getValue().split(",")) {
                response.addHeader(headers.createHeader(h.getKey(), value.trim()));
            }
        }
        return response;
    }

    /**
     * The address the per-source defences count this request against: its packet's source, except
     * behind a trusted SIP front, where it is the PBX the front names in {@link SourceHeader} (the
     * same address routing and the authentication reports use), and null (not counted) for the front's
     * own requests, which carry no such header: its OPTIONS probes and the in-dialog requests it
     * relays for every PBX. Counting those against the front would block the whole cluster's traffic.
     */
    private InetAddress guardedSource(Request request) {
        InetAddress packet = PacketSource.of(request).getAddress();
        if (fronts.isEmpty() || !fronts.contains(packet)) {
            return packet;
        }
        java.util.ListIterator<?> values = request.getHeaders(SourceHeader.NAME);
        String value = null;
        int n = 0;
        while (values != null && values.hasNext()) {
            Object h = values.next();
            value = h instanceof SIPHeader sh ? sh.getHeaderValue() : String.valueOf(h);
            n++;
        }
        if (n != 1) {
            return null;
        }
        InetSocketAddress pbx = SourceHeader.parse(value);
        return pbx == null ? null : pbx.getAddress();
    }

    /**
     * A new call (INVITE without To tag) carrying digest credentials: the requests a source backing
     * off after authentication failures may not have checked (see {@link SourceGuard}).
     */
    private static boolean isCallWithCredentials(Request request) {
        if (!Request.INVITE.equals(request.getMethod())) {
            return false;
        }
        ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
        if (to != null && to.getTag() != null) {
            return false;
        }
        return request.getHeader(ProxyAuthorizationHeader.NAME) != null
                || request.getHeader(AuthorizationHeader.NAME) != null;
    }

    private static String userAgentOf(Request request) {
        Object ua = request.getHeader(UserAgentHeader.NAME);
        if (ua instanceof SIPHeader h) {
            return h.getHeaderValue();
        }
        return ua == null ? null : ua.toString();
    }

    /** The method tag for metrics: the same small fixed set {@link RequestDispatcher} reports. */
    private static String metricMethod(String method) {
        return METRIC_METHODS.contains(method) ? method : "OTHER";
    }
}
