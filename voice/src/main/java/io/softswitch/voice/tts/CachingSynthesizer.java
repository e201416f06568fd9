package io.softswitch.voice.tts;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Caches another synthesizer's audio by (text, voice, language), least recently used first out
 * past {@code maxEntries}. Concurrent requests for the same key share one synthesis; failures are
 * not cached. Thread-safe.
 */
public final class CachingSynthesizer implements SpeechSynthesizer {
    public static final int DEFAULT_MAX_ENTRIES = 1000;

    private record Key(String text, String voice, String language) {}

    private final SpeechSynthesizer delegate;
    private final Map<Key, CompletableFuture<PcmAudio>> cache;

    public CachingSynthesizer(SpeechSynthesizer delegate, int maxEntries) {
        this.delegate = delegate;
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, CompletableFuture<PcmAudio>> eldest) {
                return size() > maxEntries;
            }
        };
    }

    @Override
    public CompletionStage<PcmAudio> synthesize(String text, String voice, String language) {
        Key key = new Key(text, voice, language);
        CompletableFuture<PcmAudio> f;
        synchronized (cache) {
            f = cache.get(key);
            if (f != null) {
                return f;
            }
            f = new CompletableFuture<>();
            cache.put(key, f);
        }
        CompletableFuture<PcmAudio> result = f;
        delegate.synthesize(text, voice, language).whenComplete((audio, error) -> {
            if (error != null) {
                synchronized (cache) {
                    cache.remove(key, result);
                }
                result.completeExceptionally(error);
            } else {
                result.complete(audio);
            }
        });
        return result;
    }

    public int size() {
        synchronized (cache) {
            return cache.size();
        }
    }
}
