package io.softswitch.sip.internal;

import gov.nist.javax.sip.header.SIPHeader;
import io.softswitch.sip.SipAddress;
import io.softswitch.sip.SipBody;
import io.softswitch.sip.SipHeader;
import io.softswitch.sip.SipEvents;
import io.softswitch.sip.SipRequest;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sip.ListeningPoint;
import javax.sip.ServerTransaction;
import javax.sip.SipProvider;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Message;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

/** JAIN-SIP factories and the conversions between stack messages and our records. */
final class Messages {
    final SipProvider provider;
    final HeaderFactory headers;
    final MessageFactory messages;
    final AddressFactory addresses;
    final String userAgent;
    final String advertisedHost;
    final SipEvents events;
    /** {@link #contact} templates by transport (as legs name it): never sent themselves, only copies. */
    private final Map<String, ContactHeader> contacts = new ConcurrentHashMap<>();

    Messages(SipProvider provider, HeaderFactory headers, MessageFactory messages, AddressFactory addresses,
            String userAgent, String advertisedHost, SipEvents events) {
        this.events = events;
        this.provider = provider;
        this.headers = headers;
        this.messages = messages;
        this.addresses = addresses;
        this.userAgent = userAgent;
        this.advertisedHost = advertisedHost;
    }

    /**
     * The status of a response from the network. A reason phrase the value type refuses (control
     * characters; JAIN-SIP's parser lets none through, so this is defensive) becomes the registered one.
     */
    static io.softswitch.sip.SipStatus statusOf(Response response) {
        try {
            return io.softswitch.sip.SipStatus.valueOf(response.getStatusCode(), response.getReasonPhrase());
        } catch (IllegalArgumentException e) {
            return io.softswitch.sip.SipStatus.valueOf(response.getStatusCode());
        }
    }

    /** Sends {@code response} on {@code st} and counts it ({@code sip_responses_total}). */
    void send(ServerTransaction st, Response response) throws Exception {
        st.sendResponse(response);
        String method = ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getMethod();
        events.responseSent(RequestDispatcher.tag(method), response.getStatusCode());
    }

    ListeningPoint listeningPoint(String transport) {
        ListeningPoint lp = provider.getListeningPoint(transport);
        if (lp == null) {
            lp = provider.getListeningPoints()[0];
        }
        return lp;
    }

    String hostOf(ListeningPoint lp) {
        return advertisedHost == null || advertisedHost.isEmpty() ? lp.getIPAddress() : advertisedHost;
    }

    /**
     * Our Contact for a leg on {@code transport}: {@code <sip:softswitch@host:port;transport=x>}. A
     * copy of one built on first use per transport: building it parses a URI (1,288 bytes; a copy
     * is 352), once for each INVITE we send and each 18x/2xx we answer one with.
     */
    ContactHeader contact(String transport) throws ParseException {
        if (transport == null) {
            return newContact(null);
        }
        ContactHeader template = contacts.get(transport);
        if (template == null) {
            template = newContact(transport);
            contacts.put(transport, template);
        }
        return (ContactHeader) template.clone();
    }

    private ContactHeader newContact(String transport) throws ParseException {
        ListeningPoint lp = listeningPoint(transport);
        SipURI uri = addresses.createSipURI("softswitch", hostOf(lp));
        uri.setPort(lp.getPort());
        if (!"udp".equalsIgnoreCase(lp.getTransport())) {
            uri.setTransportParam(lp.getTransport().toLowerCase(Locale.ROOT));
        }
        return headers.createContactHeader(addresses.createAddress(uri));
    }

    void setBody(Message m, SipBody body) throws ParseException {
        if (body == null) {
            return;
        }
        String[] type = body.contentType().split("/", 2);
        ContentTypeHeader ct = headers.createContentTypeHeader(type[0], type.length > 1 ? type[1] : "");
        m.setContent(body.content(), ct);
    }

    static SipBody bodyOf(Message m) {
        byte[] raw = m.getRawContent();
        if (raw == null || raw.length == 0) {
            return null;
        }
        ContentTypeHeader ct = (ContentTypeHeader) m.getHeader(ContentTypeHeader.NAME);
        String type = ct == null ? "application/octet-stream" : ct.getContentType() + "/" + ct.getContentSubType();
        return new SipBody(type, new String(raw, java.nio.charset.StandardCharsets.UTF_8));
    }

    void addHeaders(Message m, List<SipHeader> extra) throws ParseException {
        for (SipHeader h : extra) {
            m.addHeader(headers.createHeader(h.name(), h.value()));
        }
    }

    Response response(Request request, int status, String reason, String toTag) throws ParseException {
        Response r = messages.createResponse(status, request);
        if (reason != null) {
            r.setReasonPhrase(reason);
        }
        ToHeader to = (ToHeader) r.getHeader(ToHeader.NAME);
        if (status > 100 && toTag != null && to != null && to.getTag() == null) {
            to.setTag(toTag);
        }
        r.setHeader(headers.createServerHeader(List.of(userAgent)));
        return r;
    }

