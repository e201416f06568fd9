package io.softswitch.voice.audio;

import io.softswitch.voice.tts.Wav;
import io.softswitch.voice.tts.WavFormatException;
import io.softswitch.voice.twiml.HttpMethod;
import io.softswitch.voice.twiml.TwimlError;
import io.softswitch.voice.webhook.WebhookClient;
import io.softswitch.voice.webhook.WebhookRequest;
import io.softswitch.voice.webhook.WebhookResult;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Fetches {@code <Play>} audio: a GET through a {@link WebhookClient} (give it a body limit suited
 * to audio, e.g. {@link #DEFAULT_MAX_BYTES}), decoded on {@code decoder} (never the caller's
 * thread) to 8 kHz PCM, and cached by URL (LRU, {@code maxEntries}; failures are not cached).
 *
 * <p>Formats: {@code audio/wav} (also {@code audio/x-wav}, {@code audio/wave}, {@code
 * audio/vnd.wave}) holding PCM 8/16-bit or G.711, and {@code audio/basic} (raw 8 kHz mu-law).
 * Anything else, MP3 included, is 12300 on the call; a failed fetch is its 11200/11750.
 * Thread-safe.
 */
public final class AudioFetcher {
    /** About 17 minutes of 8 kHz 16-bit mono, or an hour of 8 kHz G.711. */
    public static final int DEFAULT_MAX_BYTES = 16 * 1024 * 1024;
    public static final int DEFAULT_MAX_ENTRIES = 200;

    private final WebhookClient http;
    private final Executor decoder;
    private final Map<URI, CompletableFuture<PlayAudio>> cache;

    public AudioFetcher(WebhookClient http, Executor decoder, int maxEntries) {
        this.http = http;
        this.decoder = decoder;
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<URI, CompletableFuture<PlayAudio>> eldest) {
                return size() > maxEntries;
            }
        };
    }

    public CompletionStage<PlayAudio> fetch(URI url, String authToken) {
        CompletableFuture<PlayAudio> f;
        synchronized (cache) {
            f = cache.get(url);
            if (f != null) {
                return f;
            }
            f = new CompletableFuture<>();
            cache.put(url, f);
        }
        CompletableFuture<PlayAudio> result = f;
        http.send(new WebhookRequest(url, HttpMethod.GET, Map.of(), authToken))
                .thenApplyAsync(r -> decode(url, r), decoder)
                .whenComplete((audio, error) -> {
                    PlayAudio value = audio != null ? audio : new PlayAudio.Failed(new TwimlError(
                            TwimlError.HTTP_RETRIEVAL_FAILURE, "fetching " + url + ": " + error));
                    if (value instanceof PlayAudio.Failed) {
                        synchronized (cache) {
                            cache.remove(url, result);
                        }
                    }
                    result.complete(value);
                });
        return result;
    }

    static PlayAudio decode(URI url, WebhookResult result) {
        if (result instanceof WebhookResult.Failure f) {
            return new PlayAudio.Failed(f.error());
        }
        WebhookResult.Success s = (WebhookResult.Success) result;
        String type = s.contentType().toLowerCase(Locale.ROOT);
        int semi = type.indexOf(';');
        String mime = (semi < 0 ? type : type.substring(0, semi)).strip();
        try {
            switch (mime) {
                case "audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave":
                    return new PlayAudio.Loaded(Wav.read(s.body()));
                case "audio/basic":
                    return new PlayAudio.Loaded(Wav.muLaw8k(s.body()));
                default:
                    return new PlayAudio.Failed(new TwimlError(TwimlError.INVALID_CONTENT_TYPE,
                            "<Play> " + url + ": Content-Type '" + s.contentType()
                                    + "' is not supported (expected: audio/wav or audio/basic)"));
            }
        } catch (WavFormatException e) {
            return new PlayAudio.Failed(new TwimlError(TwimlError.INVALID_CONTENT_TYPE, "<Play> " + url + ": " + e.getMessage()));
        }
    }

    /** Audio already fetched, for tests and metrics. */
    public int size() {
        synchronized (cache) {
            return cache.size();
        }
    }
}
