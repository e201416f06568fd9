package io.softswitch.core.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Hangup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * An application's web server on loopback, as the switch's webhooks reach it: it keeps every
 * request ({@link SignedRequests}, signatures checked) and answers by path. Either a TwiML server
 * ({@link #twiml}: a path's document, else {@code <Response><Hangup/></Response>}) or a callback
 * receiver ({@link #callbacks}: {@code 204} to everything).
 */
public final class WebhookServer implements AutoCloseable {
    private static final String HANGUP =
            new VoiceResponse.Builder().hangup(new Hangup.Builder().build()).build().toXml();
    private static final Reply NO_CONTENT = new Reply(204, null, null);

    private final HttpServer http;
    private final SignedRequests requests;
    private final Reply fallback;
    private final Map<String, Reply> replies = new ConcurrentHashMap<>();
    /** Status and content type that replace a path's own (its body stays). */
    private final Map<String, Reply> answers = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> holds = new ConcurrentHashMap<>();

    /** What a path answers; a null {@code body} sends no body. */
    private record Reply(int status, String contentType, Supplier<byte[]> body) {
    }

    private WebhookServer(String authToken, Reply fallback) throws IOException {
        this.requests = new SignedRequests(authToken);
        this.fallback = fallback;
        this.http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/", this::handle);
        http.start();
    }

    /** Serves TwiML documents, signed for {@code authToken}'s account; a path with none answers {@code <Hangup/>}. */
    public static WebhookServer twiml(String authToken) throws IOException {
        return new WebhookServer(authToken, xml(200, () -> HANGUP));
    }

    /** Receives status callbacks, signed for {@code authToken}'s account, and answers {@code 204}. */
    public static WebhookServer callbacks(String authToken) throws IOException {
        return new WebhookServer(authToken, NO_CONTENT);
    }

    private static Reply xml(int status, Supplier<String> document) {
        return new Reply(status, "text/xml", () -> document.get().getBytes(StandardCharsets.UTF_8));
    }

    /** {@code http://127.0.0.1:<port>}, to which webhook paths are appended. */
    public String base() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    public SignedRequests requests() {
        return requests;
    }

    /** {@code path} answers {@code 200 text/xml} with the document {@code twiml} gives at the time of the request. */
    public void document(String path, Supplier<String> twiml) {
        replies.put(path, xml(200, twiml));
    }

    public void document(String path, String twiml) {
        document(path, () -> twiml);
    }

    /** {@code path} answers {@code status} and {@code contentType}, with its document (or the default one) as body. */
    public void answer(String path, int status, String contentType) {
        answers.put(path, new Reply(status, contentType, null));
    }

    /** {@code path} answers {@code 200} with {@code body} of {@code contentType} (media a verb fetches). */
    public void file(String path, String contentType, byte[] body) {
        replies.put(path, new Reply(200, contentType, () -> body));
    }

    /** Requests to {@code path} wait for {@code release} (at most 15 s) before their answer; closing releases them. */
    public void hold(String path, CountDownLatch release) {
        holds.put(path, release);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requests.record(exchange, base() + exchange.getRequestURI());
        CountDownLatch hold = holds.get(path);
        if (hold != null) {
            try {
                hold.await(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Reply reply = replies.getOrDefault(path, fallback);
        Reply answer = answers.get(path);
        if (answer != null) {
            Supplier<byte[]> body = reply.body() == null ? () -> new byte[0] : reply.body();
            reply = new Reply(answer.status(), answer.contentType(), body);
        }
        if (reply.body() == null) {
            exchange.sendResponseHeaders(reply.status(), -1);
        } else {
            byte[] body = reply.body().get();
            exchange.getResponseHeaders().set("Content-Type", reply.contentType());
            exchange.sendResponseHeaders(reply.status(), body.length);
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    @Override
    public void close() {
        holds.values().forEach(CountDownLatch::countDown);
        http.stop(0);
    }
}