    /** The lower-case names of the headers a request carries most, by the names the stack gives them. */
    private static final Map<String, String> LOWER_CASE_NAMES = java.util.stream.Stream.of("Via", "From", "To",
            "Call-ID", "CSeq", "Contact", "Max-Forwards", "Content-Type", "Content-Length", "User-Agent", "Allow",
            "Supported", "Route", "Record-Route", "Authorization", "Proxy-Authorization", "P-Asserted-Identity",
            "Session-Expires", "Min-SE", "Accept", "Expires", "Require", "Server", "Date")
            .collect(java.util.stream.Collectors.toUnmodifiableMap(n -> n, n -> n.toLowerCase(Locale.ROOT)));

    static SipRequest toRecord(Request request, java.net.InetSocketAddress source) {
        Map<String, List<String>> all = new HashMap<>();
        StringBuilder encoded = new StringBuilder(256);
        for (ListIterator<?> names = request.getHeaderNames(); names.hasNext();) {
            String name = (String) names.next();
            List<String> values = List.of();
            for (ListIterator<?> hs = request.getHeaders(name); hs.hasNext();) {
                Header h = (Header) hs.next();
                String value = h instanceof SIPHeader sh ? value(sh, encoded) : h.toString();
                if (values.isEmpty()) {
                    values = List.of(value); // most headers have one value
                } else {
                    values = new ArrayList<>(values);
                    values.add(value);
                }
            }
            String lower = LOWER_CASE_NAMES.get(name);
            all.merge(lower != null ? lower : name.toLowerCase(Locale.ROOT), values, (a, b) -> {
                List<String> m = new ArrayList<>(a);
                m.addAll(b);
                return m;
            });
        }
        URI ruri = request.getRequestURI();
        String ruser = null;
        String rhost = "";
        if (ruri instanceof SipURI sip) {
            ruser = sip.getUser();
            rhost = sip.getHost();
        } else if (ruri != null && ruri.isSipURI() == false) {
            String s = ruri.toString();
            ruser = s.startsWith("tel:") ? s.substring(4) : null;
        }
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        MaxForwardsHeader mf = (MaxForwardsHeader) request.getHeader(MaxForwardsHeader.NAME);
        javax.sip.header.CallIdHeader cid = (javax.sip.header.CallIdHeader) request.getHeader("Call-ID");
        return new SipRequest(request.getMethod(), ruser, rhost,
                address(((FromHeader) request.getHeader(FromHeader.NAME)).getAddress()),
                address(((ToHeader) request.getHeader(ToHeader.NAME)).getAddress()),
                cid == null ? "" : cid.getCallId(),
                source,
                transport(request, via),
                mf == null ? 70 : mf.getMaxForwards(),
                all, bodyOf(request));
    }

    /**
     * {@code header.getHeaderValue().trim()}, encoded into {@code scratch} (reused for every header of
     * a message) rather than into a fresh builder grown from 16 chars for each: the value is cut out
     * of {@code Name: value CRLF}, as {@link SIPHeader#encode(StringBuilder)} writes it.
     */
    static String value(SIPHeader header, StringBuilder scratch) {
        scratch.setLength(0);
        header.encode(scratch);
        String name = header.getHeaderName();
        int from = name.length() + 2;
        int to = scratch.length() - 2;
        if (to < from || scratch.charAt(from - 2) != ':' || scratch.charAt(from - 1) != ' '
                || scratch.charAt(to) != '\r' || scratch.charAt(to + 1) != '\n' || !startsWith(scratch, name)) {
            return header.getHeaderValue().trim(); // a header type that encodes itself otherwise
        }
        while (from < to && scratch.charAt(from) <= ' ') {
            from++;
        }
        while (to > from && scratch.charAt(to - 1) <= ' ') {
            to--;
        }
        return scratch.substring(from, to);
    }

    private static boolean startsWith(StringBuilder s, String prefix) {
        for (int i = 0; i < prefix.length(); i++) {
            if (s.charAt(i) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The transport the request really arrived on: the stack's channel, not the Via, which the sender
     * writes (a Secure trunk's TLS rule must not trust a UDP packet whose Via says TLS). The Via only
     * when the stack did not record a channel.
     */
    static String transport(Request request, ViaHeader via) {
        if (request instanceof gov.nist.javax.sip.message.SIPRequest r
                && r.getMessageChannel() instanceof gov.nist.javax.sip.stack.MessageChannel channel
                && channel.getTransport() != null) {
            return channel.getTransport().toLowerCase(Locale.ROOT);
        }
        return via == null ? "udp" : via.getTransport().toLowerCase(Locale.ROOT);
    }

    static SipAddress address(Address a) {
        if (a == null) {
            return new SipAddress(null, null, "");
        }
        URI uri = a.getURI();
        if (uri instanceof SipURI sip) {
            return new SipAddress(a.getDisplayName(), sip.getUser(), sip.getHost());
        }
        String s = uri.toString();
        if (s.regionMatches(true, 0, "tel:", 0, 4)) {
            String number = s.substring(4);
            int semi = number.indexOf(';');
            return new SipAddress(a.getDisplayName(), semi >= 0 ? number.substring(0, semi) : number, "");
        }
        return new SipAddress(a.getDisplayName(), null, "");
    }

    static String headerValue(Iterator<?> it) {
        return it.hasNext() ? ((SIPHeader) it.next()).getHeaderValue() : null;
    }
}
