package io.softswitch.sip;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The identity headers the switch reads and writes besides From: the caller IDs a PBX asserts
 * ({@code P-Asserted-Identity}, RFC 3325 §9.1; {@code Remote-Party-ID}, draft-ietf-sip-privacy-04)
 * and the {@code Diversion} it is told which number was dialed by (RFC 5806).
 */
public final class IdentityHeaders {
    /** The user part of the first sip:, sips: or tel: URI in a header value. */
    private static final Pattern URI_USER = Pattern.compile("(?:sips?:|tel:)([^@;>]+)");

    private IdentityHeaders() {
    }

    /**
     * The users of every P-Asserted-Identity, then every Remote-Party-ID URI of {@code request}, in
     * header order: {@code <sip:+14155550100@pbx.example>} gives {@code +14155550100},
     * {@code <tel:+14155550100>} too. Values without such a URI give nothing.
     */
    public static List<String> assertedUsers(SipRequest request) {
        List<String> out = new ArrayList<>();
        for (String h : List.of("p-asserted-identity", "remote-party-id")) {
            for (String v : request.headers(h)) {
                Matcher m = URI_USER.matcher(v);
                if (m.find()) {
                    out.add(m.group(1));
                }
            }
        }
        return out;
    }

    /**
     * A {@code Diversion} header (RFC 5806 §4) naming {@code number} at {@code host} with reason
     * {@code unconditional}: how the switch tells a PBX which of its numbers a carrier dialed.
     */
    public static SipHeader diversion(String number, String host) {
        return new SipHeader("Diversion", "<sip:" + number + "@" + host + ">;reason=unconditional");
    }
}
