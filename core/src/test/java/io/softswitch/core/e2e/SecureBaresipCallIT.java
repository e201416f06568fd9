package io.softswitch.core.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.config.Provisioning;
import io.softswitch.config.provisioning.Carrier;
import io.softswitch.config.provisioning.CarrierType;
import io.softswitch.config.provisioning.Gateway;
import io.softswitch.config.provisioning.MediaEncryption;
import io.softswitch.config.provisioning.NumberFormat;
import io.softswitch.config.provisioning.NumberNormalization;
import io.softswitch.config.provisioning.OriginationUrl;
import io.softswitch.config.provisioning.PhoneNumber;
import io.softswitch.config.provisioning.Trunk;
import io.softswitch.config.provisioning.VoiceWebhooks;
import io.softswitch.config.tls.Certificates;
import io.softswitch.config.tls.Certificates.KeyType;
import io.softswitch.config.tls.PemIdentity;
import io.softswitch.core.testing.FreePorts;
import io.softswitch.core.testing.LoopbackCapture;
import io.softswitch.core.testing.baresip.Baresip;
import io.softswitch.core.testing.baresip.Wav;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.assertj.core.data.Offset;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16 with real peers: baresip as the PBX of a {@code Secure} trunk, over SIP/TLS with
 * {@code mediaenc=srtp-mand} (SDES, RFC 4568), calls through the switch and is called by it.
 * The switch presents a certificate from a test CA for 127.0.0.1 (baresip has the CA as
 * {@code sip_cafile}); the PBX presents one for 127.0.0.3, which the switch verifies by name
 * when it calls the PBX. Carriers: the built-in simulator (echo), a baresip carrier over plain
 * UDP/RTP ({@code media_encryption: none}) and one with SRTP ({@code media_encryption: sdes}).
 *
 * <p>What must hold: each party's decoded recording lasts the call, is not silent and carries the
 * other party's tone (the simulator echoes the PBX's own); the call record names each leg's SRTP
 * suite (null for plain RTP). The plain-carrier calls are also captured on loopback
 * ({@link LoopbackCapture}) and checked by libsrtp2 ({@code srtp/capture_check.py}): every packet
 * the switch sent to the PBX authenticates and decrypts with the key the switch offered the PBX,
 * none carries a plain payload, and what it decrypts to is what the carrier sent in clear.
 *
 * <p>Why the PBX is on 127.0.0.3 and latched: see {@link BaresipCallIT}.
 */
class SecureBaresipCallIT {
    private static final String PBX_NUMBER = "+14155550101";
    private static final String PBX_IP = "127.0.0.3";
    private static final String CARRIER_IP = "127.0.0.1";
    private static final String SUITE = "AES_CM_128_HMAC_SHA1_80";
    /** A number of the switch's own, answered by TwiML (no trunk). */
    private static final String TWIML_NUMBER = "+14155550142";
    private static final double PLAY_SECONDS = 3.0;
    private static final double SOURCE_SECONDS = 4.0;
    private static final double CALLEE_SECONDS = 2 * SOURCE_SECONDS;
    private static final double AMPLITUDE = 0.5;
    private static final double PBX_HZ = 1000;
    private static final double CARRIER_HZ = 400;
    private static final Duration SETUP = Duration.ofSeconds(15);
    private static final Path WORK = Path.of("target", "baresip-secure").toAbsolutePath();

    private static final int SIMULATOR_PORT = FreePorts.udpAndTcp();
    private static PemIdentity ca;
    private static Path caFile;
    private static Path switchCertificate;
    private static Path switchKey;
    private static Path pbxIdentity;

    @TempDir
    static Path sources;
    @TempDir
    Path switchData;
    private Path dir;

    @BeforeAll
    static void certificates() throws IOException {
        Files.createDirectories(WORK);
        ca = Certificates.authority("softswitch test CA", Duration.ofDays(1));
        caFile = Files.writeString(WORK.resolve("ca.pem"), Certificates.certificatePem(ca));
        PemIdentity sw = Certificates.issued(ca, KeyType.EC_P256, List.of("127.0.0.1", "localhost"), Duration.ofDays(1));
        switchCertificate = Files.writeString(WORK.resolve("switch.crt"), Certificates.certificatePem(sw));
        switchKey = Files.writeString(WORK.resolve("switch.key"), Certificates.privateKeyPem(sw));
        // libre reads the certificate chain and the key from one PEM file.
        PemIdentity pbx = Certificates.issued(ca, KeyType.EC_P256, List.of(PBX_IP), Duration.ofDays(1));
        pbxIdentity = Files.writeString(WORK.resolve("pbx.pem"),
                Certificates.certificatePem(pbx) + Certificates.privateKeyPem(pbx));
    }

