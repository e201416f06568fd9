package io.softswitch.core.e2e;

import static io.softswitch.core.e2e.Peers.DIALED;
import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.config.ConfigLoader;
import io.softswitch.config.provisioning.Carrier;
import io.softswitch.config.provisioning.Gateway;
import io.softswitch.config.tls.Certificates;
import io.softswitch.config.tls.Certificates.KeyType;
import io.softswitch.config.tls.PemIdentity;
import io.softswitch.core.daemon.Daemon;
import io.softswitch.core.testing.FreePorts;
import io.softswitch.core.testing.KamailioTlsCarrier;
import io.softswitch.core.testing.Sipp;
import io.softswitch.core.testing.TestConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Mutual TLS to a real carrier: Debian's Kamailio with kamailio-tls-modules, on free loopback ports,
 * asks every client for a certificate from the test CA and relays the INVITEs it gets to a SIPp UAS.
 * One TLS listener presents a certificate for 127.0.0.1 (the host we dial); another presents one for
 * {@code carrier.example}, which our name check must refuse before the INVITE is sent.
 * PBX (SIPp, UDP) -> softswitch -> Kamailio (TLS, mutual) -> SIPp UAS (UDP).
 */
class KamailioMutualTlsCarrierTest {
    private static final PemIdentity CA = Certificates.authority("carrier CA", Duration.ofDays(1));
    private static final String CLIENT_CN = "softswitch.client.test";
    private static final Path DIR = Path.of("target", "kamailio-mtls-" + ProcessHandle.current().pid())
            .toAbsolutePath();

    static KamailioTlsCarrier kamailio;
    static Sipp.Running uas;
    static int uasPort;
    static int rightName;
    static int wrongName;
    static Path caFile;

    @BeforeAll
    static void startCarrier() throws Exception {
        Files.createDirectories(DIR);
        caFile = write("ca.pem", Certificates.certificatePem(CA));
        PemIdentity good = Certificates.issued(CA, KeyType.EC_P256, List.of("127.0.0.1"), Duration.ofDays(1));
        PemIdentity other = Certificates.issued(CA, KeyType.RSA_2048, List.of("carrier.example"), Duration.ofDays(1));
        rightName = FreePorts.udpAndTcp();
        wrongName = FreePorts.udpAndTcp();
        uasPort = FreePorts.udpAndTcp();
        // Serves the whole class: SIPp's 30 s default run time is raised (a later -timeout wins).
        uas = Sipp.scenario("uas-answer.xml").localPort(uasPort).calls(100).arg("-timeout", "600s").startServer();
        kamailio = KamailioTlsCarrier.start(DIR.resolve("kamailio"), List.of(
                new KamailioTlsCarrier.TlsListener(rightName, write("good.crt", Certificates.certificatePem(good)),
                        write("good.key", Certificates.privateKeyPem(good))),
                new KamailioTlsCarrier.TlsListener(wrongName, write("other.crt", Certificates.certificatePem(other)),
                        write("other.key", Certificates.privateKeyPem(other)))),
                caFile, uasPort);
    }

    @AfterAll
    static void stopCarrier() throws Exception {
        if (kamailio != null) {
            kamailio.close();
        }
        if (uas != null) {
            uas.close();
        }
    }

    @Test
    void aCarrierWithTheWrongNameIsRefusedAndCountedAndTheCallFailsOverToOneThatVerifiesOurClientCertificate()
            throws Exception {
        int before = kamailio.invites().size();
        try (Daemon d = daemon(true, "sips:127.0.0.1:" + wrongName, "sip:127.0.0.1:" + rightName + ";transport=tls")) {
            Sipp.Result pbx = Peers.pbx("uac-final.xml", DIALED).runAgainst(sipPort);
            assertThat(Peers.finals(pbx)).as(pbx.toString()).containsExactly("200 OK");
            List<KamailioTlsCarrier.Invite> invites = kamailio.invites().subList(before, kamailio.invites().size());
            // Only the gateway whose certificate names the host dialled got the INVITE, over TLS,
            // and Kamailio verified the certificate we presented.
            assertThat(invites).containsExactly(new KamailioTlsCarrier.Invite("tls", rightName, true, CLIENT_CN, DIALED));
            assertThat(counter(d, "sip_tls_peer_failures_total", "name")).isGreaterThanOrEqualTo(1);
            assertThat(counter(d, "sip_tls_peer_failures_total", "handshake")).isZero();
        }
    }

