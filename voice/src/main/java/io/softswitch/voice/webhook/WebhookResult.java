package io.softswitch.voice.webhook;

import io.softswitch.voice.twiml.TwimlError;

/** What a webhook request gave: a 2xx response with its body, or a failure with Twilio's code. */
public sealed interface WebhookResult {

    record Success(int status, String contentType, byte[] body) implements WebhookResult {}

    record Failure(TwimlError error) implements WebhookResult {}
}
