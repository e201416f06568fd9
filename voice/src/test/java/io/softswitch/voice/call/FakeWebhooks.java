package io.softswitch.voice.call;

import io.softswitch.voice.twiml.TwimlError;
import io.softswitch.voice.webhook.WebhookClient;
import io.softswitch.voice.webhook.WebhookRequest;
import io.softswitch.voice.webhook.WebhookResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Answers webhook requests by URL path with canned TwiML (or a failure); records every request. */
final class FakeWebhooks implements WebhookClient {
    final List<WebhookRequest> requests = new CopyOnWriteArrayList<>();
    private final Map<String, WebhookResult> answers = new ConcurrentHashMap<>();

    FakeWebhooks twiml(String path, String xml) {
        answers.put(path, new WebhookResult.Success(200, "text/xml", xml.getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    FakeWebhooks answer(String path, WebhookResult result) {
        answers.put(path, result);
        return this;
    }

    @Override
    public CompletionStage<WebhookResult> send(WebhookRequest request) {
        requests.add(request);
        WebhookResult r = answers.get(request.url().getPath());
        return CompletableFuture.completedFuture(r != null ? r
                : new WebhookResult.Failure(new TwimlError(TwimlError.HTTP_RETRIEVAL_FAILURE, "HTTP 404")));
    }

    WebhookRequest last() {
        return requests.get(requests.size() - 1);
    }

    Map<String, String> lastParams() {
        return last().params();
    }
}
