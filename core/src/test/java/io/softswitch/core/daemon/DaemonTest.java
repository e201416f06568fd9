package io.softswitch.core.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.core.testing.FreePorts;
import io.softswitch.core.testing.Sipp;
import io.softswitch.core.testing.TestConfigs;
import io.softswitch.sip.SipBinding;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon in-process on free ports, driven over real HTTP and by real SIPp. */
class DaemonTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** One sample line of the Prometheus text format: name{labels} value [timestamp]. */
    private static final Pattern SAMPLE = Pattern.compile(
            "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\]|\\\\.)*\",?)*})? "
                    + "(-?[0-9.eE+-]+|NaN|[+-]Inf)( -?[0-9]+)?");

    @TempDir
    static Path dataDir;
    static Daemon daemon;
    static int sipPort;

    @BeforeAll
    static void start() throws Exception {
        sipPort = FreePorts.udpAndTcp();
        daemon = Daemon.start(TestConfigs.config(sipPort), dataDir);
    }

    @AfterAll
    static void stop() {
        daemon.close();
    }

    @Test
    void aTakenHttpPortFailsTheStartNamingHostAndPort(@TempDir Path otherDir) throws Exception {
        int taken = daemon.httpPort();
        String yaml = TestConfigs.yaml(FreePorts.udpAndTcp()).replace("  port: 0\n", "  port: " + taken + "\n");
        var config = new io.softswitch.config.ConfigLoader(n -> null).parse("test.yaml", yaml);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Daemon.start(config, otherDir))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageStartingWith("cannot listen on http 127.0.0.1:" + taken + ": ");
    }

    @Test
    void listensOnUdpAndTcp() {
        assertThat(daemon.sipBindings()).containsExactly(
                new SipBinding("udp", "127.0.0.1", sipPort), new SipBinding("tcp", "127.0.0.1", sipPort));
    }

    @Test
    void readyOnceSipAndStorageAreUp() throws Exception {
        HttpResponse<String> r = get("/ready");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"sip\":\"up\"", "\"storage\":\"up\"");
        assertThat(get("/health").statusCode()).isEqualTo(200);
    }

    @Test
    void metricsAreValidPrometheusText() throws Exception {
        HttpResponse<String> r = get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        List<String> lines = r.body().lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            if (line.startsWith("#")) {
                assertThat(line).matches("# (HELP|TYPE|EOF).*");
            } else {
                assertThat(line).matches(SAMPLE);
            }
        }
        assertThat(r.body()).contains("jvm_memory_used_bytes", "process_cpu_usage");
    }

    @Test
    void optionsOverUdpGets200WithCapabilities() throws Exception {
        Sipp.Result r = Sipp.scenario("options.xml").runAgainst(sipPort);
        assertThat(r.allCallsSucceeded()).as(r.toString()).isTrue();
    }

    @Test
    void optionsOverTcpGets200WithCapabilities() throws Exception {
        Sipp.Result r = Sipp.scenario("options.xml").tcp().runAgainst(sipPort);
        assertThat(r.allCallsSucceeded()).as(r.toString()).isTrue();
    }

    @Test
    void inviteGetsAFinalErrorNotSilence() throws Exception {
        Sipp.Result r = Sipp.scenario("invite-rejected.xml").runAgainst(sipPort);
        assertThat(r.allCallsSucceeded()).as(r.toString()).isTrue();
    }

    @Test
    void sipTrafficIsCounted() throws Exception {
        Sipp.Result r = Sipp.scenario("options.xml").calls(3).runAgainst(sipPort);
        assertThat(r.allCallsSucceeded()).as(r.toString()).isTrue();
        double options = daemon.metrics().registry().get("sip.requests").tag("method", "OPTIONS").counter().count();
        assertThat(options).isGreaterThanOrEqualTo(3);
        assertThat(get("/metrics").body()).contains("sip_responses_total{method=\"OPTIONS\",status=\"2xx\"}");
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
