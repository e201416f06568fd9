package io.softswitch.core.call;

import java.net.URI;
import java.util.Objects;

/**
 * Where a live call's next TwiML comes from when the API redirects it: a URL fetched with
 * {@code method} ({@code Url}/{@code Method}), or a document given inline ({@code Twiml}).
 * Exactly one of {@code url} and {@code twiml} is set.
 */
public record TwimlSource(URI url, String method, String twiml) {
    public TwimlSource {
        if ((url == null) == (twiml == null)) {
            throw new IllegalArgumentException("url: " + url + ", twiml: " + twiml + " (expected: exactly one)");
        }
        method = Objects.requireNonNullElse(method, "POST");
    }

    public static TwimlSource url(URI url, String method) {
        return new TwimlSource(Objects.requireNonNull(url, "url"), method, null);
    }

    public static TwimlSource inline(String twiml) {
        return new TwimlSource(null, null, Objects.requireNonNull(twiml, "twiml"));
    }
}
