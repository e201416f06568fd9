package io.softswitch.voice.webhook;

import io.softswitch.voice.twiml.HttpMethod;
import io.softswitch.voice.twiml.TwimlError;
import io.softswitch.voice.twiml.TwimlParser;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link WebhookClient} over {@code java.net.http} with Twilio's limits: connect timeout 10 s, whole
 * response 15 s, body at most {@link TwimlParser#DEFAULT_MAX_BYTES}. Failures map to 11200 (connect
 * error, timeout, non-2xx status) and 11750 (body too large). Asynchronous: no thread waits per
 * request. Thread-safe.
 */
public final class HttpWebhookClient implements WebhookClient {
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(15);
    static final String USER_AGENT = "TwilioProxy/1.1 (softswitch)";

    private final HttpClient http;
    private final Duration responseTimeout;
    private final int maxBodyBytes;

    public HttpWebhookClient() {
        this(CONNECT_TIMEOUT, RESPONSE_TIMEOUT, TwimlParser.DEFAULT_MAX_BYTES);
    }

    public HttpWebhookClient(Duration connectTimeout, Duration responseTimeout, int maxBodyBytes) {
        this.http = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        this.responseTimeout = responseTimeout;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public CompletionStage<WebhookResult> send(WebhookRequest request) {
        HttpRequest.Builder b = HttpRequest.newBuilder(request.effectiveUrl())
                .timeout(responseTimeout)
                .header("User-Agent", USER_AGENT)
                .header("Accept", "text/xml, application/xml, */*")
                .header(WebhookSigner.HEADER, request.signature());
        if (request.method() == HttpMethod.POST) {
            b.header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(request.formEncoded()));
        } else {
            b.GET();
        }
        CompletableFuture<WebhookResult> result;
        try {
            result = http.sendAsync(b.build(), info -> new LimitedBody(maxBodyBytes))
                    .thenApply(HttpWebhookClient::toResult);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(failure("invalid URL " + request.url() + ": " + e.getMessage()));
        }
        return result
                .orTimeout(responseTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionally(t -> describe(request, t));
    }

    private static WebhookResult toResult(HttpResponse<byte[]> r) {
        if (r.body() == null) {
            return new WebhookResult.Failure(new TwimlError(TwimlError.RESPONSE_TOO_LARGE, "response body over the limit"));
        }
        if (r.statusCode() / 100 != 2) {
            return failure("HTTP " + r.statusCode() + " from " + r.uri());
        }
        return new WebhookResult.Success(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    }

    private static WebhookResult describe(WebhookRequest request, Throwable t) {
        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        String what = cause instanceof HttpConnectTimeoutException ? "connect timeout"
                : cause instanceof HttpTimeoutException || cause instanceof TimeoutException ? "response timeout"
                : cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        return failure(what + " for " + request.method() + " " + request.url());
    }

    private static WebhookResult failure(String message) {
        return new WebhookResult.Failure(new TwimlError(TwimlError.HTTP_RETRIEVAL_FAILURE, message));
    }
}
