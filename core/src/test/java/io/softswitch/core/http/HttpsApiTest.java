package io.softswitch.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.twilio.http.HttpClient;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.trunking.v1.Trunk;
import io.softswitch.config.ConfigLoader;
import io.softswitch.config.tls.Certificates;
import io.softswitch.config.tls.Certificates.KeyType;
import io.softswitch.config.tls.PemIdentity;
import io.softswitch.core.daemon.Daemon;
import io.softswitch.core.testing.Command;
import io.softswitch.core.testing.FreePorts;
import io.softswitch.core.testing.TestConfigs;
import io.softswitch.core.testing.TwilioNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API over HTTPS ({@code http.tls}) with the self-signed default from the data dir: real curl
 * over HTTP/1.1 and HTTP/2, Twilio's Java and Node helper libraries trusting only that
 * certificate; a configured certificate that is reloaded without a restart.
 */
class HttpsApiTest {
    /** Where the Node helper library is installed ({@code npm ci} from the committed lock file). */

    @TempDir
    static Path tmp;
    static Daemon daemon;
    static Path cert;
    static String sid;
    static String token;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        Path data = tmp.resolve("data");
        daemon = Daemon.start(new ConfigLoader(n -> null).parse("t.yaml",
                https(FreePorts.udpAndTcp(), "{enabled: true}")), data);
        cert = data.resolve("tls-cert.pem");
        Properties creds = new Properties();
        try (var in = Files.newInputStream(data.resolve("credentials"))) {
            creds.load(in);
        }
        sid = creds.getProperty("SOFTSWITCH_ACCOUNT_SID");
        token = creds.getProperty("SOFTSWITCH_AUTH_TOKEN");
        base = "https://127.0.0.1:" + daemon.httpPort();
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void curlTrustingTheSelfSignedCertificateGetsTheApiOverHttp2AndHttp11() throws Exception {
        for (String version : List.of("--http2", "--http1.1")) {
            Command.Result r = run(List.of("curl", "-sS", version, "--cacert", cert.toString(), "-u", sid + ":" + token,
                    "-w", "\n%{http_version} %{http_code} %{scheme}", base + "/v1/Trunks"));
            assertThat(r.exit()).as(r.err()).isZero();
            String[] lines = r.out().split("\n");
            assertThat(lines[lines.length - 1]).isEqualTo((version.equals("--http2") ? "2" : "1.1") + " 200 HTTPS");
            assertThat(r.out()).contains("\"trunks\"");
        }
        // The port speaks TLS only: plain HTTP gets no answer, and curl without our certificate refuses it.
        Command.Result plain = run(List.of("curl", "-sS", "-m", "5", "http://127.0.0.1:" + daemon.httpPort() + "/health"));
        assertThat(plain.exit()).isNotZero();
        assertThat(plain.out()).doesNotContain("\"up\"");
        Command.Result untrusted = run(List.of("curl", "-sS", "-m", "5", base + "/health"));
        assertThat(untrusted.exit()).as("curl without --cacert: " + untrusted.err()).isEqualTo(60);
    }

    @Test
    void tls11AndCbcSuitesAreRefusedAndTls12NegotiatesAForwardSecretAeadSuite() throws Exception {
        Command.Result old = run(List.of("curl", "-sS", "-m", "5", "--cacert", cert.toString(), "--tlsv1.0", "--tls-max", "1.1",
                base + "/health"));
        assertThat(old.exit()).as(old.err()).isNotZero();
        Command.Result cbc = run(List.of("curl", "-sS", "-m", "5", "--cacert", cert.toString(), "--tls-max", "1.2",
                "--ciphers", "ECDHE-ECDSA-AES128-SHA256:ECDHE-ECDSA-AES128-SHA", base + "/health"));
        assertThat(cbc.exit()).as(cbc.err()).isNotZero();
        Command.Result tls12 = run(List.of("curl", "-sS", "-v", "-m", "5", "--cacert", cert.toString(), "--tls-max", "1.2",
                base + "/health"));
        assertThat(tls12.exit()).as(tls12.err()).isZero();
        assertThat(tls12.err()).contains("TLSv1.2 / ECDHE-ECDSA-");
        assertThat(tls12.err()).containsAnyOf("GCM", "CHACHA20");
        assertThat(tls12.out()).contains("\"up\"");
    }

