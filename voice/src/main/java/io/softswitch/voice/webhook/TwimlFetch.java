package io.softswitch.voice.webhook;

import io.softswitch.voice.twiml.TwimlError;
import io.softswitch.voice.twiml.TwimlParser;
import io.softswitch.voice.twiml.TwimlResult;
import java.net.URI;
import java.util.Locale;

/**
 * Turns a webhook result into TwiML: a failure stays a failure (11200/11750); a body whose
 * Content-Type is not XML ({@code text/xml}, {@code application/xml}) or {@code text/html} (which
 * Twilio also parses) is 12300; the rest goes to the parser (12100 when it is not TwiML).
 */
public final class TwimlFetch {
    private TwimlFetch() {}

    public static TwimlResult toTwiml(WebhookResult result, URI documentUrl, TwimlParser parser) {
        if (result instanceof WebhookResult.Failure f) {
            return new TwimlResult.Failed(f.error());
        }
        WebhookResult.Success s = (WebhookResult.Success) result;
        String type = s.contentType().toLowerCase(Locale.ROOT);
        int semi = type.indexOf(';');
        String mime = (semi < 0 ? type : type.substring(0, semi)).strip();
        if (!mime.equals("text/xml") && !mime.equals("application/xml") && !mime.equals("text/html")) {
            return new TwimlResult.Failed(new TwimlError(TwimlError.INVALID_CONTENT_TYPE,
                    "Content-Type '" + s.contentType() + "' is not TwiML (expected text/xml or application/xml)"));
        }
        return parser.parse(s.body(), documentUrl);
    }
}
