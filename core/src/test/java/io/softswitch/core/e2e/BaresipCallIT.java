package io.softswitch.core.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.softswitch.config.ConfigLoader;
import io.softswitch.config.Provisioning;
import io.softswitch.config.provisioning.Carrier;
import io.softswitch.config.provisioning.CarrierType;
import io.softswitch.config.provisioning.Gateway;
import io.softswitch.config.provisioning.NumberFormat;
import io.softswitch.config.provisioning.NumberNormalization;
import io.softswitch.config.provisioning.OriginationUrl;
import io.softswitch.config.provisioning.PhoneNumber;
import io.softswitch.config.provisioning.Trunk;
import io.softswitch.core.daemon.Daemon;
import io.softswitch.core.testing.FreePorts;
import io.softswitch.core.testing.baresip.Baresip;
import io.softswitch.core.testing.baresip.BaresipEvent;
import io.softswitch.core.testing.baresip.Wav;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6: two real baresip user agents call each other through the softswitch, in both
 * directions. UA "pbx" is a customer PBX on 127.0.0.3 (trunk with IP ACL 127.0.0.3/32 and
 * symmetric RTP, owner of the DID {@value #PBX_NUMBER}, reached at its origination URL); UA
 * "carrier" is the carrier's gateway on 127.0.0.1 (also its inbound IP), answering as
 * {@value Peers#DIALED}. Each plays its own tone as its microphone (pbx 1 kHz, carrier 400 Hz)
 * and records what it decodes; the call ends when the caller's source (4 s; the callee's is
 * longer) has played out and the caller hangs up. The caller sends RFC 4733 digits, awaiting
 * each at the callee before the next.
 *
 * <p>Why the PBX is the one "behind NAT": baresip 1.0 binds its RTP socket to the wildcard
 * address whatever address it signals, so a UA on 127.0.0.3 sends RTP from 127.0.0.1 while its
 * SDP says 127.0.0.3. Only a leg with symmetric RTP accepts that (NAT latching); carrier legs
 * accept RTP only from the signalled IP, so the carrier must be on 127.0.0.1, and the PBX,
 * to be told apart from the carrier by source address, elsewhere.
 *
 * <p>What must hold at both ends: the recording lasts as long as the source (within 20%), is
 * not silent, and carries the peer's tone, not its own (so the audio crossed the relay, and in
 * the right direction); the callee reports exactly the digits sent, and the relay counted them
 * ({@code media_dtmf_digits_total} on {@code /metrics}) and relayed RTP from both legs.
 */
class BaresipCallIT {
    private static final String PBX_NUMBER = "+14155550101";
    private static final String PBX_IP = "127.0.0.3";
    private static final String CARRIER_IP = "127.0.0.1";
    /** The caller's source: the call lasts this long, since the caller's file ends first. */
    private static final double SOURCE_SECONDS = 4.0;
    /**
     * The callee's source: longer, because the callee starts playing when it answers, before the
     * caller hears the 200 OK (up to a second later on a loaded machine).
     */
    private static final double CALLEE_SECONDS = 2 * SOURCE_SECONDS;
    private static final double AMPLITUDE = 0.5;
    private static final double PBX_HZ = 1000;
    private static final double CARRIER_HZ = 400;
    private static final Duration SETUP = Duration.ofSeconds(10);
    /** Each agent's config, log and recordings, kept for a look after a failure. */
    private static final Path WORK = Path.of("target", "baresip");

    @TempDir
    static Path sources;
    @TempDir
    Path switchData;
    private String test;

    @BeforeEach
    void name(TestInfo info) {
        test = info.getTestMethod().orElseThrow().getName();
    }

    @Test
    void pbxCallsACarrierNumberAndBothHearEachOtherAndTheCarrierGetsTheDigits() throws Exception {
        try (Baresip pbx = pbx(SOURCE_SECONDS); Baresip carrier = carrier(CALLEE_SECONDS);
                Switch d = new Switch(provisioning(pbx, carrier), switchData)) {
            String dialed = "sip:" + Peers.DIALED + "@127.0.0.1:" + d.sipPort;
            call(d, new Party(pbx, PBX_HZ), new Party(carrier, CARRIER_HZ), dialed, "159#");
        }
    }

    @Test
    void carrierCallsThePbxsNumberAndBothHearEachOtherAndThePbxGetsTheDigits() throws Exception {
        try (Baresip pbx = pbx(CALLEE_SECONDS); Baresip carrier = carrier(SOURCE_SECONDS);
                Switch d = new Switch(provisioning(pbx, carrier), switchData)) {
            String dialed = "sip:" + PBX_NUMBER + "@127.0.0.1:" + d.sipPort;
            call(d, new Party(carrier, CARRIER_HZ), new Party(pbx, PBX_HZ), dialed, "*0A7");
        }
    }

    private Baresip pbx(double seconds) throws IOException {
        return Baresip.start(PBX_NUMBER, PBX_IP, true, tone(PBX_HZ, seconds), WORK.resolve(test).resolve("pbx"));
    }

    private Baresip carrier(double seconds) throws IOException {
        return Baresip.start(Peers.DIALED, CARRIER_IP, true, tone(CARRIER_HZ, seconds),
                WORK.resolve(test).resolve("carrier"));
    }

    private static Path tone(double hz, double seconds) throws IOException {
        Path file = sources.resolve(hz + "Hz-" + seconds + "s.wav");
        Wav.tone(8000, hz, AMPLITUDE, seconds).write(file);
        return file;
    }

    /** A user agent and the tone it plays. */
    private record Party(Baresip ua, double hz) {
    }

    private static void call(Switch d, Party caller, Party callee, String dialed, String digits) throws Exception {
        caller.ua().dial(dialed);
        callee.ua().awaitEvent("CALL_ESTABLISHED", SETUP);
        caller.ua().awaitEvent("CALL_ESTABLISHED", SETUP);
        callee.ua().awaitEvent("CALL_RTPESTAB", SETUP);
        for (int i = 0; i < digits.length(); i++) {
            caller.ua().sendDigit(digits.charAt(i));
            callee.ua().awaitEvent("CALL_DTMF_END", i + 1, Duration.ofSeconds(2));
        }
        // Playing the caller's source out is the call's duration: then the caller hangs up.
        Duration playOut = Duration.ofMillis((long) (SOURCE_SECONDS * 1000) + 5000);
        BaresipEvent closed = caller.ua().awaitEvent("CALL_CLOSED", playOut);
        assertThat(closed.param()).as("why the caller's call closed").isEqualTo("end of file");
        callee.ua().awaitEvent("CALL_CLOSED", Duration.ofSeconds(5));

        assertThat(callee.ua().events("CALL_DTMF_START")).as("digits the callee reported: %s", callee.ua())
                .extracting(BaresipEvent::param)
                .containsExactlyElementsOf(digits.chars().mapToObj(Character::toString).toList());
        assertThat(caller.ua().events("CALL_DTMF_START")).as("digits the caller reported").isEmpty();
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                metric(d, "media_dtmf_digits_total", "")).as("media_dtmf_digits_total").isEqualTo(digits.length()));
        // Both directions crossed the relay (20 ms packets). Latching refuses a few of the callee's
        // first packets, which race its 200 OK (no address is signalled for it before the answer);
        // all of them when a leg's latching mode does not fit its source.
        double refused = metric(d, "media_dropped_total", "reason=\"source_mismatch\"");
        for (String leg : List.of("a", "b")) {
            assertThat(metric(d, "media_packets_total", "kind=\"rtp\",leg=\"" + leg + "\""))
                    .as("RTP relayed from leg %s (%s refused by latching)", leg, refused)
                    .isGreaterThan(0.8 * SOURCE_SECONDS * 50);
        }

        assertHeardThePeer(caller, callee);
        assertHeardThePeer(callee, caller);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> d.completedCalls() == 1
                && d.daemon.engine().activeCalls() == 0);
    }

    private static void assertHeardThePeer(Party listener, Party peer) {
        Wav heard = listener.ua().recording(true);
        String who = listener.ua().aor() + " heard " + heard + " (recordings in " + listener.ua().dir() + ")";
        // At least the source's length; at most 2 s more: baresip's recorder runs on its own audio clock
        // from the answer to the BYE, so a loaded machine (the hang-up reaching it late) adds silence
        // at the ends (5.28 s for a 4 s source seen at load average 15), never tone.
        assertThat(heard.seconds()).as(who).isBetween(0.8 * SOURCE_SECONDS, SOURCE_SECONDS + 2.0);
        assertThat(heard.rms()).as(who).isGreaterThan(0.5 * AMPLITUDE / Math.sqrt(2));
        assertThat(heard.toneLevel(peer.hz())).as(who + ": the peer's %s Hz", peer.hz()).isGreaterThan(0.5 * AMPLITUDE);
        assertThat(heard.toneLevel(listener.hz())).as(who + ": its own %s Hz", listener.hz()).isLessThan(0.05);
    }

    /** PBX trunk by source address with the DID, carrier with one gateway, default route to it. */
    private static Provisioning provisioning(Baresip pbx, Baresip carrier) {
        var trunk = new Trunk(null, Demo.ACCOUNT, "pbx", null, List.of(PBX_IP + "/32"), List.of(), null,
                NumberNormalization.STRICT, "US", 0, 0, true, false,
                List.of(new OriginationUrl("pbx", "sip:" + PBX_IP + ":" + pbx.sipPort(), 10, 10, true)), List.of(),
                List.of());
        var gateway = new Gateway("gw1", "sip:" + CARRIER_IP + ":" + carrier.sipPort(), 1, 10, true);
        var carrierTrunk = new Carrier(null, "carrier", CarrierType.SIP, NumberFormat.E164, "", "", "", 0, 0, 0,
                Carrier.DEFAULT_FAILOVER_TIMEOUT_MS, Carrier.DEFAULT_FINAL_RESPONSE_CODES, List.of(gateway),
                List.of(CARRIER_IP + "/32"), List.of(), List.of());
        return Demo.of(List.of(trunk), List.of(carrierTrunk), List.of(new PhoneNumber(null, Demo.ACCOUNT, PBX_NUMBER,
                "pbx")), List.of(Demo.defaultRoute("carrier")));
    }

    /** A counter as the daemon's {@code /metrics} reports it; {@code labels} e.g. {@code reason="closed"}. */
    private static double metric(Switch d, String name, String labels) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + d.daemon.httpPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        String selector = labels.isEmpty() ? "(?:\\{[^}]*})?" : "\\{[^}]*" + Pattern.quote(labels) + "[^}]*}";
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + selector + " (\\S+)$").matcher(r.body());
        assertThat(m.find()).as("%s{%s} in /metrics", name, labels).isTrue();
        return Double.parseDouble(m.group(1));
    }

    /**
     * The daemon in-process on free ports, like {@link E2eDaemon}, but with a relay port range of
     * its own: the other daemons on this machine all start at the default 20000.
     */
    private static final class Switch implements AutoCloseable {
        final int sipPort = FreePorts.udpAndTcp();
        final Daemon daemon;

        Switch(Provisioning provisioning, Path dataDir) throws Exception {
            int mediaMin = MediaPorts.freeRange(MediaPorts.SIZE);
            String yaml = """
                    sip:
                      listen:
                        - transport: udp
                          host: 127.0.0.1
                          port: %d
                    http:
                      port: 0
                    media:
                      port_min: %d
                      port_max: %d
                    simulator:
                      enabled: false
                    """.formatted(sipPort, mediaMin, mediaMin + MediaPorts.SIZE - 1);
            daemon = Daemon.start(new ConfigLoader(n -> null).parse("baresip-it.yaml", yaml), dataDir);
            daemon.snapshots().replace(provisioning);
        }

        double completedCalls() {
            Counter c = daemon.metrics().registry().find("calls").tag("status", "completed").counter();
            return c == null ? 0 : c.count();
        }

        @Override
        public void close() {
            daemon.close();
        }
    }
}
