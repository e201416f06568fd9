/**
 * The TwiML interpreter: a call's verbs run as an event-driven state machine over small ports
 * ({@link io.softswitch.voice.call.CallMedia}, {@link io.softswitch.voice.call.VoiceTimer},
 * {@link io.softswitch.voice.webhook.WebhookClient}); no thread is held per call.
 */
package io.softswitch.voice.call;
