package io.softswitch.voice.call;

import io.softswitch.voice.twiml.TwimlError;
import io.softswitch.voice.webhook.WebhookRequest;

/**
 * What the interpreter reports about a call, on the call's executor. Core records notifications on
 * the call (error code and message), counts {@code webhook_requests_total{outcome}}, and queues
 * asynchronous callbacks on {@link io.softswitch.voice.webhook.StatusCallbacks}.
 */
public interface CallEvents {
    CallEvents NONE = new CallEvents() {};

    /** A webhook request was answered ({@code error == null}) or failed. */
    default void webhook(WebhookRequest request, TwimlError error) {}

    /** An error or warning to record on the call (Twilio's Notifications). */
    default void notification(TwimlError error) {}

    /** A fire-and-forget callback (e.g. {@code recordingStatusCallback}) to send off the call path. */
    default void asyncCallback(WebhookRequest request) {}

    /** The interpreter is done with the call (hung up, rejected, or the caller left). */
    default void ended() {}
}