    @BeforeEach
    void name(TestInfo info) throws IOException {
        dir = WORK.resolve(info.getTestMethod().orElseThrow().getName());
        Files.createDirectories(dir);
    }

    @Test
    void pbxOverTlsAndSrtpCallsAPlainCarrierBothHearEachOtherAndNoPlainRtpGoesToThePbx() throws Exception {
        try (Baresip pbx = pbx(SOURCE_SECONDS); Baresip carrier = carrier(CALLEE_SECONDS, false);
                SecureSwitch d = new SecureSwitch(provisioning(pbx, carrierTrunk(carrier, MediaEncryption.NONE, false)),
                        switchData, switchCertificate, switchKey, caFile, 0);
                LoopbackCapture capture = d.capture(dir.resolve("media.pcap"))) {
            pbx.dial("sip:" + Peers.DIALED + "@127.0.0.1:" + d.tlsPort + ";transport=tls");
            talk(new Party(pbx, PBX_HZ), new Party(carrier, CARRIER_HZ));
            assertHeardThePeer(pbx, PBX_HZ, CARRIER_HZ);
            assertHeardThePeer(carrier, CARRIER_HZ, PBX_HZ);
            assertRecord(d, SUITE, null);
            assertPbxLegEncrypted(capture.finish(), pbx, carrier);
        }
    }

    @Test
    void pbxOverTlsAndSrtpCallsAnSrtpCarrierAndBothLegsAreEncrypted() throws Exception {
        try (Baresip pbx = pbx(SOURCE_SECONDS); Baresip carrier = carrier(CALLEE_SECONDS, true);
                SecureSwitch d = new SecureSwitch(provisioning(pbx, carrierTrunk(carrier, MediaEncryption.SDES, false)),
                        switchData, switchCertificate, switchKey, caFile, 0)) {
            pbx.dial("sip:" + Peers.DIALED + "@127.0.0.1:" + d.tlsPort + ";transport=tls");
            talk(new Party(pbx, PBX_HZ), new Party(carrier, CARRIER_HZ));
            assertHeardThePeer(pbx, PBX_HZ, CARRIER_HZ);
            assertHeardThePeer(carrier, CARRIER_HZ, PBX_HZ);
            assertThat(SdesLog.of(carrier).offered()).as("the switch's offer to the SRTP carrier")
                    .contains("RTP/SAVP").contains("a=crypto:");
            assertRecord(d, SUITE, SUITE);
        }
    }

    @Test
    void pbxOverTlsAndSrtpCallsTheBuiltInSimulatorAndHearsItsOwnEcho() throws Exception {
        try (Baresip pbx = pbx(SOURCE_SECONDS);
                SecureSwitch d = new SecureSwitch(provisioning(pbx, null), switchData, switchCertificate, switchKey,
                        caFile, SIMULATOR_PORT)) {
            pbx.dial("sip:" + Peers.DIALED + "@127.0.0.1:" + d.tlsPort + ";transport=tls");
            pbx.awaitEvent("CALL_ESTABLISHED", SETUP);
            pbx.awaitEvent("CALL_RTPESTAB", SETUP);
            assertThat(pbx.awaitEvent("CALL_CLOSED", Duration.ofSeconds((long) SOURCE_SECONDS + 10)).param())
                    .isEqualTo("end of file");
            Wav heard = pbx.recording(true);
            String who = "the PBX heard " + heard + " (in " + pbx.dir() + ")";
            assertThat(heard.rms()).as(who).isGreaterThan(0.25 * AMPLITUDE / Math.sqrt(2));
            assertThat(heard.toneLevel(PBX_HZ)).as(who + ": its own tone, echoed").isGreaterThan(0.25 * AMPLITUDE);
            assertRecord(d, SUITE, null);
        }
    }

