package io.softswitch.sip.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.softswitch.config.tls.Certificates;
import io.softswitch.config.tls.Certificates.KeyType;
import io.softswitch.config.tls.PemIdentity;
import io.softswitch.sip.OverloadLimit;
import io.softswitch.sip.ProbeOutcome;
import io.softswitch.sip.SipBinding;
import io.softswitch.sip.SipEndpoint;
import io.softswitch.sip.SipEvents;
import io.softswitch.sip.SipSecurity;
import io.softswitch.sip.SipSettings;
import io.softswitch.sip.SipStatus;
import io.softswitch.sip.SipTls;
import io.softswitch.sip.SipUri;
import io.softswitch.sip.TlsIdentity;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SIP over TLS on real sockets: our listener against a JSSE client, and our outbound TLS against
 * a second endpoint's listener. Certificates come from a test CA.
 */
class TlsWireTest {
    private static final PemIdentity CA = Certificates.authority("test CA", Duration.ofDays(1));

    private final List<SipEndpoint> endpoints = new java.util.ArrayList<>();
    private final List<String> refusals = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<String> peerFailures = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final SipEvents events = new SipEvents() {
        @Override
        public void tlsRefused(String reason) {
            refusals.add(reason);
        }

        @Override
        public void tlsPeerFailed(String reason) {
            peerFailures.add(reason);
        }
    };

    @AfterEach
    void close() {
        endpoints.forEach(SipEndpoint::close);
    }

    @Test
    void anRsaAndAnEcListenerAnswerOptionsOverTls13WithAnAeadSuite() throws Exception {
        for (KeyType type : KeyType.values()) {
            SipEndpoint server = start("srv-" + type, server(leaf(type, "127.0.0.1"), List.of()));
            try (SSLSocket s = client(List.of("TLSv1.3", "TLSv1.2"), Optional.empty(), tlsPort(server))) {
                assertThat(options(s)).startsWith("SIP/2.0 200 OK");
                assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1.3");
                assertThat(s.getSession().getCipherSuite()).contains("GCM");
                assertThat(s.getSession().getPeerCertificates()[0].getPublicKey().getAlgorithm())
                        .isEqualTo(type == KeyType.RSA_2048 ? "RSA" : "EC");
            }
        }
    }

