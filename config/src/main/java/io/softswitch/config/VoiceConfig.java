package io.softswitch.config;

import java.util.List;

/**
 * Programmable voice ({@code voice:}, issue 18): numbers answered by TwiML applications.
 *
 * @param webhookAllowedHosts the only hosts webhooks and {@code <Play>} URLs may reach ({@code *.example.com}
 *                            for subdomains); empty = any host (the switch's own listeners on
 *                            loopback are always refused)
 * @param espeakBinary        the {@code espeak-ng} executable for {@code <Say>}
 * @param ttsThreads          processes synthesizing at once
 * @param ttsCacheEntries     synthesized phrases kept (LRU)
 * @param audioCacheEntries   {@code <Play>} files kept decoded (LRU)
 * @param callbackQueue       status callbacks waiting to be sent at most (then dropped and counted)
 */
public record VoiceConfig(List<String> webhookAllowedHosts, String espeakBinary, int ttsThreads, int ttsCacheEntries,
        int audioCacheEntries, int callbackQueue) {
    public static final VoiceConfig DEFAULT = new VoiceConfig(List.of(), "espeak-ng", 2, 1000, 200, 10_000);

    public VoiceConfig {
        webhookAllowedHosts = List.copyOf(webhookAllowedHosts);
    }
}
