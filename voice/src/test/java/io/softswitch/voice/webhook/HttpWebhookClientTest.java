package io.softswitch.voice.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.security.RequestValidator;
import io.softswitch.voice.twiml.HttpMethod;
import io.softswitch.voice.twiml.TwimlError;
import io.softswitch.voice.twiml.TwimlParser;
import io.softswitch.voice.twiml.TwimlResult;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP client against a real JDK HttpServer: parameters, signatures and every failure's code. */
class HttpWebhookClientTest {
    private static final String TOKEN = "auth-token-of-AC1";
    private final WebhookServer server;
    private final HttpWebhookClient client =
            new HttpWebhookClient(Duration.ofSeconds(5), Duration.ofSeconds(10), TwimlParser.DEFAULT_MAX_BYTES);
    private final CountDownLatch release = new CountDownLatch(1);

    HttpWebhookClientTest() throws Exception {
        server = new WebhookServer();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.close();
    }

    private WebhookResult send(String path, HttpMethod method) {
        return client.send(new WebhookRequest(server.url(path), method,
                Map.of("CallSid", "CA1", "From", "+14155550100", "Digits", "1#"), TOKEN)).toCompletableFuture().join();
    }

    private TwimlError error(String path) {
        TwimlResult r = TwimlFetch.toTwiml(send(path, HttpMethod.POST), server.url(path), new TwimlParser());
        assertThat(r).isInstanceOf(TwimlResult.Failed.class);
        return ((TwimlResult.Failed) r).error();
    }

    @Test
    void postCarriesFormParametersAndAValidSignature() {
        server.on("/voice", WebhookServer.twiml("<Response><Hangup/></Response>"));
        WebhookResult r = send("/voice", HttpMethod.POST);
        assertThat(r).isInstanceOf(WebhookResult.Success.class);
        WebhookServer.Seen seen = server.seen().get(0);
        assertThat(seen.method()).isEqualTo("POST");
        assertThat(seen.params()).containsEntry("Digits", "1#").containsEntry("From", "+14155550100");
        assertThat(new RequestValidator(TOKEN).validate(server.url("/voice").toString(), seen.params(), seen.signature()))
                .isTrue();
    }

    @Test
    void getCarriesParametersInTheQueryAndAValidSignature() {
        server.on("/voice", WebhookServer.twiml("<Response/>"));
        send("/voice", HttpMethod.GET);
        WebhookServer.Seen seen = server.seen().get(0);
        assertThat(seen.method()).isEqualTo("GET");
        assertThat(seen.params()).containsEntry("CallSid", "CA1");
        String full = server.url(seen.uri().toString()).toString();
        assertThat(new RequestValidator(TOKEN).validate(full, Map.of(), seen.signature())).isTrue();
    }

    @Test
    void serverErrorIs11200() {
        server.on("/voice", WebhookServer.reply(500, "text/plain", "boom"));
        assertThat(error("/voice").code()).isEqualTo(11200);
    }

    @Test
    void slowServerTimesOutWith11200() {
        server.on("/slow", exchange -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        HttpWebhookClient impatient =
                new HttpWebhookClient(Duration.ofSeconds(2), Duration.ofMillis(700), TwimlParser.DEFAULT_MAX_BYTES);
        long start = System.nanoTime();
        WebhookResult r = impatient.send(new WebhookRequest(server.url("/slow"), HttpMethod.POST, Map.of(), TOKEN))
                .toCompletableFuture().join();
        TwimlError e = ((WebhookResult.Failure) r).error();
        assertThat(e.code()).isEqualTo(11200);
        assertThat(e.message()).contains("timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void refusedConnectionIs11200() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        WebhookResult r = client.send(new WebhookRequest(URI.create("http://127.0.0.1:" + port + "/x"),
                HttpMethod.POST, Map.of(), TOKEN)).toCompletableFuture().join();
        assertThat(((WebhookResult.Failure) r).error().code()).isEqualTo(11200);
    }

    @Test
    void wrongContentTypeIs12300() {
        server.on("/voice", WebhookServer.reply(200, "application/json", "{\"say\":\"hi\"}"));
        assertThat(error("/voice").code()).isEqualTo(12300);
    }

    @Test
    void invalidXmlIs12100() {
        server.on("/voice", WebhookServer.reply(200, "text/xml; charset=utf-8", "<Response><Say>"));
        assertThat(error("/voice").code()).isEqualTo(12100);
    }

    @Test
    void oversizedBodyIs11750() {
        server.on("/voice", WebhookServer.twiml("<Response><Say>" + "x".repeat(70_000) + "</Say></Response>"));
        assertThat(error("/voice").code()).isEqualTo(11750);
    }

    @Test
    void validTwimlParses() {
        server.on("/voice", WebhookServer.reply(200, "text/xml", "<Response><Hangup/></Response>"));
        TwimlResult r = TwimlFetch.toTwiml(send("/voice", HttpMethod.POST), server.url("/voice"), new TwimlParser());
        assertThat(r).isInstanceOf(TwimlResult.Parsed.class);
    }
}
