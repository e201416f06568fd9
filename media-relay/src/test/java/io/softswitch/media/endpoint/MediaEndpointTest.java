package io.softswitch.media.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.softswitch.media.testing.RtpPeer;
import java.io.ByteArrayInputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The endpoint over real UDP sockets on loopback: what it sends is decoded, what it hears is asserted. */
class MediaEndpointTest {
    private static final int TELEPHONE_EVENT = 101;
    private final MediaEndpoints endpoints = new MediaEndpoints(InetAddress.getLoopbackAddress());
    private final RtpPeer phone = new RtpPeer();
    private final List<Character> heard = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        phone.close();
        endpoints.close();
    }

    private MediaEndpoint open(Codec codec) throws Exception {
        MediaEndpoint e = endpoints.open(codec, TELEPHONE_EVENT, new EndpointListener() {
            @Override
            public void digit(char digit) {
                heard.add(digit);
            }
        });
        e.remote(phone.address());
        return e;
    }

    static short[] tone(int hz, int samples) {
        short[] s = new short[samples];
        for (int i = 0; i < samples; i++) {
            s[i] = (short) (10_000 * Math.sin(2 * Math.PI * hz * i / 8000));
        }
        return s;
    }

    private static double rms(short[] s) {
        double sum = 0;
        for (short v : s) {
            sum += (double) v * v;
        }
        return Math.sqrt(sum / Math.max(1, s.length));
    }

    private void playsOneSecondAsPacedFrames(Codec codec) throws Exception {
        MediaEndpoint e = open(codec);
        CountDownLatch done = new CountDownLatch(1);
        long start = System.nanoTime();
        e.play(tone(440, 8000), done::countDown);
        List<RtpPeer.Received> packets = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            packets.add(phone.receive());
        }
        // The clock runs at a fixed rate: a late tick is caught up, never skipped, so the 50th
        // frame leaves 49 intervals after the tick that took the first one, whose scheduled time
        // is at most one interval before play() (it may have run late, after play() was posted).
        long spanMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(done.await(2, TimeUnit.SECONDS)).isTrue();
        short[] decoded = new short[50 * 160];
        for (int i = 0; i < 50; i++) {
            ByteBuffer p = ByteBuffer.wrap(packets.get(i).data());
            assertThat(p.remaining()).isEqualTo(12 + 160);
            assertThat(p.get(1) & 0x7f).isEqualTo(codec.payloadType());
            assertThat((p.get(1) & 0x80) != 0).as("marker on the first packet only").isEqualTo(i == 0);
            assertThat(packets.get(i).sequence()).isEqualTo((packets.get(0).sequence() + i) & 0xffff);
            if (i > 0) {
                long ts = Integer.toUnsignedLong(p.getInt(4));
                long prev = Integer.toUnsignedLong(ByteBuffer.wrap(packets.get(i - 1).data()).getInt(4));
                assertThat((ts - prev) & 0xffffffffL).isEqualTo(160);
            }
            for (int j = 0; j < 160; j++) {
                decoded[i * 160 + j] = codec.decode(p.get(12 + j));
            }
        }
        assertThat(rms(decoded)).isBetween(6000.0, 8000.0);
        assertThat(spanMillis).as("1 s of audio in 20 ms frames").isBetween(950L, 2500L);
    }

    @Test
    void playedAudioArrivesAsPacedPcmuFramesThatDecodeToTheTone() throws Exception {
        playsOneSecondAsPacedFrames(Codec.PCMU);
    }

    @Test
    void playedAudioArrivesAsPcmaWhenThatWasNegotiated() throws Exception {
        playsOneSecondAsPacedFrames(Codec.PCMA);
    }

    @Test
    void digitsFromThePhoneAreHeardOnceEach() throws Exception {
        MediaEndpoint e = open(Codec.PCMU);
        int port = e.localAddress().getPort();
        int seq = 1000;
        long ts = 50_000;
        for (char digit : new char[] {'1', '#'}) {
            int event = digit == '#' ? 11 : 1;
            for (int i = 1; i <= 3; i++) {
                phone.send(event(seq++, ts, event, false, i * 160), port);
            }
            for (int i = 0; i < 3; i++) {
                phone.send(event(seq++, ts, event, true, 640), port);
            }
            ts += 2000;
        }
        await().atMost(Duration.ofSeconds(2)).until(() -> heard.size() == 2);
        assertThat(heard).containsExactly('1', '#');
    }

    @Test
    void digitsAreSentAsRfc4733Events() throws Exception {
        MediaEndpoint e = open(Codec.PCMU);
        CountDownLatch done = new CountDownLatch(1);
        e.sendDigits("7*", done::countDown);
        StringBuilder digits = new StringBuilder();
        int ends = 0;
        long eventTs = -1;
        while (digits.length() < 2) {
            ByteBuffer p = ByteBuffer.wrap(phone.receive().data());
            assertThat(p.get(1) & 0x7f).isEqualTo(TELEPHONE_EVENT);
            int event = p.get(12);
            boolean end = (p.get(13) & 0x80) != 0;
            long ts = Integer.toUnsignedLong(p.getInt(4));
            if (ts != eventTs) {
                assertThat((p.get(1) & 0x80) != 0).as("marker on an event's first packet").isTrue();
                eventTs = ts;
                ends = 0;
            }
            if (end && ++ends == 1) {
                digits.append(event == 10 ? '*' : (char) ('0' + event));
                assertThat(p.getShort(14)).isEqualTo((short) 800);
            }
        }
        assertThat(digits.toString()).isEqualTo("7*");
        assertThat(done.await(2, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void recordingCapturesTheCallersAudioAsWav() throws Exception {
        MediaEndpoint e = open(Codec.PCMU);
        e.startRecording(Duration.ofSeconds(60)).toCompletableFuture().get(2, TimeUnit.SECONDS);
        short[] voice = tone(300, 8000);
        int port = e.localAddress().getPort();
        for (int f = 0; f < 50; f++) {
            ByteBuffer p = ByteBuffer.allocate(172).put((byte) 0x80).put((byte) 0).putShort((short) f).putInt(f * 160).putInt(42);
            for (int j = 0; j < 160; j++) {
                p.put(Codec.PCMU.encode(voice[f * 160 + j]));
            }
            phone.send(p.array(), port);
        }
        phone.send(event(1, 0, 5, true, 160), port); // not recorded; once heard, every frame before it was read
        await().atMost(Duration.ofSeconds(2)).until(() -> heard.size() == 1);
        byte[] wav = e.stopRecording().toCompletableFuture().get(2, TimeUnit.SECONDS);
        AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(wav));
        assertThat(in.getFormat().getSampleRate()).isEqualTo(8000f);
        assertThat(in.getFormat().getSampleSizeInBits()).isEqualTo(16);
        assertThat(in.getFrameLength()).isEqualTo(8000);
        byte[] pcm = in.readAllBytes();
        short[] samples = new short[pcm.length / 2];
        ByteBuffer.wrap(pcm).order(java.nio.ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
        assertThat(rms(samples)).isBetween(6000.0, 8000.0);
    }

    @Test
    void recordingStopsAtItsMaximumLength() throws Exception {
        MediaEndpoint e = open(Codec.PCMU);
        e.startRecording(Duration.ofMillis(100)).toCompletableFuture().get(2, TimeUnit.SECONDS);
        for (int f = 0; f < 20; f++) {
            ByteBuffer p = ByteBuffer.allocate(172).put((byte) 0x80).put((byte) 0).putShort((short) f).putInt(f * 160).putInt(42);
            phone.send(p.array(), e.localAddress().getPort());
        }
        phone.send(event(99, 0, 3, true, 160), e.localAddress().getPort());
        await().atMost(Duration.ofSeconds(2)).until(() -> heard.size() == 1);
        byte[] wav = e.stopRecording().toCompletableFuture().get(2, TimeUnit.SECONDS);
        assertThat(wav.length).isEqualTo(44 + 800 * 2);
    }

    private void sendFrames(MediaEndpoint e, short[] pcm, int frames) {
        for (int f = 0; f < frames; f++) {
            ByteBuffer p = ByteBuffer.allocate(172).put((byte) 0x80).put((byte) 0).putShort((short) f).putInt(f * 160).putInt(42);
            for (int j = 0; j < 160; j++) {
                p.put(Codec.PCMU.encode(pcm[(f * 160 + j) % pcm.length]));
            }
            phone.send(p.array(), e.localAddress().getPort());
        }
    }

    @Test
    void silenceAfterVoiceEndsTheRecordingTimeout() throws Exception {
        MediaEndpoint e = open(Codec.PCMU);
        CountDownLatch silent = new CountDownLatch(1);
        e.startRecording(Duration.ofSeconds(60), Duration.ofMillis(300), silent::countDown)
                .toCompletableFuture().get(2, TimeUnit.SECONDS);
        long voiceEnd = System.nanoTime();
        sendFrames(e, tone(300, 8000), 10);
        assertThat(silent.await(2, TimeUnit.SECONDS)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - voiceEnd)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void quietFramesCountAsSilence() throws Exception {
        MediaEndpoint e = open(Codec.PCMU);
        CountDownLatch silent = new CountDownLatch(1);
        e.startRecording(Duration.ofSeconds(60), Duration.ofMillis(200), silent::countDown)
                .toCompletableFuture().get(2, TimeUnit.SECONDS);
        short[] hiss = new short[160];
        for (int i = 0; i < hiss.length; i++) {
            hiss[i] = (short) (i % 2 == 0 ? 60 : -60);
        }
        sendFrames(e, hiss, 50);
        assertThat(silent.await(2, TimeUnit.SECONDS)).isTrue();
        byte[] wav = e.stopRecording().toCompletableFuture().get(2, TimeUnit.SECONDS);
        assertThat(wav.length).as("quiet audio is still recorded").isEqualTo(44 + 50 * 160 * 2);
    }

    @Test
    void stopPlaybackSilencesTheStreamAndDropsTheCompletion() throws Exception {
        try (DatagramSocket raw = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            MediaEndpoint e = open(Codec.PCMU);
            e.remote((InetSocketAddress) raw.getLocalSocketAddress());
            CountDownLatch done = new CountDownLatch(1);
            e.play(tone(440, 80_000), done::countDown);
            raw.setSoTimeout(2000);
            raw.receive(new DatagramPacket(new byte[2048], 2048));
            e.stopPlayback();
            assertThat(done.await(300, TimeUnit.MILLISECONDS)).isFalse();
            raw.setSoTimeout(200);
            int after = 0;
            try {
                while (true) {
                    raw.receive(new DatagramPacket(new byte[2048], 2048));
                    after++;
                }
            } catch (SocketTimeoutException quiet) {
                // no packet for 200 ms: the stream stopped
            }
            assertThat(after).as("packets sent within 300 ms after the stop").isLessThanOrEqualTo(2);
        }
    }

    @Test
    void manyEndpointsShareOneThreadAndOneClock() throws Exception {
        int before = Thread.activeCount();
        List<MediaEndpoint> many = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            many.add(open(Codec.PCMU));
        }
        assertThat(endpoints.size()).isEqualTo(200);
        assertThat(Thread.activeCount() - before).isLessThanOrEqualTo(1);
        many.forEach(MediaEndpoint::close);
        await().atMost(Duration.ofSeconds(2)).until(() -> endpoints.size() == 0);
    }

    private static byte[] event(int seq, long ts, int event, boolean end, int duration) {
        return ByteBuffer.allocate(16).put((byte) 0x80).put((byte) TELEPHONE_EVENT).putShort((short) seq)
                .putInt((int) ts).putInt(7).put((byte) event).put((byte) ((end ? 0x80 : 0) | 10))
                .putShort((short) duration).array();
    }
}
