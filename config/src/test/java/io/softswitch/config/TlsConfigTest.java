package io.softswitch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.softswitch.config.tls.Certificates;
import io.softswitch.config.tls.Certificates.KeyType;
import io.softswitch.config.tls.PemIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsConfigTest {
    private final ConfigLoader loader = new ConfigLoader(name -> null);

    @TempDir
    Path dir;

    @Test
    void aTlsListenerReadsItsCertificateKeyAndClientCaAndDefaultsToPort5061() throws Exception {
        Path cert = write("sip.crt", Certificates.certificatePem(rsa()));
        PemIdentity ec = Certificates.selfSigned(KeyType.EC_P256, List.of("127.0.0.1"), Duration.ofDays(1));
        Path ecCert = write("ec.crt", Certificates.certificatePem(ec));
        Path ecKey = write("ec.key", Certificates.privateKeyPem(ec));
        SipConfig sip = loader.parse("t.yaml", """
                sip:
                  listen:
                    - {transport: tls, host: 127.0.0.1, certificate: %s, private_key: %s, client_ca: %s}
                  tls: {handshake_timeout_ms: 2000, trusted_ca: %s}
                """.formatted(ecCert, ecKey, cert, cert)).sip();
        assertThat(sip.listen()).containsExactly(new ListenAddress(Transport.TLS, "127.0.0.1", 5061,
                Optional.of(new ListenerTls(Optional.of(new CertificateFiles(ecCert, ecKey)), Optional.of(cert)))));
        assertThat(sip.tls()).isEqualTo(new SipTlsConfig(2000, Optional.of(cert), Optional.empty()));
    }

    @Test
    void aTlsListenerWithoutCertificateUsesTheSelfSignedDefault() throws Exception {
        SipConfig sip = loader.parse("t.yaml", "sip:\n  listen:\n    - {transport: tls, port: 5071}\n").sip();
        assertThat(sip.listen().get(0).tls()).contains(ListenerTls.SELF_SIGNED);
    }

    @Test
    void aMissingCertificateFileIsAProblemAtItsLine() {
        assertProblems("""
                sip:
                  listen:
                    - transport: tls
                      certificate: /nonexistent/sip.crt
                      private_key: /nonexistent/sip.key
                """,
                "t.yaml:4: sip.listen[0].certificate: /nonexistent/sip.crt (expected: a readable PEM certificate"
                        + " chain, leaf first (cannot read /nonexistent/sip.crt: NoSuchFileException))");
    }

    @Test
    void anUnreadableOrNonPemFileIsAProblemAtItsLine() throws Exception {
        PemIdentity id = rsa();
        Path cert = write("sip.crt", Certificates.certificatePem(id));
        Path notPem = write("junk.key", "hello\n");
        assertProblems("""
                sip:
                  listen:
                    - transport: tls
                      certificate: %s
                      private_key: %s
                  tls:
                    trusted_ca: %s
                """.formatted(cert, notPem, notPem),
                "t.yaml:5: sip.listen[0].private_key: " + notPem + " (expected: a readable, unencrypted PEM private"
                        + " key (" + notPem + " holds no unencrypted PEM private key (PRIVATE KEY, RSA PRIVATE KEY or"
                        + " EC PRIVATE KEY)))",
                "t.yaml:7: sip.tls.trusted_ca: " + notPem + " (expected: a readable PEM file of CA certificates ("
                        + notPem + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)))");
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsAProblemAtTheKeysLine() throws Exception {
        Path cert = write("a.crt", Certificates.certificatePem(rsa()));
        Path otherKey = write("b.key", Certificates.privateKeyPem(rsa()));
        assertProblems("""
                sip:
                  listen:
                    - transport: tls
                      certificate: %s
                      private_key: %s
                """.formatted(cert, otherKey),
                "t.yaml:5: sip.listen[0].private_key: " + otherKey + " (expected: the private key of certificate "
                        + cert + ")");
    }

    @Test
    void aCertificateWithoutKeyAndTlsKeysOnATcpListenerAreProblems() {
        assertProblems("""
                sip:
                  listen:
                    - {transport: tls, certificate: /x.crt}
                    - {transport: tcp, port: 5060, client_ca: /ca.pem}
                """,
                "t.yaml:3: sip.listen[0].private_key: missing (expected: both certificate and private_key (PEM files),"
                        + " or neither)",
                "t.yaml:4: sip.listen[1].client_ca: /ca.pem (expected: only on a tls listener)");
    }

    @Test
    void tlsAndTcpCannotShareAPort() {
        assertProblems("""
                sip:
                  listen:
                    - {transport: tcp, port: 5061}
                    - {transport: tls, port: 5061}
                """,
                "t.yaml:4: sip.listen[1]: tcp 127.0.0.1:5061 (expected: a port no other listener uses"
                        + " (sip.listen[0] listens on tcp 127.0.0.1:5061))");
    }

    @Test
    void httpIsPlainByDefaultAndHttpsWithACertificateOrTheSelfSignedDefault() throws Exception {
        assertThat(loader.parse("t.yaml", "http: {port: 8081}\n").http().tls()).isEmpty();
        assertThat(loader.parse("t.yaml", "http: {tls: {enabled: true}}\n").http())
                .isEqualTo(new HttpConfig("127.0.0.1", 8080, Optional.of(ListenerTls.SELF_SIGNED)));
        assertThat(loader.parse("t.yaml", "http: {tls: {enabled: false}}\n").http().tls()).isEmpty();
        PemIdentity ec = Certificates.selfSigned(KeyType.EC_P256, List.of("127.0.0.1"), Duration.ofDays(1));
        Path cert = write("api.crt", Certificates.certificatePem(ec));
        Path key = write("api.key", Certificates.privateKeyPem(ec));
        HttpConfig http = loader.parse("t.yaml", """
                http:
                  port: 8443
                  tls: {certificate: %s, private_key: %s}
                """.formatted(cert, key)).http();
        assertThat(http.tls()).contains(new ListenerTls(Optional.of(new CertificateFiles(cert, key)), Optional.empty()));
        assertThat(http.scheme()).isEqualTo("https");
    }

    @Test
    void httpsKeysAreCheckedLikeTheSipOnes() throws Exception {
        Path cert = write("api.crt", Certificates.certificatePem(rsa()));
        assertProblems("""
                http:
                  tls:
                    certificate: %s
                    client_ca: %s
                    enabled: maybe
                """.formatted(cert, cert),
                "t.yaml:3: http.tls.private_key: missing (expected: both certificate and private_key (PEM files),"
                        + " or neither)",
                "t.yaml:4: http.tls.client_ca: unknown key 'client_ca' (expected: one of certificate, enabled,"
                        + " private_key)",
                "t.yaml:5: http.tls.enabled: 'maybe' (expected: true or false)");
    }

    private static PemIdentity rsa() {
        return Certificates.selfSigned(KeyType.RSA_2048, List.of("localhost"), Duration.ofDays(1));
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    private void assertProblems(String yaml, String... expected) {
        assertThatThrownBy(() -> loader.parse("t.yaml", yaml))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(
                        e.problems().stream().map(ConfigProblem::toString).toList())
                        .containsExactlyInAnyOrderElementsOf(List.of(expected)));
    }
}