    @Test
    void carrierCallsTheSecurePbxWhichTheSwitchReachesOverTlsWithSrtp() throws Exception {
        try (Baresip pbx = pbx(CALLEE_SECONDS); Baresip carrier = carrier(SOURCE_SECONDS, false);
                SecureSwitch d = new SecureSwitch(provisioning(pbx, carrierTrunk(carrier, MediaEncryption.NONE, true)),
                        switchData, switchCertificate, switchKey, caFile, 0);
                LoopbackCapture capture = d.capture(dir.resolve("media.pcap"))) {
            carrier.dial("sip:" + PBX_NUMBER + "@127.0.0.1:" + d.udpPort);
            talk(new Party(carrier, CARRIER_HZ), new Party(pbx, PBX_HZ));
            assertHeardThePeer(pbx, PBX_HZ, CARRIER_HZ);
            assertHeardThePeer(carrier, CARRIER_HZ, PBX_HZ);
            // The INVITE reached the PBX on its TLS port (the origination URL says UDP: Secure adds TLS).
            assertThat(pbx.log()).as("the PBX's SIP trace").containsPattern("(?i)via: SIP/2.0/TLS 127.0.0.1");
            assertRecord(d, null, SUITE);
            assertPbxLegEncrypted(capture.finish(), pbx, carrier);
        }
    }

