package io.softswitch.config.provisioning;

import java.util.Objects;

/**
 * A number's programmable-voice webhooks (Twilio's IncomingPhoneNumber fields): without a trunk, a
 * call to the number is answered by the TwiML fetched from {@code url}.
 *
 * @param url                  VoiceUrl, http(s)
 * @param method               VoiceMethod, {@code GET} or {@code POST}
 * @param fallbackUrl          VoiceFallbackUrl, or null
 * @param fallbackMethod       VoiceFallbackMethod
 * @param statusCallback       StatusCallback, or null
 * @param statusCallbackMethod StatusCallbackMethod
 */
public record VoiceWebhooks(String url, String method, String fallbackUrl, String fallbackMethod,
        String statusCallback, String statusCallbackMethod) {
    public VoiceWebhooks {
        Objects.requireNonNull(url, "url");
        method = method == null ? "POST" : method;
        fallbackMethod = fallbackMethod == null ? "POST" : fallbackMethod;
        statusCallbackMethod = statusCallbackMethod == null ? "POST" : statusCallbackMethod;
    }

    /** The webhooks of a number whose VoiceUrl is {@code url}, or null when it has none. */
    public static VoiceWebhooks of(String url, String method, String fallbackUrl, String fallbackMethod,
            String statusCallback, String statusCallbackMethod) {
        return url == null ? null
                : new VoiceWebhooks(url, method, fallbackUrl, fallbackMethod, statusCallback, statusCallbackMethod);
    }
}
