package io.softswitch.core.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.config.Provisioning;
import io.softswitch.config.provisioning.Carrier;
import io.softswitch.config.provisioning.CarrierType;
import io.softswitch.config.provisioning.Gateway;
import io.softswitch.config.provisioning.NumberFormat;
import io.softswitch.config.provisioning.NumberNormalization;
import io.softswitch.config.provisioning.Trunk;
import io.softswitch.config.tls.Certificates;
import io.softswitch.config.tls.Certificates.KeyType;
import io.softswitch.config.tls.PemIdentity;
import io.softswitch.core.testing.FreePorts;
import io.softswitch.core.testing.baresip.Wav;
import io.softswitch.core.testing.linphone.Linphone;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 16's second, independent TLS/SRTP peer: linphone ({@code linphonec}, liblinphone 5.1 with
 * belle-sip and libsrtp2) as the PBX of a {@code Secure} trunk calls through the switch over TLS,
 * verifying the switch's certificate by name against the test CA, with SRTP mandatory and only
 * one SDES suite offered (each of the two AES-CM suites in turn; this build has no GCM). The
 * built-in simulator answers and echoes: linphone's decoded recording must carry its own tone back,
 * and the call record must name the suite it offered on the PBX leg and plain RTP on the simulator's.
 */
class LinphoneSecureCallIT {
    private static final String PBX_USER = "+14155550102";
    private static final double SECONDS = 6.0;
    private static final double HEARD_SECONDS = 3.0;
    private static final double AMPLITUDE = 0.5;
    private static final double HZ = 1000;
    private static final Path WORK = Path.of("target", "linphone-secure").toAbsolutePath();

    private static Path caFile;
    private static Path switchCertificate;
    private static Path switchKey;

    @TempDir
    Path switchData;

    @BeforeAll
    static void certificates() throws IOException {
        Files.createDirectories(WORK);
        PemIdentity ca = Certificates.authority("softswitch test CA", Duration.ofDays(1));
        caFile = Files.writeString(WORK.resolve("ca.pem"), Certificates.certificatePem(ca));
        PemIdentity sw = Certificates.issued(ca, KeyType.RSA_2048, List.of("127.0.0.1", "localhost"), Duration.ofDays(1));
        switchCertificate = Files.writeString(WORK.resolve("switch.crt"), Certificates.certificatePem(sw));
        switchKey = Files.writeString(WORK.resolve("switch.key"), Certificates.privateKeyPem(sw));
    }

    @ParameterizedTest
    @ValueSource(strings = {"AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32"})
    void linphoneOverTlsWithSrtpCallsTheSimulatorAndHearsItsEcho(String suite) throws Exception {
        Path source = WORK.resolve(HZ + "Hz.wav");
        Wav.tone(8000, HZ, AMPLITUDE, SECONDS).write(source);
        int simulatorPort = FreePorts.udpAndTcp();
        try (SecureSwitch d = new SecureSwitch(provisioning(simulatorPort), switchData, switchCertificate, switchKey,
                caFile, simulatorPort);
                Linphone pbx = Linphone.start(PBX_USER, caFile, suite, source, WORK.resolve(suite))) {
            pbx.command("call sip:" + Peers.DIALED + "@127.0.0.1:" + d.tlsPort + ";transport=tls");
            pbx.awaitOutput("connected", Duration.ofSeconds(20));
            // Recorded audio is the event to wait for: the echo of HEARD_SECONDS of its tone (at the
            // rate its header names: mediastreamer records at the sound card rate, 48 kHz here).
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> recordedSeconds(pbx.recording()) > HEARD_SECONDS);
            pbx.command("terminate");
            pbx.awaitOutput("ended", Duration.ofSeconds(10));
            // The recorder writes its header when it closes the file, a moment after the call ends.
            Wav heard = Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                    .until(() -> closedRecording(pbx.recording()), w -> w != null);

            String log = pbx.log();
            assertThat(log).as("linphone's offer (in %s)", pbx.dir()).contains("RTP/SAVP")
                    .containsPattern("a=crypto:\\d+ " + suite + " inline:");
            String who = "linphone heard " + heard + " (in " + pbx.dir() + ")";
            assertThat(heard.rms()).as(who).isGreaterThan(0.25 * AMPLITUDE / Math.sqrt(2));
            assertThat(heard.toneLevel(HZ)).as(who + ": its own tone, echoed").isGreaterThan(0.25 * AMPLITUDE);

            List<Map<String, Object>> cdrs = Awaitility.await().atMost(Duration.ofSeconds(15))
                    .until(() -> d.daemon.provisioning().rows().select("SELECT * FROM calls"), l -> l.size() == 1);
            assertThat(cdrs.get(0).get("caller_leg_srtp")).as("%s", cdrs.get(0)).isEqualTo(suite);
            assertThat(cdrs.get(0).get("callee_leg_srtp")).as("%s", cdrs.get(0)).isNull();
        }
    }

    /**
     * The recording once mediastreamer has closed it (its header's sizes are no longer 0), else null.
     * mediastreamer 5.1 writes the file's whole length as the data chunk's size (40 bytes too many):
     * the sizes are set right in a copy, which is read.
     */
    private static Wav closedRecording(Path wav) throws IOException {
        byte[] bytes = Files.readAllBytes(wav);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 44 || b.getInt(40) == 0) {
            return null;
        }
        b.putInt(4, bytes.length - 8).putInt(40, bytes.length - 44);
        Path fixed = wav.resolveSibling("received-sizes-fixed.wav");
        Files.write(fixed, bytes);
        return Wav.read(fixed);
    }

    /** Seconds of 16-bit mono audio in a WAV file being written (44-byte header), 0 before its header. */
    private static double recordedSeconds(Path wav) throws IOException {
        if (!Files.exists(wav) || Files.size(wav) < 44) {
            return 0;
        }
        byte[] header = new byte[44];
        try (var in = Files.newInputStream(wav)) {
            in.readNBytes(header, 0, 44);
        }
        int rate = java.nio.ByteBuffer.wrap(header, 24, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
        // mediastreamer fills the header in when it closes the file: until then assume the highest
        // rate it records at (48 kHz), which errs towards waiting longer.
        return (Files.size(wav) - 44) / (2.0 * (rate > 0 ? rate : 48000));
    }

    private static Provisioning provisioning(int simulatorPort) {
        var trunk = new Trunk(null, Demo.ACCOUNT, "secure-pbx", null, List.of("127.0.0.1/32"), List.of(), null,
                NumberNormalization.STRICT, "US", 0, 0, true, false, List.of(), List.of(), List.of(), true);
        var simulator = new Carrier(null, "simulator", CarrierType.SIMULATOR, NumberFormat.E164, "", "", "", 0, 0, 0,
                Carrier.DEFAULT_FAILOVER_TIMEOUT_MS, Carrier.DEFAULT_FINAL_RESPONSE_CODES,
                List.of(new Gateway("sim", "sip:127.0.0.1:" + simulatorPort, 1, 10, true)), List.of(), List.of(),
                List.of());
        return Demo.of(List.of(trunk), List.of(simulator), List.of(), List.of(Demo.defaultRoute("simulator")));
    }
}
