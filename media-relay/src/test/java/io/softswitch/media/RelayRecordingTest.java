package io.softswitch.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.softswitch.media.testing.RecordingEvents;
import io.softswitch.media.testing.RtpPeer;
import io.softswitch.media.testing.Sdps;
import io.softswitch.media.testing.TestRelays;
import io.softswitch.media.testing.TonePackets;
import io.softswitch.media.testing.Wav;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The relay records what it forwards: real UDP peers send G.711 tones through a session. */
class RelayRecordingTest {
    private static final double PBX_HZ = 440;
    private static final double CARRIER_HZ = 1000;

    @TempDir
    Path dir;
    private final RecordingEvents events = new RecordingEvents();
    private final RtpPeer pbx = new RtpPeer();
    private final RtpPeer carrier = new RtpPeer();
    private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
    private MediaRelay relay;
    private MediaSession session;

    @BeforeEach
    void start() throws Exception {
        relay = MediaRelay.start(TestRelays.loopback(100), events);
        session = relay.createSession("call-rec", SessionOptions.DEFAULT, events);
        session.offer(Side.A, Sdps.audio("127.0.0.1", pbx.port()));
        session.answer(Side.B, Sdps.audio("127.0.0.1", carrier.port()));
    }

    @AfterEach
    void stop() {
        pacer.shutdownNow();
        relay.close();
        pbx.close();
        carrier.close();
    }

    /** Sends {@code packets} 20 ms packets from each side (a side with hz 0 sends nothing), paced like a phone. */
    private void talk(int packets, double pbxHz, double carrierHz) throws InterruptedException {
        TonePackets fromPbx = new TonePackets(pbxHz, 8000, 0xA);
        TonePackets fromCarrier = new TonePackets(carrierHz, 8000, 0xB);
        AtomicInteger n = new AtomicInteger();
        CountDownLatch sent = new CountDownLatch(1);
        pacer.scheduleAtFixedRate(() -> {
            int i = n.getAndIncrement();
            if (i >= packets) {
                sent.countDown();
                return;
            }
            if (pbxHz > 0) {
                pbx.send(fromPbx.packet(i), session.localRtpPort(Side.A));
            }
            if (carrierHz > 0) {
                carrier.send(fromCarrier.packet(i), session.localRtpPort(Side.B));
            }
        }, 0, 20, TimeUnit.MILLISECONDS);
        assertThat(sent.await(30, TimeUnit.SECONDS)).isTrue();
    }

    private RecordingResult record(boolean dual, boolean trim, int packets, double pbxHz, double carrierHz)
            throws Exception {
        long started = System.nanoTime();
        CallRecording recording = session.startRecording(new RecordingOptions(dir.resolve("r.wav"), dual, trim));
        talk(packets, pbxHz, carrierHz);
        RecordingResult result = recording.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - started) / 1e9;
        if (!trim) {
            assertThat(result.duration().toMillis() / 1000.0).isCloseTo(elapsed, org.assertj.core.data.Offset.offset(0.5));
        }
        assertThat(result.error()).isNull();
        assertThat(result.bytes()).isEqualTo(Files.size(result.file()));
        return result;
    }

    @Test
    void dualRecordingPutsTheCallerLeftAndTheCalleeRight() throws Exception {
        RecordingResult result = record(true, false, 100, PBX_HZ, CARRIER_HZ);
        Wav wav = Wav.read(result.file());
        assertThat(wav.format()).isEqualTo(1);
        assertThat(wav.channels()).isEqualTo(2);
        assertThat(wav.sampleRate()).isEqualTo(8000);
        assertThat(wav.bits()).isEqualTo(16);
        assertThat(wav.seconds()).isCloseTo(result.duration().toMillis() / 1000.0, org.assertj.core.data.Offset.offset(0.01));
        // 2 s of an 8000-amplitude tone in a ~2 s file: well above 1000 on its own channel, near zero on the other
        assertThat(wav.toneLevel(0, PBX_HZ)).isGreaterThan(3000);
        assertThat(wav.toneLevel(0, CARRIER_HZ)).isLessThan(100);
        assertThat(wav.toneLevel(1, CARRIER_HZ)).isGreaterThan(3000);
        assertThat(wav.toneLevel(1, PBX_HZ)).isLessThan(100);
        // the peers still got each other's audio
        assertThat(session.stats().a().packetsSent()).isEqualTo(100);
        assertThat(session.stats().b().packetsSent()).isEqualTo(100);
    }

    @Test
    void monoRecordingMixesBothDirections() throws Exception {
        RecordingResult result = record(false, false, 100, PBX_HZ, CARRIER_HZ);
        Wav wav = Wav.read(result.file());
        assertThat(wav.channels()).isEqualTo(1);
        assertThat(wav.toneLevel(0, PBX_HZ)).isGreaterThan(3000);
        assertThat(wav.toneLevel(0, CARRIER_HZ)).isGreaterThan(3000);
        assertThat(wav.toneLevel(0, 2500)).isLessThan(300);
    }

    @Test
    void theFileOnDiskIsAValidWavWhileTheCallIsStillRecorded() throws Exception {
        CallRecording recording = session.startRecording(new RecordingOptions(dir.resolve("live.wav"), true, false));
        Thread talker = new Thread(() -> {
            try {
                talk(150, PBX_HZ, CARRIER_HZ);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        talker.start();
        // about a second after the start the first chunk is on disk, with the header's sizes updated
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.size(dir.resolve("live.wav")) > 44 + 4 * 4000);
        Wav partial = Wav.parse(Files.readAllBytes(dir.resolve("live.wav")), false);
        assertThat(partial.seconds()).isGreaterThan(0.5);
        assertThat(partial.toneLevel(0, PBX_HZ)).isGreaterThan(1000);
        talker.join();
        recording.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void trimSilenceCutsTheQuietStartAndEnd() throws Exception {
        long started = System.nanoTime();
        CallRecording recording = session.startRecording(new RecordingOptions(dir.resolve("t.wav"), false, true));
        // one second of nothing, then one second of tone from the PBX, then one second of nothing
        await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
        talk(50, PBX_HZ, 0);
        await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
        RecordingResult result = recording.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat((System.nanoTime() - started) / 1e9).isGreaterThan(2.9);
        assertThat(result.duration().toMillis()).isBetween(800L, 1300L);
        Wav wav = Wav.read(result.file());
        assertThat(wav.toneLevel(0, PBX_HZ)).isGreaterThan(5000);
    }

    @Test
    void closingTheSessionEndsTheRecordingAndASecondRecordingAtOnceIsRefused() throws Exception {
        CallRecording recording = session.startRecording(new RecordingOptions(dir.resolve("c.wav"), false, false));
        assertThatThrownBy(() -> session.startRecording(new RecordingOptions(dir.resolve("d.wav"), false, false)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already recording");
        talk(10, PBX_HZ, CARRIER_HZ);
        session.close();
        RecordingResult result = recording.done().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(result.error()).isNull();
        assertThat(Wav.read(result.file()).seconds()).isGreaterThan(0.15);
        assertThatThrownBy(() -> session.startRecording(new RecordingOptions(dir.resolve("e.wav"), false, false)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anExistingFileIsNotOverwritten() throws Exception {
        Files.writeString(dir.resolve("x.wav"), "keep");
        assertThatThrownBy(() -> session.startRecording(new RecordingOptions(dir.resolve("x.wav"), false, false)))
                .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
        assertThat(Files.readString(dir.resolve("x.wav"))).isEqualTo("keep");
    }
}
