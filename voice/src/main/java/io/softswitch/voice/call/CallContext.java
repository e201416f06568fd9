package io.softswitch.voice.call;

import io.softswitch.voice.twiml.HttpMethod;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the interpreter knows of a call: the parameters of every webhook and where the TwiML comes
 * from (the number's {@code VoiceUrl} and {@code VoiceFallbackUrl}, or a trunk's disaster-recovery
 * URL), signed with the owning account's auth token.
 *
 * @param direction {@code inbound} for calls to a number
 * @param forwardedFrom the diverting number when known (SIP Diversion), else {@code null}
 * @param fallbackUrl used once when a fetch or its TwiML fails; may be {@code null}
 */
public record CallContext(
        String callSid,
        String accountSid,
        String from,
        String to,
        String direction,
        String forwardedFrom,
        String authToken,
        URI voiceUrl,
        HttpMethod voiceMethod,
        URI fallbackUrl,
        HttpMethod fallbackMethod) {
    public static final String API_VERSION = "2010-04-01";

    /** Twilio's parameters on every request of this call, with {@code CallStatus} as given. */
    public Map<String, String> parameters(String callStatus) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("CallSid", callSid);
        p.put("AccountSid", accountSid);
        p.put("From", from);
        p.put("To", to);
        p.put("Caller", from);
        p.put("Called", to);
        p.put("CallStatus", callStatus);
        p.put("Direction", direction);
        p.put("ApiVersion", API_VERSION);
        if (forwardedFrom != null) {
            p.put("ForwardedFrom", forwardedFrom);
        }
        return p;
    }

    @Override
    public String toString() {
        return "CallContext[" + callSid + " " + from + " -> " + to + ", voiceUrl=" + voiceUrl + "]";
    }
}
