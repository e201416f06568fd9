package io.softswitch.voice.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.voice.twiml.HttpMethod;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** The operator's webhook restrictions: allow-list, never the switch's own listeners. */
class WebhookPolicyTest {

    @Test
    void emptyAllowListAllowsAnyHttpHost() {
        assertThat(WebhookPolicy.ALLOW_ALL.refusal(URI.create("https://app.example.com/voice"))).isNull();
        assertThat(WebhookPolicy.ALLOW_ALL.refusal(URI.create("ftp://app.example.com/voice"))).contains("scheme");
    }

    @Test
    void allowListAdmitsNamedHostsAndWildcardSubdomainsOnly() {
        WebhookPolicy p = new WebhookPolicy(Set.of("hooks.example.com", "*.customer.net"), Set.of());
        assertThat(p.refusal(URI.create("https://HOOKS.example.com/x"))).isNull();
        assertThat(p.refusal(URI.create("https://ivr.customer.net/x"))).isNull();
        assertThat(p.refusal(URI.create("https://customer.net.evil.com/x"))).contains("allow-list");
        assertThat(p.refusal(URI.create("https://example.com/x"))).contains("allow-list");
    }

    @Test
    void theSwitchsOwnListenerOnLoopbackIsRefused() {
        WebhookPolicy p = new WebhookPolicy(Set.of(), Set.of(8080));
        assertThat(p.refusal(URI.create("http://127.0.0.1:8080/2010-04-01/Accounts.json"))).contains("own listener");
        assertThat(p.refusal(URI.create("http://localhost:8080/x"))).contains("own listener");
        assertThat(p.refusal(URI.create("http://[::1]:8080/x"))).contains("own listener");
        assertThat(p.refusal(URI.create("http://0.0.0.0:8080/x"))).contains("own listener");
        assertThat(p.refusal(URI.create("http://127.0.0.1:9090/x"))).isNull();
    }

    @Test
    void guardedClientRefusesWithoutARequestAndPassesAllowedOnes() throws Exception {
        ExecutorService resolver = Executors.newSingleThreadExecutor();
        try (WebhookServer server = new WebhookServer()) {
            server.on("/voice", WebhookServer.twiml("<Response/>"));
            int own = server.url("/").getPort();
            WebhookClient guarded = new GuardedWebhookClient(new HttpWebhookClient(),
                    new WebhookPolicy(Set.of(), Set.of(own)), resolver);
            WebhookResult refused = guarded.send(new WebhookRequest(server.url("/voice"), HttpMethod.POST, Map.of(), "t"))
                    .toCompletableFuture().join();
            assertThat(((WebhookResult.Failure) refused).error().code()).isEqualTo(11200);
            assertThat(((WebhookResult.Failure) refused).error().message()).contains("own listener");
            assertThat(server.seen()).isEmpty();

            WebhookClient open = new GuardedWebhookClient(new HttpWebhookClient(), WebhookPolicy.ALLOW_ALL, resolver);
            assertThat(open.send(new WebhookRequest(server.url("/voice"), HttpMethod.POST, Map.of(), "t"))
                    .toCompletableFuture().join()).isInstanceOf(WebhookResult.Success.class);
        } finally {
            resolver.shutdownNow();
        }
    }
}
