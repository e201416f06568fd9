package io.softswitch.core.testing;

import com.sun.net.httpserver.HttpExchange;
import com.twilio.security.RequestValidator;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What a webhook receiver was sent, checked as an application would: every request's
 * {@code X-Twilio-Signature} against Twilio's own {@link RequestValidator}. Each request is kept
 * as its form parameters, its query's too (a {@code GET} webhook's parameters), plus {@code _path}.
 */
public final class SignedRequests {
    private final RequestValidator validator;
    private final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
    private final List<String> badSignatures = new CopyOnWriteArrayList<>();

    public SignedRequests(String authToken) {
        this.validator = new RequestValidator(authToken);
    }

    /** Reads, checks and keeps the request of {@code exchange}, which arrived at {@code url}. */
    void record(HttpExchange exchange, String url) throws IOException {
        Map<String, String> params = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String signature = exchange.getRequestHeaders().getFirst("X-Twilio-Signature");
        // The signature covers the URL (query included) and the POST parameters only.
        if (signature == null || !validator.validate(url, params, signature)) {
            badSignatures.add(url);
        }
        if (exchange.getRequestURI().getRawQuery() != null) {
            params.putAll(form(exchange.getRequestURI().getRawQuery()));
        }
        params.put("_path", exchange.getRequestURI().getPath());
        requests.add(params);
    }

    /** Every request so far, in arrival order (live: tests await its size). */
    public List<Map<String, String>> all() {
        return requests;
    }

    /** The URLs of requests whose signature was missing or wrong (live). */
    public List<String> badSignatures() {
        return badSignatures;
    }

    /** Whether a request to {@code path} arrived. */
    public boolean arrived(String path) {
        return requests.stream().anyMatch(r -> path.equals(r.get("_path")));
    }

    /** The first request to {@code path}. */
    public Map<String, String> first(String path) {
        return requests.stream().filter(r -> path.equals(r.get("_path"))).findFirst()
                .orElseThrow(() -> new AssertionError("no request to " + path + " in " + requests));
    }

    public void clear() {
        requests.clear();
    }

    /** {@code application/x-www-form-urlencoded} parameters, in order. */
    static Map<String, String> form(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (!pair.isEmpty()) {
                String[] kv = pair.split("=", 2);
                out.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return out;
    }
}
