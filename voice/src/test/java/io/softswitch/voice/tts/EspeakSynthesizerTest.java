package io.softswitch.voice.tts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The real espeak-ng (scripts/test installs it): speech comes out as audible 8 kHz audio, cached. */
class EspeakSynthesizerTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void speechIsAudible8kHzAudioOfPlausibleLength() {
        EspeakSynthesizer tts = new EspeakSynthesizer("espeak-ng", pool);
        tts.check();
        PcmAudio audio = tts.synthesize("Press one for sales, two for support.", "woman", "en-US")
                .toCompletableFuture().join();
        assertThat(audio.duration()).isBetween(Duration.ofMillis(1500), Duration.ofSeconds(6));
        assertThat(audio.rms()).isGreaterThan(300);
    }

    @Test
    void textStartingWithADashIsSpokenNotAnOption() {
        PcmAudio audio = new EspeakSynthesizer("espeak-ng", pool).synthesize("--help me", "man", "en-US")
                .toCompletableFuture().join();
        assertThat(audio.rms()).isGreaterThan(300);
    }

    @Test
    void missingEngineIsAClearError() {
        EspeakSynthesizer tts = new EspeakSynthesizer("espeak-ng-not-installed", pool);
        assertThatThrownBy(tts::check).isInstanceOf(TtsException.class).hasMessageContaining("install the Debian package espeak-ng");
        assertThatThrownBy(() -> tts.synthesize("hi", "man", "en-US").toCompletableFuture().join())
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(TtsException.class);
    }

    @Test
    void twimlVoicesMapToEspeakVoices() {
        assertThat(EspeakSynthesizer.espeakVoice("man", "en-US")).isEqualTo("en-us");
        assertThat(EspeakSynthesizer.espeakVoice("alice", "fr-FR")).isEqualTo("fr-fr+f3");
        assertThat(EspeakSynthesizer.espeakVoice("man", "; rm -rf /")).isEqualTo("en-us");
    }

    @Test
    void cacheSynthesizesEachTextAndVoiceOnce() {
        AtomicInteger runs = new AtomicInteger();
        EspeakSynthesizer engine = new EspeakSynthesizer("espeak-ng", pool);
        CachingSynthesizer cache = new CachingSynthesizer((t, v, l) -> {
            runs.incrementAndGet();
            return engine.synthesize(t, v, l);
        }, 2);
        PcmAudio first = cache.synthesize("Hello", "man", "en-US").toCompletableFuture().join();
        PcmAudio again = cache.synthesize("Hello", "man", "en-US").toCompletableFuture().join();
        cache.synthesize("Hello", "woman", "en-US").toCompletableFuture().join();
        assertThat(again).isSameAs(first);
        assertThat(runs).hasValue(2);
        cache.synthesize("Bye", "man", "en-US").toCompletableFuture().join();
        assertThat(cache.size()).isEqualTo(2);
    }
}
