package io.softswitch.sip.internal;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.AcceptHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.RequireHeader;
import javax.sip.message.Request;

/**
 * Decides whether a parsed request may go on to routing, in the order of RFC 3261 §8.2 (a UAS
 * inspects the request before acting on it). A refused request gets the returned {@link Rejection};
 * a request that passes is handled normally. Checks:
 *
 * <ul>
 *   <li>raw-text problems found by {@link RawMessageChecks}: {@code 400} ({@code 505} for a version
 *       other than SIP/2.0, which the parser itself does not keep)</li>
 *   <li>missing Call-ID, From, To, CSeq or Via (§8.1.1): {@code 400}</li>
 *   <li>SIP-Version other than SIP/2.0 (§8.2, §21.5.6): {@code 505}</li>
 *   <li>a known header field that does not parse (e.g. a bad Date, RFC 4475 §3.1.2.13): {@code 400}</li>
 *   <li>CSeq method different from the request method (§8.1.1.5): {@code 400}</li>
 *   <li>Request-URI scheme other than sip, sips or tel (§8.2.2.1): {@code 416}</li>
 *   <li>Request-URI with URI headers (§19.1.5) or a malformed IPv6 reference (RFC 5118): {@code 400}</li>
 *   <li>{@code Max-Forwards: 0} on anything but OPTIONS, which we answer ourselves (§16.3 item 3): {@code 483}</li>
 *   <li>{@code Require} with an option we do not support, except ACK and CANCEL (§8.2.2.3): {@code 420}
 *       with {@code Unsupported}</li>
 *   <li>an INVITE body that is not {@code application/sdp} (§8.2.3): {@code 415} with {@code Accept}</li>
 *   <li>an INVITE whose {@code Accept} excludes {@code application/sdp} (§21.4.7): {@code 406}</li>
 * </ul>
 *
 * <p>Stateless and thread-safe; never throws on any request JAIN-SIP can produce.
 */
public final class RequestValidator {
    private static final Set<String> SCHEMES = Set.of("sip", "sips", "tel");

    private final Set<String> supportedOptions;

    /** A validator accepting {@code Require} options in {@code supportedOptions} (lower case). */
    public RequestValidator(Set<String> supportedOptions) {
        this.supportedOptions = Set.copyOf(supportedOptions);
    }

    /** The rejection for {@code request}, or empty when it may be routed. */
    public Optional<Rejection> validate(Request request) {
        try {
            return Optional.ofNullable(check(request));
        } catch (RuntimeException e) {
            return Optional.of(Rejection.of(400, "Malformed Request"));
        }
    }

    private Rejection check(Request request) {
        if (request instanceof SIPMessage m) {
            Optional<Rejection> raw = ScreeningMessageParser.rawProblem(m);
            if (raw.isPresent()) {
                return raw.get();
            }
        }
        String missing = missingHeader(request);
        if (missing != null) {
            return Rejection.of(400, "Missing " + missing + " Header");
        }
        if (request instanceof SIPRequest r && !"SIP/2.0".equalsIgnoreCase(r.getSIPVersion())) {
            return Rejection.of(505, "Version Not Supported");
        }
        if (request instanceof SIPMessage m && m.getUnrecognizedHeaders().hasNext()) {
            String name = headerName(m.getUnrecognizedHeaders().next());
            return Rejection.of(400, name == null ? "Malformed Header" : "Malformed " + name + " Header");
        }
        String method = request.getMethod();
        CSeqHeader cseq = (CSeqHeader) request.getHeader(CSeqHeader.NAME);
        if (!method.equals(cseq.getMethod())) {
            return Rejection.of(400, "CSeq Method Mismatch");
        }
        Rejection uri = checkRequestUri(request.getRequestURI());
        if (uri != null) {
            return uri;
        }
        MaxForwardsHeader mf = (MaxForwardsHeader) request.getHeader(MaxForwardsHeader.NAME);
        if (mf != null && mf.getMaxForwards() == 0 && !Request.OPTIONS.equals(method) && !Request.ACK.equals(method)) {
            return Rejection.of(483, "Too Many Hops");
        }
        if (!Request.ACK.equals(method) && !Request.CANCEL.equals(method)) {
            List<String> unsupported = unsupportedOptions(request);
            if (!unsupported.isEmpty()) {
                return Rejection.of(420, "Bad Extension").with("Unsupported", String.join(", ", unsupported));
            }
        }
        if (Request.INVITE.equals(method)) {
            return checkInviteBody(request);
        }
        return null;
    }

    private static String missingHeader(Request r) {
        for (String name : List.of("Call-ID", "From", "To", "CSeq", "Via")) {
            if (r.getHeader(name) == null) {
                return name;
            }
        }
        return null;
    }

    private static Rejection checkRequestUri(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!SCHEMES.contains(scheme)) {
            return Rejection.of(416, "Unsupported URI Scheme");
        }
        if (uri instanceof SipURI sip) {
            if (sip.getHeaderNames() != null && sip.getHeaderNames().hasNext()) {
                return Rejection.of(400, "Headers Not Allowed In Request-URI");
            }
            String host = sip.getHost();
            if (host == null || host.isEmpty()) {
                return Rejection.of(400, "Missing Host In Request-URI");
            }
            if (host.startsWith("[") && !Ipv6References.isValidReference(host)) {
                return Rejection.of(400, "Malformed IPv6 Reference");
            }
        }
        return null;
    }

    private List<String> unsupportedOptions(Request request) {
        List<String> out = new ArrayList<>();
        Iterator<?> it = request.getHeaders(RequireHeader.NAME);
        while (it.hasNext()) {
            String tag = ((RequireHeader) it.next()).getOptionTag();
            if (tag != null && !supportedOptions.contains(tag.toLowerCase(Locale.ROOT))) {
                out.add(tag);
            }
        }
        return out;
    }

    private static Rejection checkInviteBody(Request request) {
        ContentTypeHeader type = (ContentTypeHeader) request.getHeader(ContentTypeHeader.NAME);
        byte[] body = request.getRawContent();
        if (body != null && body.length > 0 && (type == null || !isSdp(type.getContentType(), type.getContentSubType()))) {
            return Rejection.of(415, "Unsupported Media Type").with("Accept", "application/sdp");
        }
        Iterator<?> accepts = request.getHeaders(AcceptHeader.NAME);
        if (accepts.hasNext()) {
            boolean sdp = false;
            while (accepts.hasNext()) {
                AcceptHeader a = (AcceptHeader) accepts.next();
                String t = a.getContentType() == null ? "" : a.getContentType().toLowerCase(Locale.ROOT);
                String s = a.getContentSubType() == null ? "" : a.getContentSubType().toLowerCase(Locale.ROOT);
                sdp |= (t.equals("*") || t.equals("application")) && (s.equals("*") || s.equals("sdp"));
                sdp |= t.isEmpty(); // an empty Accept header field
            }
            if (!sdp) {
                return Rejection.of(406, "Not Acceptable").with("Accept", "application/sdp");
            }
        }
        return null;
    }

    private static boolean isSdp(String type, String subType) {
        return "application".equalsIgnoreCase(type) && "sdp".equalsIgnoreCase(subType);
    }

    private static String headerName(String rawHeader) {
        int colon = rawHeader.indexOf(':');
        String name = (colon > 0 ? rawHeader.substring(0, colon) : rawHeader).trim();
        return name.isEmpty() || name.length() > 32 || !name.chars().allMatch(c -> c > 32 && c < 127) ? null : name;
    }
}