    @Test
    void tls12IsAcceptedWithAForwardSecretSuiteAndTls11IsRefused() throws Exception {
        SipEndpoint server = start("srv-proto", server(leaf(KeyType.RSA_2048, "127.0.0.1"), List.of()));
        try (SSLSocket s = client(List.of("TLSv1.2"), Optional.empty(), tlsPort(server))) {
            assertThat(options(s)).startsWith("SIP/2.0 200 OK");
            assertThat(s.getSession().getCipherSuite()).startsWith("TLS_ECDHE_").contains("GCM");
        }
        // The JDK's client will not offer TLS 1.0/1.1 any more: OpenSSL's still does (at security level 0).
        for (String old : List.of("-tls1_1", "-tls1")) {
            Process p = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + tlsPort(server), old,
                    "-cipher", "DEFAULT@SECLEVEL=0").redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isNotZero();
            assertThat(out).doesNotContain("BEGIN CERTIFICATE");
        }
        // Still serving.
        try (SSLSocket s = client(List.of("TLSv1.3"), Optional.empty(), tlsPort(server))) {
            assertThat(options(s)).startsWith("SIP/2.0 200 OK");
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> refusals.size() == 2);
        assertThat(refusals).containsExactly("protocol", "protocol");
    }

    @Test
    void plainSipOnTheTlsPortAndASilentClientAreClosedWithoutLeakingThreads() throws Exception {
        SipEndpoint server = start("srv-bad", server(leaf(KeyType.EC_P256, "127.0.0.1"), List.of())
                .withHandshakeTimeout(Duration.ofMillis(1000)));
        int port = tlsPort(server);
        assertThat(tlsChannelThreads()).isZero();
        for (int i = 0; i < 10; i++) {
            try (Socket plain = new Socket(InetAddress.getLoopbackAddress(), port)) {
                plain.setSoTimeout(5000);
                plain.getOutputStream().write(optionsText().getBytes(StandardCharsets.US_ASCII));
                assertThat(readToEnd(plain.getInputStream())).doesNotContain("SIP/2.0");
            }
        }
        long start = System.nanoTime();
        try (Socket silent = new Socket(InetAddress.getLoopbackAddress(), port)) {
            silent.setSoTimeout(10_000);
            // Closed by the server after the handshake timeout (at most a TLS alert comes first).
            assertThat(readToEnd(silent.getInputStream())).hasSizeLessThan(16).doesNotContain("SIP/2.0");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));
        // Every refused connection's thread has ended.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> tlsChannelThreads() == 0);
        try (SSLSocket s = client(List.of("TLSv1.3"), Optional.empty(), port)) {
            assertThat(options(s)).startsWith("SIP/2.0 200 OK");
        }
        // (a connection an earlier test left behind may still be reported as "closed")
        assertThat(refusals).filteredOn("not-tls"::equals).hasSize(10);
        assertThat(refusals).filteredOn("timeout"::equals).hasSize(1);
        assertThat(refusals).allMatch(r -> List.of("not-tls", "timeout", "closed").contains(r));
    }

    @Test
    void anEstablishedConnectionOutlivesTheHandshakeTimeout() throws Exception {
        SipEndpoint server = start("srv-idle", server(leaf(KeyType.EC_P256, "127.0.0.1"), List.of())
                .withHandshakeTimeout(Duration.ofMillis(300)));
        try (SSLSocket s = client(List.of("TLSv1.3"), Optional.empty(), tlsPort(server))) {
            s.startHandshake();
            Thread.sleep(1000); // idle well past the handshake timeout
            assertThat(options(s)).startsWith("SIP/2.0 200 OK");
        }
        try (SSLSocket s = client(List.of("TLSv1.2"), Optional.empty(), tlsPort(server))) {
            s.startHandshake();
            Thread.sleep(1000);
            assertThat(options(s)).startsWith("SIP/2.0 200 OK");
        }
        assertThat(refusals).isEmpty();
    }

    @Test
    void outboundTlsReachesAPeerWhoseCertificateNamesTheHostDialled() throws Exception {
        SipEndpoint carrier = start("carrier-ok", server(leaf(KeyType.EC_P256, "127.0.0.1"), List.of()));
        SipEndpoint us = start("us-ok", caller(Optional.empty()));
        assertThat(probe(us, "sips:127.0.0.1:" + tlsPort(carrier))).isEqualTo(SipStatus.OK);
        assertThat(probe(us, "sip:127.0.0.1:" + tlsPort(carrier) + ";transport=tls")).isEqualTo(SipStatus.OK);
    }

    @Test
    void outboundTlsRefusesACertificateForAnotherNameOrFromAnUntrustedCa() throws Exception {
        SipEndpoint wrongName = start("carrier-name", server(leaf(KeyType.EC_P256, "other.example"), List.of()));
        PemIdentity stranger = Certificates.selfSigned(KeyType.EC_P256, List.of("127.0.0.1"), Duration.ofDays(1));
        SipEndpoint wrongCa = start("carrier-ca", server(stranger, List.of()));
        SipEndpoint us = start("us-refuse", caller(Optional.empty()));
        assertThat(probeOutcome(us, "sips:127.0.0.1:" + tlsPort(wrongName))).isInstanceOf(ProbeOutcome.NotSent.class);
        assertThat(probeOutcome(us, "sips:127.0.0.1:" + tlsPort(wrongCa))).isInstanceOf(ProbeOutcome.NotSent.class);
        // Each refusal is counted by why (sip_tls_peer_failures_total{reason}).
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> peerFailures.size() >= 2);
        assertThat(peerFailures).containsExactly("name", "untrusted");
    }

    @Test
    void aListenerWithAClientCaRequiresAClientCertificateFromIt() throws Exception {
        SipEndpoint pbxSide = start("mtls", server(leaf(KeyType.RSA_2048, "127.0.0.1"), CA.chain()));
        SipEndpoint known = start("mtls-known", caller(Optional.of(tls(leaf(KeyType.EC_P256, "127.0.0.1")))));
        String target = "sips:127.0.0.1:" + tlsPort(pbxSide);
        assertThat(probe(known, target)).isEqualTo(SipStatus.OK);
        assertThatThrownBy(() -> {
            try (SSLSocket s = client(List.of("TLSv1.3"), Optional.empty(), tlsPort(pbxSide))) {
                options(s);
            }
        }).isInstanceOf(IOException.class);
        // A certificate from another CA is refused too, over TLS 1.3 and 1.2; each refusal is counted.
        PemIdentity stranger = Certificates.selfSigned(KeyType.EC_P256, List.of("127.0.0.1"), Duration.ofDays(1));
        long threads = tlsChannelThreads();
        for (String version : List.of("TLSv1.3", "TLSv1.2")) {
            assertThatThrownBy(() -> {
                try (SSLSocket s = client(List.of(version), Optional.of(stranger), tlsPort(pbxSide))) {
                    options(s);
                }
            }).as(version).isInstanceOf(IOException.class);
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> refusals.stream().filter("certificate"::equals).count() >= 3);
        // no thread left waiting on a refused connection
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> tlsChannelThreads() <= threads);
        assertThat(probe(known, target)).isEqualTo(SipStatus.OK);
    }

    @Test
    void aReloadedCertificateIsPresentedOnNewConnections() throws Exception {
        PemIdentity first = leaf(KeyType.EC_P256, "127.0.0.1");
        SipEndpoint server = start("reload", server(first, List.of()));
        PemIdentity second = leaf(KeyType.RSA_2048, "127.0.0.1");
        server.reloadTls(Map.of(tlsBinding(server), tls(second)), Optional.empty());
        try (SSLSocket s = client(List.of("TLSv1.3"), Optional.empty(), tlsPort(server))) {
            assertThat(options(s)).startsWith("SIP/2.0 200 OK");
            assertThat(s.getSession().getPeerCertificates()[0]).isEqualTo(second.leaf());
        }
    }

    @Test
    void reloadedClientAndTrustedCasApplyToNewHandshakesWithoutARestart() throws Exception {
        PemIdentity otherCa = Certificates.authority("other CA", Duration.ofDays(1));
        PemIdentity fromOther = Certificates.issued(otherCa, KeyType.EC_P256, List.of("127.0.0.1"), Duration.ofDays(1));
        // Inbound: client_ca is CA, then otherCa.
        PemIdentity own = leaf(KeyType.EC_P256, "127.0.0.1");
        SipEndpoint pbxSide = start("ca-reload", server(own, CA.chain()));
        assertThatThrownBy(() -> {
            try (SSLSocket s = client(List.of("TLSv1.3"), Optional.of(fromOther), tlsPort(pbxSide))) {
                options(s);
            }
        }).isInstanceOf(IOException.class);
        pbxSide.reloadTls(new SipTls(Map.of(tlsBinding(pbxSide), tls(own)), otherCa.chain(), CA.chain(),
                Optional.empty(), SipTls.DEFAULT_HANDSHAKE_TIMEOUT));
        try (SSLSocket s = client(List.of("TLSv1.3"), Optional.of(fromOther), tlsPort(pbxSide))) {
            assertThat(options(s)).startsWith("SIP/2.0 200 OK");
        }
        // Outbound: trusted_ca is CA, then otherCa; the name check still applies after the swap.
        SipEndpoint carrier = start("ca-reload-carrier", server(fromOther, List.of()));
        SipEndpoint us = start("ca-reload-us", caller(Optional.empty()));
        assertThat(probeOutcome(us, "sips:127.0.0.1:" + tlsPort(carrier))).isInstanceOf(ProbeOutcome.NotSent.class);
        SipTls usNow = new SipTls(Map.of(tlsBinding(us), tls(leaf(KeyType.EC_P256, "127.0.0.1"))), List.of(),
                otherCa.chain(), Optional.empty(), SipTls.DEFAULT_HANDSHAKE_TIMEOUT);
        us.reloadTls(usNow);
        assertThat(probe(us, "sips:127.0.0.1:" + tlsPort(carrier))).isEqualTo(SipStatus.OK);
        SipEndpoint wrongName = start("ca-reload-name", server(
                Certificates.issued(otherCa, KeyType.EC_P256, List.of("other.example"), Duration.ofDays(1)), List.of()));
        assertThat(probeOutcome(us, "sips:127.0.0.1:" + tlsPort(wrongName))).isInstanceOf(ProbeOutcome.NotSent.class);
    }

    // --- helpers

    private static long tlsChannelThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("TLSMessageChannelThread")).count();
    }

    private static PemIdentity leaf(KeyType type, String name) {
        return Certificates.issued(CA, type, List.of(name), Duration.ofDays(1));
    }

    private static TlsIdentity tls(PemIdentity id) {
        return new TlsIdentity(id.key(), id.chain());
    }

    private static Tls server(PemIdentity id, List<X509Certificate> clientCas) throws IOException {
        SipBinding b = new SipBinding("tls", "127.0.0.1", freePort());
        return new Tls(new SipTls(Map.of(b, tls(id)), clientCas, CA.chain(), Optional.empty(),
                SipTls.DEFAULT_HANDSHAKE_TIMEOUT), List.of(b));
    }

    private static Tls caller(Optional<TlsIdentity> client) throws IOException {
        PemIdentity own = leaf(KeyType.EC_P256, "127.0.0.1");
        int port = freePort();
        SipBinding b = new SipBinding("tls", "127.0.0.1", port);
        return new Tls(new SipTls(Map.of(b, tls(own)), List.of(), CA.chain(), client,
                SipTls.DEFAULT_HANDSHAKE_TIMEOUT), List.of(new SipBinding("udp", "127.0.0.1", port), b));
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static SipBinding tlsBinding(SipEndpoint e) {
        return e.bindings().stream().filter(b -> b.transport().equals("tls")).findFirst().orElseThrow();
    }

    private record Tls(SipTls tls, List<SipBinding> bindings) {
        Tls withHandshakeTimeout(Duration d) {
            return new Tls(new SipTls(tls.listeners(), tls.clientCas(), tls.trustedCas(), tls.client(), d), bindings);
        }
    }

    private SipEndpoint start(String name, Tls t) throws IOException {
        SipEndpoint e = SipEndpoint.start(new SipSettings("tls-" + name + "-" + System.nanoTime(), t.bindings(),
                "softswitch-test", 2, 65536, "", SipSecurity.DEFAULTS, OverloadLimit.steady(200), 8, t.tls()),
                events);
        endpoints.add(e);
        return e;
    }

    private static int tlsPort(SipEndpoint e) {
        return tlsBinding(e).port();
    }

    private static SipStatus probe(SipEndpoint from, String target) throws Exception {
        ProbeOutcome o = probeOutcome(from, target);
        assertThat(o).isInstanceOf(ProbeOutcome.Answered.class);
        return ((ProbeOutcome.Answered) o).reply().status();
    }

    private static ProbeOutcome probeOutcome(SipEndpoint from, String target) throws Exception {
        CompletableFuture<ProbeOutcome> f = new CompletableFuture<>();
        from.probe(SipUri.parse(target), f::complete);
        return f.get(40, TimeUnit.SECONDS);
    }

    private static SSLSocket client(List<String> protocols, Optional<PemIdentity> id, int port) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", CA.leaf());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        javax.net.ssl.KeyManager[] keys = null;
        if (id.isPresent()) { // the client certificate presented when the server asks for one
            KeyStore own = KeyStore.getInstance("PKCS12");
            own.load(null, null);
            own.setKeyEntry("client", id.get().key(), new char[0], id.get().chain().toArray(new X509Certificate[0]));
            javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance("PKIX");
            kmf.init(own, new char[0]);
            keys = kmf.getKeyManagers();
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(keys, tmf.getTrustManagers(), null);
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port);
        s.setEnabledProtocols(protocols.toArray(String[]::new));
        s.setSoTimeout(10_000);
        return s;
    }

    private static String options(SSLSocket s) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(optionsText().getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = s.getInputStream();
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            sb.append((char) c);
            if (sb.toString().endsWith("\r\n\r\n")) {
                break;
            }
        }
        return sb.toString();
    }

    private static String optionsText() {
        return "OPTIONS sip:127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/TLS 127.0.0.1:5999;branch=z9hG4bK" + System.nanoTime() + "\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:t@127.0.0.1>;tag=1\r\nTo: <sip:127.0.0.1>\r\n"
                + "Call-ID: tls-" + System.nanoTime() + "\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
    }

    private static String readToEnd(InputStream in) {
        StringBuilder sb = new StringBuilder();
        try {
            int c;
            while ((c = in.read()) != -1) {
                sb.append((char) c);
            }
        } catch (IOException e) {
            sb.append("[").append(e.getClass().getSimpleName()).append("]");
        }
        return sb.toString();
    }
}
