package io.softswitch.voice.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.softswitch.voice.twiml.HttpMethod;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Status callbacks go through a bounded queue with their own threads. */
class StatusCallbacksTest {

    @Test
    void callbacksAreDeliveredWithTheirParameters() throws Exception {
        try (WebhookServer server = new WebhookServer();
                StatusCallbacks callbacks = new StatusCallbacks(new HttpWebhookClient(), 10, 1)) {
            server.on("/status", WebhookServer.reply(204, "text/plain", ""));
            callbacks.offer(new WebhookRequest(server.url("/status"), HttpMethod.POST,
                    Map.of("CallStatus", "completed", "SequenceNumber", "3"), "t"));
            await().atMost(Duration.ofSeconds(5)).until(() -> callbacks.delivered() == 1);
            assertThat(server.seen().get(0).params()).containsEntry("CallStatus", "completed");
        }
    }

    @Test
    void deadServerNeverDelaysTheCallerAndDropsPastTheBound() throws Exception {
        // A socket that accepts connections into its backlog but never answers: each request hangs.
        try (ServerSocket dead = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                StatusCallbacks callbacks = new StatusCallbacks(
                        new HttpWebhookClient(Duration.ofSeconds(10), Duration.ofSeconds(15), 65536), 100, 1)) {
            URI url = URI.create("http://127.0.0.1:" + dead.getLocalPort() + "/status");
            long start = System.nanoTime();
            int accepted = 0;
            for (int i = 0; i < 10_000; i++) {
                if (callbacks.offer(new WebhookRequest(url, HttpMethod.POST, Map.of("CallStatus", "ringing"), "t"))) {
                    accepted++;
                }
            }
            Duration spent = Duration.ofNanos(System.nanoTime() - start);
            assertThat(spent).isLessThan(Duration.ofSeconds(1));
            assertThat(accepted).isBetween(100, 101);
            assertThat(callbacks.dropped()).isEqualTo(10_000 - accepted);
            assertThat(callbacks.queued()).isLessThanOrEqualTo(100);
        }
    }
}
