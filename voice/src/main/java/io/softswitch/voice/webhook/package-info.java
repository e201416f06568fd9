/** Webhooks as Twilio sends them: form parameters, the X-Twilio-Signature signer, an HTTP client, status callbacks. */
package io.softswitch.voice.webhook;
