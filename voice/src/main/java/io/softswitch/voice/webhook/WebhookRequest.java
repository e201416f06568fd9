package io.softswitch.voice.webhook;

import io.softswitch.voice.twiml.HttpMethod;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One webhook request: a POST with the parameters as an {@code application/x-www-form-urlencoded}
 * body, or a GET with them appended to the URL's query, signed with the owning account's auth token.
 */
public record WebhookRequest(URI url, HttpMethod method, Map<String, String> params, String authToken) {

    public WebhookRequest {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        method = method == null ? HttpMethod.POST : method;
    }

    /** The URL requested: for a GET, with the parameters added to its query. */
    public URI effectiveUrl() {
        if (method == HttpMethod.POST || params.isEmpty()) {
            return url;
        }
        String s = url.toString();
        int hash = s.indexOf('#');
        String fragmentless = hash < 0 ? s : s.substring(0, hash);
        return URI.create(fragmentless + (url.getRawQuery() == null ? "?" : "&") + formEncoded());
    }

    /** The form body (POST) or query addition (GET). */
    public String formEncoded() {
        return params.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    /** The X-Twilio-Signature value for this request. */
    public String signature() {
        return WebhookSigner.sign(authToken, effectiveUrl().toString(), method == HttpMethod.POST ? params : Map.of());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "WebhookRequest[" + method + " " + url + ", params=" + params.keySet() + "]";
    }
}
