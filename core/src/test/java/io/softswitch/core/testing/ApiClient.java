package io.softswitch.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** A plain HTTP client for the REST API: Basic auth, form POSTs, JSON answers. */
public final class ApiClient {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final String auth;

    public ApiClient(int port, String user, String token) {
        this.base = "http://127.0.0.1:" + port;
        this.auth = user == null ? null
                : "Basic " + Base64.getEncoder().encodeToString((user + ":" + token).getBytes(StandardCharsets.UTF_8));
    }

    public ApiClient as(String user, String token) {
        return new ApiClient(Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)), user, token);
    }

    /** Status, raw body and parsed JSON (null when the body is not JSON). */
    public record Reply(int status, String body, JsonNode json) {
        public String text(String field) {
            JsonNode n = json.get(field);
            return n == null || n.isNull() ? null : n.asText();
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    public Reply get(String path) {
        return send(builder(path).GET());
    }

    public Reply delete(String path) {
        return send(builder(path).DELETE());
    }

    /** POSTs {@code name, value, name, value...} form-encoded. */
    public Reply post(String path, String... params) {
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < params.length; i += 2) {
            pairs.add(URLEncoder.encode(params[i], StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8));
        }
        return send(builder(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(String.join("&", pairs))));
    }

    private HttpRequest.Builder builder(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base + path));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        return b;
    }

    private static Reply send(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            try {
                json = r.body().isEmpty() ? null : JSON.readTree(r.body());
            } catch (IOException e) {
                // not JSON (CSV)
            }
            return new Reply(r.statusCode(), r.body(), json);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