    @Test
    void withOnlyAWrongNameGatewayThePbxGets503AndTheCarrierSeesNoInvite() throws Exception {
        int before = kamailio.invites().size();
        try (Daemon d = daemon(true, "sips:127.0.0.1:" + wrongName)) {
            Sipp.Result pbx = Peers.pbx("uac-final.xml", DIALED).runAgainst(sipPort);
            assertThat(Peers.finals(pbx)).as(pbx.toString()).containsExactly("503 Service Unavailable");
            assertThat(kamailio.invites()).hasSize(before);
            assertThat(counter(d, "sip_tls_peer_failures_total", "name")).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void withoutAClientCertificateTheCarrierRefusesUsAndThePbxGets503() throws Exception {
        int before = kamailio.invites().size();
        try (Daemon d = daemon(false, "sips:127.0.0.1:" + rightName)) {
            Sipp.Result pbx = Peers.pbx("uac-final.xml", DIALED).runAgainst(sipPort);
            // TLS 1.3 sends the carrier's refusal of a missing client certificate after our side of
            // the handshake has finished: the stack sees the connection close, not a handshake
            // failure, so the gateway counts as not answering (408) rather than refused (503).
            assertThat(Peers.finals(pbx)).as(pbx.toString()).singleElement()
                    .isIn("408 Request Timeout", "503 Service Unavailable");
            assertThat(kamailio.invites()).hasSize(before);
            assertThat(kamailio.log()).contains("peer did not return a certificate");
        }
    }

    // --- helpers

    private static int sipPort;

    /** A daemon trusting the test CA, with or without a client certificate, routing to {@code gateways}. */
    private static Daemon daemon(boolean clientCertificate, String... gateways) throws Exception {
        sipPort = FreePorts.udpAndTcp();
        int tlsPort = FreePorts.udpAndTcp();
        String client = "";
        if (clientCertificate) {
            PemIdentity id = Certificates.issued(CA, KeyType.EC_P256, List.of(CLIENT_CN), Duration.ofDays(1));
            client = "    client_certificate: " + write("client-" + System.nanoTime() + ".crt",
                    Certificates.certificatePem(id)) + "\n    client_private_key: "
                    + write("client-" + System.nanoTime() + ".key", Certificates.privateKeyPem(id)) + "\n";
        }
        String yaml = TestConfigs.yaml(sipPort).replace("http:\n", """
                    - transport: tls
                      host: 127.0.0.1
                      port: %d
                  tls:
                    trusted_ca: %s
                %shttp:
                """.formatted(tlsPort, caFile, client));
        Daemon d = Daemon.start(new ConfigLoader(n -> null).parse("mtls.yaml", yaml),
                Files.createTempDirectory(DIR, "data"));
        Carrier base = Demo.carrier("carrier", List.of(), 1);
        List<Gateway> gws = new java.util.ArrayList<>();
        for (int i = 0; i < gateways.length; i++) {
            gws.add(new Gateway("gw" + (i + 1), gateways[i], i + 1, 10, true));
        }
        Carrier c = new Carrier(base.sid(), base.name(), base.type(), base.numberFormat(), base.techPrefix(),
                base.username(), base.password(), base.cpsLimit(), base.concurrentCallLimit(),
                base.probeIntervalSeconds(), 3000, base.finalResponseCodes(), gws, base.inboundIps(), List.of(),
                List.of());
        d.snapshots().replace(Demo.termination(c));
        return d;
    }

    private static Path write(String name, String text) throws Exception {
        return Files.writeString(DIR.resolve(name), text);
    }

    private static double counter(Daemon d, String name, String reason) {
        Matcher m = Pattern.compile(name + "\\{reason=\"" + reason + "\",?} (\\S+)").matcher(d.metrics().scrape());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
