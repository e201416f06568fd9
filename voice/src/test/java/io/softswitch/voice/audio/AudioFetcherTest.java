package io.softswitch.voice.audio;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import io.softswitch.voice.tts.PcmAudio;
import io.softswitch.voice.tts.Wav;
import io.softswitch.voice.webhook.HttpWebhookClient;
import io.softswitch.voice.webhook.WebhookServer;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** <Play> audio from a real HTTP server: decoded, cached, limited, refused when not audio we play. */
class AudioFetcherTest {
    private final ExecutorService decoder = Executors.newSingleThreadExecutor();
    private final WebhookServer server;
    private final AudioFetcher fetcher = new AudioFetcher(
            new HttpWebhookClient(Duration.ofSeconds(5), Duration.ofSeconds(10), 100_000), decoder, 10);

    AudioFetcherTest() throws IOException {
        server = new WebhookServer();
    }

    @AfterEach
    void stop() {
        server.close();
        decoder.shutdownNow();
    }

    private static short[] tone(int n) {
        short[] s = new short[n];
        for (int i = 0; i < n; i++) {
            s[i] = (short) (9000 * Math.sin(2 * Math.PI * 500 * i / 8000));
        }
        return s;
    }

    private static WebhookServer.Handler bytes(String type, byte[] body) {
        return (HttpExchange x) -> {
            x.getResponseHeaders().set("Content-Type", type);
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        };
    }

    private PlayAudio fetch(String path) {
        return fetcher.fetch(server.url(path), "tok").toCompletableFuture().join();
    }

    @Test
    void wavIsDecodedAndFetchedOnce() {
        server.on("/a.wav", bytes("audio/x-wav", Wav.write(new PcmAudio(tone(4000)))));
        PlayAudio first = fetch("/a.wav");
        PlayAudio again = fetch("/a.wav");
        assertThat(((PlayAudio.Loaded) first).audio().duration()).isEqualTo(Duration.ofMillis(500));
        assertThat(again).isSameAs(first);
        assertThat(server.seen()).hasSize(1);
        assertThat(server.seen().get(0).method()).isEqualTo("GET");
    }

    @Test
    void audioBasicIsRawMuLaw() {
        byte[] ulaw = new byte[800];
        for (int i = 0; i < ulaw.length; i++) {
            ulaw[i] = (byte) (i % 2 == 0 ? 0x80 : 0x00); // full scale, alternating sign
        }
        PlayAudio a = fetcherOf("/a.ul", "audio/basic", ulaw);
        assertThat(((PlayAudio.Loaded) a).audio().samples()).hasSize(800);
        assertThat(((PlayAudio.Loaded) a).audio().rms()).isGreaterThan(30_000);
    }

    @Test
    void mp3Is12300AndNotCached() {
        server.on("/a.mp3", bytes("audio/mpeg", new byte[] {(byte) 0xff, (byte) 0xfb, 0, 0}));
        PlayAudio a = fetch("/a.mp3");
        assertThat(((PlayAudio.Failed) a).error().code()).isEqualTo(12300);
        assertThat(fetcher.size()).isZero();
    }

    @Test
    void missingFileIs11200AndOversizedIs11750() {
        server.on("/missing.wav", WebhookServer.reply(404, "text/plain", "no"));
        assertThat(((PlayAudio.Failed) fetch("/missing.wav")).error().code()).isEqualTo(11200);
        server.on("/big.wav", bytes("audio/wav", Wav.write(new PcmAudio(new short[60_000]))));
        assertThat(((PlayAudio.Failed) fetch("/big.wav")).error().code()).isEqualTo(11750);
    }

    @Test
    void brokenWavIs12300() {
        assertThat(((PlayAudio.Failed) fetcherOf("/x.wav", "audio/wav", "RIFFjunk".getBytes())).error().code())
                .isEqualTo(12300);
    }

    private PlayAudio fetcherOf(String path, String type, byte[] body) {
        server.on(path, bytes(type, body));
        return fetch(path);
    }
}