    @Test
    void twilioJavaHelperLibraryCreatesAndListsTrunksOverHttpsTrustingOnlyOurCertificate() throws Exception {
        SSLContext tls = trusting(PemIdentity.certificates(cert).get(0));
        HttpClientBuilder builder = HttpClientBuilder.create().setConnectionManager(
                PoolingHttpClientConnectionManagerBuilder.create()
                        .setTlsSocketStrategy(ClientTlsStrategyBuilder.create().setSslContext(tls).buildClassic())
                        .build());
        NetworkHttpClient network = new NetworkHttpClient(builder);
        TwilioRestClient client = new TwilioRestClient.Builder(sid, token).httpClient(new HttpClient() {
            @Override
            public Response makeRequest(Request in) {
                Request out = new Request(in.getMethod(),
                        in.getUrl().replaceFirst("^https://[a-z0-9.-]+\\.twilio\\.com", base));
                in.getQueryParams().forEach((k, vs) -> vs.forEach(v -> out.addQueryParam(k, v)));
                in.getPostParams().forEach((k, vs) -> vs.forEach(v -> out.addPostParam(k, v)));
                in.getHeaderParams().forEach((k, vs) -> vs.forEach(v -> out.addHeaderParam(k, v)));
                out.setAuth(in.getUsername(), in.getPassword());
                return network.makeRequest(out);
            }
        }).build();
        Trunk trunk = Trunk.creator().setFriendlyName("java-https").setDomainName("java-https.pstn.example.net")
                .create(client);
        assertThat(trunk.getSid()).startsWith("TK");
        List<String> listed = StreamSupport.stream(Trunk.reader().read(client).spliterator(), false)
                .map(Trunk::getSid).toList();
        assertThat(listed).contains(trunk.getSid());
        assertThat(daemon.provisioning().current().trunks())
                .anySatisfy(t -> assertThat(t.name()).isEqualTo("java-https"));
    }

    @Test
    void twilioNodeHelperLibraryCreatesAndListsTrunksOverHttps() throws Exception {
        Command.Result r = TwilioNode.script("trunks.js", List.of(base, cert.toAbsolutePath().toString(), sid, token,
                "node-https", "node-https.pstn.example.net"), Duration.ofSeconds(60));
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        JsonNode result = new ObjectMapper().readTree(r.out().trim());
        String created = result.get("created").asText();
        assertThat(created).startsWith("TK");
        assertThat(result.get("fetchedName").asText()).isEqualTo("node-https");
        assertThat(StreamSupport.stream(result.get("listed").spliterator(), false).map(JsonNode::asText))
                .contains(created);
        assertThat(daemon.provisioning().current().trunks())
                .anySatisfy(t -> assertThat(t.name()).isEqualTo("node-https"));

        // The same script trusting another CA is refused: the library checks our certificate.
        PemIdentity stranger = Certificates.authority("stranger CA", Duration.ofDays(1));
        Path otherCa = Files.writeString(tmp.resolve("other-ca.pem"), Certificates.certificatePem(stranger));
        Command.Result refused = TwilioNode.script("trunks.js", List.of(base, otherCa.toAbsolutePath().toString(), sid,
                token, "node-refused", "node-refused.pstn.example.net"), Duration.ofSeconds(60));
        assertThat(refused.exit()).isNotZero();
        assertThat(daemon.provisioning().current().trunks()).noneMatch(t -> t.name().equals("node-refused"));
    }

