package io.softswitch.core.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.config.ConfigLoader;
import io.softswitch.config.tls.Certificates;
import io.softswitch.config.tls.Certificates.KeyType;
import io.softswitch.config.tls.PemIdentity;
import io.softswitch.core.daemon.Daemon;
import io.softswitch.core.testing.FreePorts;
import io.softswitch.core.testing.TestConfigs;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's SIP TLS listener: the self-signed default, configured certificates, reload, expiry. */
class SipTlsDaemonTest {
    @TempDir
    Path tmp;

    @Test
    void withoutACertificateTheDaemonCreatesAnOwnerOnlySelfSignedOneOnceAndPrintsItsFingerprint() throws Exception {
        Path data = tmp.resolve("data");
        int tlsPort = FreePorts.udpAndTcp();
        String yaml = withTls(tlsPort, "");
        String printed = startPrinting(yaml, data, d -> {
            X509Certificate presented = optionsOverTls(tlsPort, pemCertificate(data.resolve("tls-cert.pem")));
            assertThat(presented).isEqualTo(pemCertificate(data.resolve("tls-cert.pem")));
        });
        PemIdentity made = PemIdentity.read(data.resolve("tls-cert.pem"), data.resolve("tls-key.pem"));
        assertThat(printed).contains("SHA-256 fingerprint " + made.sha256Fingerprint());
        assertThat(made.leaf().getSubjectAlternativeNames().stream().map(n -> (Object) n.get(1)).toList())
                .containsExactly((Object) "127.0.0.1", "localhost");
        for (String f : List.of("tls-cert.pem", "tls-key.pem")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(f))))
                    .isEqualTo("rw-------");
        }
        // The second start keeps it and prints nothing about it.
        String again = startPrinting(yaml, data, d -> optionsOverTls(tlsPort, made.leaf()));
        assertThat(again).doesNotContain("fingerprint");
        assertThat(PemIdentity.read(data.resolve("tls-cert.pem"), data.resolve("tls-key.pem")).leaf())
                .isEqualTo(made.leaf());
    }

    @Test
    void aConfiguredCertificateIsPresentedItsExpiryIsAMetricAndAChangedOneIsPresentedAfterReload() throws Exception {
        PemIdentity ca = Certificates.authority("test CA", Duration.ofDays(30));
        PemIdentity first = Certificates.issued(ca, KeyType.RSA_2048, List.of("127.0.0.1"),
                Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(5)));
        Path cert = Files.writeString(tmp.resolve("sip.crt"), Certificates.certificatePem(first));
        Path key = Files.writeString(tmp.resolve("sip.key"), Certificates.privateKeyPem(first));
        int tlsPort = FreePorts.udpAndTcp();
        String yaml = withTls(tlsPort, "      certificate: " + cert + "\n      private_key: " + key + "\n");
        try (Daemon d = Daemon.start(new ConfigLoader(n -> null).parse("t.yaml", yaml), tmp.resolve("data"))) {
            assertThat(optionsOverTls(tlsPort, ca.leaf())).isEqualTo(first.leaf());
            long seconds = expirySeconds(d, tlsPort);
            assertThat(seconds).isBetween(Duration.ofDays(5).minusMinutes(5).toSeconds(), Duration.ofDays(5).toSeconds());

            // /admin/reload: new files, new handshakes present the new certificate.
            PemIdentity second = Certificates.issued(ca, KeyType.EC_P256, List.of("127.0.0.1"), Duration.ofDays(20));
            Files.writeString(key, Certificates.privateKeyPem(second));
            Files.writeString(cert, Certificates.certificatePem(second));
            d.reload();
            assertThat(optionsOverTls(tlsPort, ca.leaf())).isEqualTo(second.leaf());
            assertThat(expirySeconds(d, tlsPort)).isGreaterThan(Duration.ofDays(19).toSeconds());

            // A file change alone is picked up too; a broken file is refused and the last good one stays.
            Files.writeString(key, "not a key\n");
            PemIdentity third = Certificates.issued(ca, KeyType.EC_P256, List.of("127.0.0.1"), Duration.ofDays(40));
            Awaitility.await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(8))
                    .until(() -> optionsOverTls(tlsPort, ca.leaf()).equals(second.leaf()));
            Files.writeString(key, Certificates.privateKeyPem(third));
            Files.writeString(cert, Certificates.certificatePem(third));
            Awaitility.await().atMost(Duration.ofSeconds(15))
                    .until(() -> optionsOverTls(tlsPort, ca.leaf()).equals(third.leaf()));
        }
    }

    // --- helpers

    /** The test config on free UDP/TCP ports plus a tls listener on {@code tlsPort}. */
    private static String withTls(int tlsPort, String extra) {
        int port = FreePorts.udpAndTcp();
        return TestConfigs.yaml(port).replace("""
                      port: %d
                http:""".formatted(port), """
                      port: %d
                    - transport: tls
                      host: 127.0.0.1
                      port: %d
                %shttp:""".formatted(port, tlsPort, extra));
    }

    private interface DaemonCheck {
        void check(Daemon d) throws Exception;
    }

    private static synchronized String startPrinting(String yaml, Path data, DaemonCheck check) throws Exception {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (Daemon d = Daemon.start(new ConfigLoader(n -> null).parse("t.yaml", yaml), data)) {
            System.setOut(out);
            check.check(d);
        } finally {
            System.setOut(out);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private static long expirySeconds(Daemon d, int port) {
        Matcher m = Pattern.compile("tls_certificate_expiry_seconds\\{certificate=\"tls 127.0.0.1:" + port
                + "\",?} (\\S+)").matcher(d.metrics().scrape());
        assertThat(m.find()).as(d.metrics().scrape()).isTrue();
        return (long) Double.parseDouble(m.group(1));
    }

    private static X509Certificate pemCertificate(Path file) throws Exception {
        return PemIdentity.certificates(file).get(0);
    }

    /** Sends OPTIONS over TLS trusting {@code anchor}; returns the certificate the switch presented. */
    private static X509Certificate optionsOverTls(int port, X509Certificate anchor) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("anchor", anchor);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("OPTIONS sip:127.0.0.1 SIP/2.0\r\n"
                    + "Via: SIP/2.0/TLS 127.0.0.1:5999;branch=z9hG4bK" + System.nanoTime() + "\r\n"
                    + "Max-Forwards: 70\r\nFrom: <sip:t@127.0.0.1>;tag=1\r\nTo: <sip:127.0.0.1>\r\n"
                    + "Call-ID: tls-" + System.nanoTime() + "\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            byte[] head = new byte[12];
            int n = in.readNBytes(head, 0, head.length);
            assertThat(new String(head, 0, n, StandardCharsets.US_ASCII)).isEqualTo("SIP/2.0 200 ");
            Certificate[] peer = s.getSession().getPeerCertificates();
            return (X509Certificate) peer[0];
        }
    }
}
