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
import io.softswitch.core.testing.Sipp;
import io.softswitch.core.testing.TestConfigs;
import io.softswitch.sip.InDialogRequest;
import io.softswitch.sip.InboundLeg;
import io.softswitch.sip.Leg;
import io.softswitch.sip.LegListener;
import io.softswitch.sip.OverloadLimit;
import io.softswitch.sip.SipBinding;
import io.softswitch.sip.SipBody;
import io.softswitch.sip.SipEndpoint;
import io.softswitch.sip.SipEvents;
import io.softswitch.sip.SipSecurity;
import io.softswitch.sip.SipSettings;
import io.softswitch.sip.SipTls;
import io.softswitch.sip.TlsIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PBX (SIPp, UDP) -> softswitch -> carrier over TLS ({@code sips:} and {@code ;transport=tls}): the
 * carrier's certificate must chain to {@code sip.tls.trusted_ca} and name the host dialled.
 */
class TlsCarrierTest {
    private static final PemIdentity CA = Certificates.authority("carrier CA", Duration.ofDays(1));

    @TempDir
    Path tmp;

    @Test
    void aCallReachesACarrierOverTlsWhoseCertificateNamesTheHostDialled() throws Exception {
        for (String scheme : List.of("sips:127.0.0.1:%d", "sip:127.0.0.1:%d;transport=tls")) {
            try (TlsCarrier carrier = new TlsCarrier(leaf("127.0.0.1"));
                    Daemon d = daemon(scheme.formatted(carrier.port))) {
                Sipp.Result pbx = Sipp.scenario("uac-call.xml").arg("-s", DIALED).runAgainst(sipPort(d));
                assertThat(pbx.allCallsSucceeded()).as(pbx.toString()).isTrue();
                assertThat(carrier.vias).hasSize(1);
                assertThat(carrier.vias.get(0)).startsWith("SIP/2.0/TLS ");
                assertThat(carrier.users).containsExactly(DIALED);
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> carrier.byes.size() == 1);
            }
        }
    }

    @Test
    void aPbxOverTlsCallsThroughToACarrierOverTlsTrustingTheSwitchsSelfSignedCertificate() throws Exception {
        try (TlsCarrier carrier = new TlsCarrier(leaf("127.0.0.1"));
                Daemon d = daemon("sips:127.0.0.1:" + carrier.port)) {
            Path selfSigned = dataDir.resolve("tls-cert.pem");
            int pbxPort = FreePorts.udpAndTcp();
            SipBinding pbxTls = new SipBinding("tls", "127.0.0.1", pbxPort);
            PemIdentity pbxId = leaf("127.0.0.1");
            java.util.concurrent.CompletableFuture<String> outcome = new java.util.concurrent.CompletableFuture<>();
            try (SipEndpoint pbx = SipEndpoint.start(new SipSettings("tls-pbx-" + pbxPort, List.of(pbxTls), "pbx", 2,
                    65536, "", SipSecurity.DEFAULTS, OverloadLimit.steady(200), 8,
                    new SipTls(Map.of(pbxTls, new TlsIdentity(pbxId.key(), pbxId.chain())), List.of(),
                            PemIdentity.certificates(selfSigned), Optional.empty(), SipTls.DEFAULT_HANDSHAKE_TIMEOUT)),
                    SipEvents.NONE)) {
                pbx.dial(new io.softswitch.sip.OutboundRequest(io.softswitch.sip.SipUri.parse("sips:127.0.0.1:" + tlsPort),
                        DIALED, "+14155550199", null, offer(), List.of(), 70, null, null),
                        new io.softswitch.sip.OutboundListener() {
                            @Override
                            public void onProvisional(io.softswitch.sip.OutboundLeg leg,
                                    io.softswitch.sip.SipStatus status, SipBody body) {
                            }

                            @Override
                            public void onAnswered(io.softswitch.sip.OutboundLeg leg, SipBody body) {
                                leg.ack(null);
                                leg.hangup();
                                outcome.complete("answered");
                            }

                            @Override
                            public void onFailed(io.softswitch.sip.OutboundLeg leg, io.softswitch.sip.SipReply reply) {
                                outcome.complete("failed " + reply.status());
                            }

                            @Override
                            public void onRequest(Leg leg, InDialogRequest request) {
                            }

                            @Override
                            public void onBye(Leg leg) {
                            }
                        });
                assertThat(outcome.get(20, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("answered");
                assertThat(carrier.vias).hasSize(1).allMatch(v -> v.startsWith("SIP/2.0/TLS "));
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> carrier.byes.size() == 1);
            }
        }
    }

    private static SipBody offer() {
        return SipBody.sdp("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + FreePorts.udpAndTcp() + " RTP/AVP 0\r\n");
    }

    @Test
    void aCarrierWhoseCertificateNamesAnotherHostNeverGetsTheCall() throws Exception {
        try (TlsCarrier carrier = new TlsCarrier(leaf("carrier.example"));
                Daemon d = daemon("sips:127.0.0.1:" + carrier.port)) {
            Sipp.Result pbx = Sipp.scenario("uac-call.xml").arg("-s", DIALED).runAgainst(sipPort(d));
            assertThat(pbx.allCallsSucceeded()).as(pbx.toString()).isFalse();
            assertThat(carrier.users).isEmpty();
        }
    }

    private int sipPort;
    private int tlsPort;
    private Path dataDir;

    private int sipPort(Daemon d) {
        return sipPort;
    }

    private Daemon daemon(String gatewayUrl) throws Exception {
        sipPort = FreePorts.udpAndTcp();
        tlsPort = FreePorts.udpAndTcp();
        dataDir = Files.createTempDirectory(tmp, "data");
        Path ca = Files.writeString(tmp.resolve("ca-" + System.nanoTime() + ".pem"), Certificates.certificatePem(CA));
        String yaml = TestConfigs.yaml(sipPort).replace("http:\n", """
                    - transport: tls
                      host: 127.0.0.1
                      port: %d
                  tls:
                    trusted_ca: %s
                http:
                """.formatted(tlsPort, ca));
        Daemon d = Daemon.start(new ConfigLoader(n -> null).parse("tls.yaml", yaml), dataDir);
        Carrier base = Demo.carrier("carrier", List.of(), 1);
        Carrier c = new Carrier(base.sid(), base.name(), base.type(), base.numberFormat(), base.techPrefix(),
                base.username(), base.password(), base.cpsLimit(), base.concurrentCallLimit(),
                base.probeIntervalSeconds(), 3000, base.finalResponseCodes(),
                List.of(new Gateway("gw1", gatewayUrl, 1, 10, true)), base.inboundIps(), List.of(), List.of());
        d.snapshots().replace(Demo.termination(c));
        return d;
    }

    private static PemIdentity leaf(String name) {
        return Certificates.issued(CA, KeyType.EC_P256, List.of(name), Duration.ofDays(1));
    }

    /** A carrier that is a SIP endpoint listening on TLS only: answers every INVITE, records what came. */
    private static final class TlsCarrier implements AutoCloseable {
        final int port = FreePorts.udpAndTcp();
        final List<String> vias = new CopyOnWriteArrayList<>();
        final List<String> users = new CopyOnWriteArrayList<>();
        final List<String> byes = new CopyOnWriteArrayList<>();
        final SipEndpoint sip;

        TlsCarrier(PemIdentity id) throws Exception {
            SipBinding tls = new SipBinding("tls", "127.0.0.1", port);
            sip = SipEndpoint.start(new SipSettings("tls-carrier-" + port, List.of(tls), "carrier", 2, 65536, "",
                    SipSecurity.DEFAULTS, OverloadLimit.steady(200), 8,
                    new SipTls(Map.of(tls, new TlsIdentity(id.key(), id.chain())), List.of(), List.of(),
                            Optional.empty(), SipTls.DEFAULT_HANDSHAKE_TIMEOUT)), SipEvents.NONE);
            sip.setHandler((InboundLeg leg) -> {
                vias.add(leg.invite().header("Via").orElse(""));
                users.add(leg.invite().requestUser());
                leg.setListener(new LegListener() {
                    @Override
                    public void onRequest(Leg l, InDialogRequest request) {
                    }

                    @Override
                    public void onBye(Leg l) {
                        byes.add("bye");
                    }
                });
                leg.answer(SipBody.sdp("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                        + "m=audio " + FreePorts.udpAndTcp() + " RTP/AVP 0\r\n"));
            });
        }

        @Override
        public void close() {
            sip.close();
        }
    }
}