    @Test
    void aConfiguredCertificateIsPresentedItsExpiryIsAMetricAndAReplacementIsPresentedAfterReload() throws Exception {
        PemIdentity ca = Certificates.authority("api CA", Duration.ofDays(30));
        PemIdentity first = Certificates.issued(ca, KeyType.RSA_2048, List.of("127.0.0.1"),
                Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(5)));
        Path dir = Files.createDirectories(tmp.resolve("configured"));
        Path crt = Files.writeString(dir.resolve("api.crt"), Certificates.certificatePem(first)); // leaf + CA
        Path key = Files.writeString(dir.resolve("api.key"), Certificates.privateKeyPem(first));
        Path caFile = Files.writeString(dir.resolve("ca.pem"), Certificates.certificatePem(ca));
        String tlsBlock = "{certificate: " + crt + ", private_key: " + key + "}";
        try (Daemon d = Daemon.start(new ConfigLoader(n -> null).parse("t.yaml",
                https(FreePorts.udpAndTcp(), tlsBlock)), dir.resolve("data"))) {
            String url = "https://127.0.0.1:" + d.httpPort() + "/health";
            assertThat(presented(d.httpPort(), ca.leaf())).isEqualTo(first.leaf());
            Command.Result r = run(List.of("curl", "-sS", "--http2", "--cacert", caFile.toString(), url));
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(dir.resolve("data").resolve("tls-cert.pem")).as("no self-signed default").doesNotExist();
            assertThat(expirySeconds(d)).isBetween(Duration.ofDays(5).minusMinutes(5).toSeconds(),
                    Duration.ofDays(5).toSeconds());

            PemIdentity second = Certificates.issued(ca, KeyType.EC_P256, List.of("127.0.0.1"), Duration.ofDays(20));
            Files.writeString(key, Certificates.privateKeyPem(second));
            Files.writeString(crt, Certificates.certificatePem(second));
            d.reload();
            assertThat(presented(d.httpPort(), ca.leaf())).isEqualTo(second.leaf());
            assertThat(expirySeconds(d)).isGreaterThan(Duration.ofDays(19).toSeconds());
            assertThat(run(List.of("curl", "-sS", "--http2", "--cacert", caFile.toString(), url)).exit()).isZero();

            // A broken key is refused; the certificate in use stays.
            Files.writeString(key, "not a key\n");
            d.reload();
            assertThat(presented(d.httpPort(), ca.leaf())).isEqualTo(second.leaf());
        }
    }

    // --- helpers

    /** The test config with {@code http.tls} set to {@code tlsBlock} (a YAML flow mapping). */
    private static String https(int sipPort, String tlsBlock) {
        String yaml = TestConfigs.yaml(sipPort);
        String http = """
                http:
                  host: 127.0.0.1
                  port: 0
                """;
        assertThat(yaml).contains(http);
        return yaml.replace(http, http + "  tls: " + tlsBlock + "\n");
    }

    private static long expirySeconds(Daemon d) {
        Matcher m = Pattern.compile("tls_certificate_expiry_seconds\\{certificate=\"https 127.0.0.1:" + d.httpPort()
                + "\",?} (\\S+)").matcher(d.metrics().scrape());
        assertThat(m.find()).as(d.metrics().scrape()).isTrue();
        return (long) Double.parseDouble(m.group(1));
    }

    private static SSLContext trusting(X509Certificate anchor) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("anchor", anchor);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** The leaf certificate a new HTTPS connection is shown. */
    private static X509Certificate presented(int port, X509Certificate anchor) throws Exception {
        try (SSLSocket s = (SSLSocket) trusting(anchor).getSocketFactory().createSocket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.startHandshake();
            return (X509Certificate) s.getSession().getPeerCertificates()[0];
        }
    }

    /** Runs a check ({@code curl}) {@linkplain Command#isolated isolated}: it trusts only the CA it names. */
    private static Command.Result run(List<String> command) throws Exception {
        return Command.isolated(command, Map.of(), Duration.ofSeconds(30));
    }
}
