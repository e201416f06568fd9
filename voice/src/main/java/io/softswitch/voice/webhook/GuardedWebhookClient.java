package io.softswitch.voice.webhook;

import io.softswitch.voice.twiml.TwimlError;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Applies a {@link WebhookPolicy} before another client sends: a refused URL is an 11200 failure
 * saying why, without any request. The policy check (which may resolve DNS) runs on
 * {@code resolver}, never on the caller's thread.
 */
public final class GuardedWebhookClient implements WebhookClient {
    private final WebhookClient delegate;
    private final WebhookPolicy policy;
    private final Executor resolver;

    public GuardedWebhookClient(WebhookClient delegate, WebhookPolicy policy, Executor resolver) {
        this.delegate = delegate;
        this.policy = policy;
        this.resolver = resolver;
    }

    @Override
    public CompletionStage<WebhookResult> send(WebhookRequest request) {
        return CompletableFuture.supplyAsync(() -> policy.refusal(request.url()), resolver)
                .thenCompose(reason -> reason == null ? delegate.send(request)
                        : CompletableFuture.completedFuture(new WebhookResult.Failure(new TwimlError(
                                TwimlError.HTTP_RETRIEVAL_FAILURE, "webhook refused: " + reason))));
    }
}
