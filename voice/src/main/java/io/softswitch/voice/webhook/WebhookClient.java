package io.softswitch.voice.webhook;

import java.util.concurrent.CompletionStage;

/**
 * Sends webhook requests. Implementations never block the caller and never complete exceptionally:
 * failures are {@link WebhookResult.Failure}s with Twilio's codes.
 */
public interface WebhookClient {
    CompletionStage<WebhookResult> send(WebhookRequest request);
}