    @Test
    void pbxOverTlsAndSrtpCallsATwimlNumberAndHearsItsPlayOverSrtp() throws Exception {
        Path tone = tone(CARRIER_HZ, PLAY_SECONDS);
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String base = "http://127.0.0.1:" + http.getAddress().getPort();
        http.createContext("/", exchange -> {
            boolean wav = exchange.getRequestURI().getPath().equals("/tone.wav");
            byte[] body = wav ? Files.readAllBytes(tone)
                    : ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Play>" + base + "/tone.wav</Play></Response>")
                            .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", wav ? "audio/wav" : "text/xml");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        http.start();
        try (Baresip pbx = pbx(CALLEE_SECONDS);
                SecureSwitch d = new SecureSwitch(Demo.of(List.of(), List.of(), List.of(), List.of()), switchData,
                        switchCertificate, switchKey, caFile, 0)) {
            // The webhooks are signed with the account's auth token: the number and trunk are that account's.
            String account = credentials(switchData).getProperty("SOFTSWITCH_ACCOUNT_SID");
            d.daemon.snapshots().replace(Demo.of(List.of(secureTrunk(pbx, account, List.of(PBX_IP + "/32",
                    CARRIER_IP + "/32"))), List.of(), List.of(new PhoneNumber(null, account, TWIML_NUMBER, null,
                            new VoiceWebhooks(base + "/voice", "POST", null, null, null, null))), List.of()));
            pbx.dial("sip:" + TWIML_NUMBER + "@127.0.0.1:" + d.tlsPort + ";transport=tls");
            pbx.awaitEvent("CALL_ESTABLISHED", SETUP);
            pbx.awaitEvent("CALL_RTPESTAB", SETUP);
            // The document ends after <Play>: the switch hangs up.
            pbx.awaitEvent("CALL_CLOSED", Duration.ofSeconds((long) PLAY_SECONDS + 10));
            SdesLog sdp = SdesLog.of(pbx);
            assertThat(sdp.offered()).as("the TwiML endpoint's answer").contains("RTP/SAVP").contains("a=crypto:");
            assertThat(sdp.switchCrypto().key()).isNotEqualTo(sdp.pbxCrypto(sdp.switchCrypto().tag()).key());
            Wav heard = pbx.recording(true);
            String who = "the PBX heard " + heard + " (in " + pbx.dir() + ")";
            assertThat(heard.rms()).as(who).isGreaterThan(0.25 * AMPLITUDE / Math.sqrt(2));
            assertThat(heard.toneLevel(CARRIER_HZ)).as(who + ": the <Play>ed tone").isGreaterThan(0.25 * AMPLITUDE);
            assertRecord(d, SUITE, null);
        } finally {
            http.stop(0);
        }
    }

    @Test
    void aSecureTrunksPbxOfferingPlainRtpToATwimlNumberIsRefused488AndCounted() throws Exception {
        try (Baresip pbx = Baresip.start(PBX_NUMBER, PBX_IP, true, tone(PBX_HZ, SOURCE_SECONDS), dir.resolve("pbx"),
                new Baresip.Security(pbxIdentity, caFile, null));
                SecureSwitch d = new SecureSwitch(Demo.of(List.of(), List.of(), List.of(), List.of()), switchData,
                        switchCertificate, switchKey, caFile, 0)) {
            String account = credentials(switchData).getProperty("SOFTSWITCH_ACCOUNT_SID");
            d.daemon.snapshots().replace(Demo.of(List.of(secureTrunk(pbx, account, List.of(PBX_IP + "/32",
                    CARRIER_IP + "/32"))), List.of(), List.of(new PhoneNumber(null, account, TWIML_NUMBER, null,
                            new VoiceWebhooks("http://127.0.0.1:9/voice", "POST", null, null, null, null))), List.of()));
            pbx.dial("sip:" + TWIML_NUMBER + "@127.0.0.1:" + d.tlsPort + ";transport=tls");
            assertThat(pbx.awaitEvent("CALL_CLOSED", SETUP).param()).contains("488");
            var refused = d.daemon.metrics().registry().find("calls.secure.refused").tag("reason", "srtp").counter();
            assertThat(refused).isNotNull();
            assertThat(refused.count()).isEqualTo(1);
        }
    }

    private static Properties credentials(Path dataDir) throws IOException {
        Properties creds = new Properties();
        try (var in = Files.newInputStream(dataDir.resolve("credentials"))) {
            creds.load(in);
        }
        return creds;
    }

    // --- parties

    private Baresip pbx(double seconds) throws IOException {
        return Baresip.start(PBX_NUMBER, PBX_IP, true, tone(PBX_HZ, seconds), dir.resolve("pbx"),
                new Baresip.Security(pbxIdentity, caFile, "srtp-mand"));
    }

    private Baresip carrier(double seconds, boolean srtp) throws IOException {
        return Baresip.start(Peers.DIALED, CARRIER_IP, true, tone(CARRIER_HZ, seconds), dir.resolve("carrier"),
                srtp ? new Baresip.Security(null, null, "srtp-mand") : Baresip.Security.NONE);
    }

    private static Path tone(double hz, double seconds) throws IOException {
        Path file = sources.resolve(hz + "Hz-" + seconds + "s.wav");
        if (!Files.exists(file)) {
            Wav.tone(8000, hz, AMPLITUDE, seconds).write(file);
        }
        return file;
    }

    private record Party(Baresip ua, double hz) {
    }

    /** The call is answered, media flows both ways, and the caller hangs up when its source ends. */
    private static void talk(Party caller, Party callee) {
        callee.ua().awaitEvent("CALL_ESTABLISHED", SETUP);
        caller.ua().awaitEvent("CALL_ESTABLISHED", SETUP);
        callee.ua().awaitEvent("CALL_RTPESTAB", SETUP);
        caller.ua().awaitEvent("CALL_RTPESTAB", SETUP);
        assertThat(caller.ua().awaitEvent("CALL_CLOSED", Duration.ofSeconds((long) SOURCE_SECONDS + 10)).param())
                .as("why the caller's call closed").isEqualTo("end of file");
        callee.ua().awaitEvent("CALL_CLOSED", Duration.ofSeconds(10));
    }

    private static void assertHeardThePeer(Baresip listener, double ownHz, double peerHz) {
        Wav heard = listener.recording(true);
        String who = listener.aor() + " heard " + heard + " (recordings in " + listener.dir() + ")";
        assertThat(heard.seconds()).as(who).isCloseTo(SOURCE_SECONDS, Offset.offset(0.25 * SOURCE_SECONDS));
        assertThat(heard.rms()).as(who).isGreaterThan(0.5 * AMPLITUDE / Math.sqrt(2));
        assertThat(heard.toneLevel(peerHz)).as(who + ": the peer's %s Hz", peerHz).isGreaterThan(0.5 * AMPLITUDE);
        assertThat(heard.toneLevel(ownHz)).as(who + ": its own %s Hz", ownHz).isLessThan(0.05);
    }

    /** The one call record's SRTP suite per leg (caller = the inbound leg). */
    private static void assertRecord(SecureSwitch d, String callerSuite, String calleeSuite) {
        List<Map<String, Object>> cdrs = Awaitility.await().atMost(Duration.ofSeconds(15))
                .until(() -> d.daemon.provisioning().rows().select("SELECT * FROM calls"), l -> l.size() == 1);
        assertThat(cdrs.get(0).get("caller_leg_srtp")).as("caller leg: %s", cdrs.get(0)).isEqualTo(callerSuite);
        assertThat(cdrs.get(0).get("callee_leg_srtp")).as("callee leg: %s", cdrs.get(0)).isEqualTo(calleeSuite);
        assertThat(cdrs.get(0).toString()).as("no key in the record").doesNotContain("inline:");
    }

    /**
     * libsrtp2's view of the PBX leg in {@code pcap}: the switch's media port and key come from the
     * SDP the PBX received, the PBX's key from the SDP it sent (its trace), the carrier's plain RTP
     * port on the switch from the carrier's trace.
     */
    private static void assertPbxLegEncrypted(Path pcap, Baresip pbx, Baresip carrier) throws Exception {
        SdesLog pbxLeg = SdesLog.of(pbx);
        SdesLog.Crypto switchCrypto = pbxLeg.switchCrypto();
        SdesLog.Crypto pbxCrypto = pbxLeg.pbxCrypto(switchCrypto.tag());
        assertThat(switchCrypto.suite()).isEqualTo(SUITE);
        int plainPort = SdesLog.of(carrier).switchMediaPort();
        Map<String, Long> stats = CaptureCheck.run(pcap, SUITE, pbxLeg.switchMediaPort(), switchCrypto.key(),
                pbxCrypto.key(), plainPort);
        String what = "libsrtp2 on " + pcap + ": " + stats;
        System.out.println(what); // the numbers, for the run's record
        long minimum = (long) (0.8 * SOURCE_SECONDS * 50);
        assertThat(stats.get("out_packets")).as(what).isGreaterThan(minimum);
        assertThat(stats.get("out_failed")).as(what).isZero();
        assertThat(stats.get("out_decrypted")).as(what).isEqualTo(stats.get("out_packets"));
        assertThat(stats.get("out_raw_equals_plain")).as(what).isZero();
        assertThat(stats.get("out_raw_equals_own_plain")).as(what).isZero();
        // The relay forwards the carrier's payloads unchanged (same codec): what the PBX decrypts
        // is what the carrier sent in clear; the encrypted payloads all differ (a new keystream per packet).
        assertThat(stats.get("plain_packets")).as(what).isGreaterThan(minimum);
        assertThat(stats.get("out_plain_payload_seen_on_carrier_leg")).as(what).isEqualTo(stats.get("out_decrypted"));
        assertThat(stats.get("out_distinct_raw_payloads")).as(what).isEqualTo(stats.get("out_decrypted"));
        assertThat(stats.get("in_packets")).as(what).isGreaterThan(minimum);
        assertThat(stats.get("in_decrypted")).as(what).isEqualTo(stats.get("in_packets"));
    }

    // --- the switch

    /**
     * Routes to {@code carrier}, or to the built-in simulator when it is null. baresip 1.0 opens its
     * TLS connections from the wildcard address too, so a PBX's INVITE comes from 127.0.0.1: where
     * the PBX calls, its trunk admits 127.0.0.1 and the carrier has no inbound address; where the
     * carrier calls, 127.0.0.1 is the carrier's.
     */
    private static Provisioning provisioning(Baresip pbx, Carrier carrier) {
        List<String> acl = carrier != null && !carrier.inboundIps().isEmpty() ? List.of(PBX_IP + "/32")
                : List.of(PBX_IP + "/32", CARRIER_IP + "/32");
        var trunk = secureTrunk(pbx, Demo.ACCOUNT, acl);
        Carrier c = carrier != null ? carrier : new Carrier(null, "simulator", CarrierType.SIMULATOR,
                NumberFormat.E164, "", "", "", 0, 0, 0, Carrier.DEFAULT_FAILOVER_TIMEOUT_MS,
                Carrier.DEFAULT_FINAL_RESPONSE_CODES, List.of(new Gateway("sim", "sip:127.0.0.1:" + SIMULATOR_PORT,
                        1, 10, true)), List.of(), List.of(), List.of());
        return Demo.of(List.of(trunk), List.of(c), List.of(new PhoneNumber(null, Demo.ACCOUNT, PBX_NUMBER,
                "secure-pbx")), List.of(Demo.defaultRoute(c.name())));
    }

    /** The baresip carrier; {@code callsIn}: it calls the PBX (from 127.0.0.1, its inbound address). */
    /** The Secure trunk of {@code pbx}: origination to its TLS port (as a plain sip: URL: Secure adds TLS). */
    private static Trunk secureTrunk(Baresip pbx, String account, List<String> acl) {
        return new Trunk(null, account, "secure-pbx", null, acl, List.of(), null, NumberNormalization.STRICT, "US", 0,
                0, true, false, List.of(new OriginationUrl("pbx", "sip:" + PBX_NUMBER + "@" + PBX_IP + ":"
                        + pbx.tlsPort(), 10, 10, true)), List.of(), List.of(), true);
    }

    private static Carrier carrierTrunk(Baresip carrier, MediaEncryption encryption, boolean callsIn) {
        var gateway = new Gateway("gw1", "sip:" + CARRIER_IP + ":" + carrier.sipPort(), 1, 10, true);
        return new Carrier(null, "carrier", CarrierType.SIP, NumberFormat.E164, "", "", "", 0, 0, 0,
                Carrier.DEFAULT_FAILOVER_TIMEOUT_MS, Carrier.DEFAULT_FINAL_RESPONSE_CODES, List.of(gateway),
                callsIn ? List.of(CARRIER_IP + "/32") : List.of(), List.of(), List.of(), encryption);
    }
}
