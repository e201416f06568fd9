package io.softswitch.core.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.rest.api.v2010.account.Recording;
import com.twilio.security.RequestValidator;
import com.twilio.type.PhoneNumber;
import com.twilio.type.Twiml;
import io.softswitch.config.ConfigLoader;
import io.softswitch.config.provisioning.NumberNormalization;
import io.softswitch.core.daemon.Daemon;
import io.softswitch.core.testing.FreePorts;
import io.softswitch.core.testing.Sipp;
import io.softswitch.core.testing.TestConfigs;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, {@code Record=true} when the disk guard refuses ({@code recordings.min_free_mb} above
 * the free space): the call goes on unrecorded, no Recording exists, and a
 * {@code RecordingStatusCallbackEvent=absent} subscriber is told {@code absent}, signed.
 */
class CallsApiRecordingAbsentTest {
    private static final String NUMBER = "+14155550142";
    private static final String CALLEE = "+14155550100";

    private Daemon daemon;
    private Path dir;
    private HttpServer http;
    private final List<Map<String, String>> callbacks = new CopyOnWriteArrayList<>();
    private final List<String> badSignatures = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        dir = Files.createTempDirectory("calls-absent");
        daemon = Daemon.start(new ConfigLoader(n -> null).parse("calls-absent.yaml",
                TestConfigs.yaml(FreePorts.udpAndTcp(), FreePorts.mediaBlock())
                        + "recordings:\n  min_free_mb: 1000000\n"), dir); // 1 TB free needed: refused
    }

    @AfterEach
    void stop() {
        if (http != null) {
            http.stop(0);
        }
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void aRefusedRecordingLeavesTheCallAloneAndTellsAbsent() throws Exception {
        Properties creds = new Properties();
        try (var in = Files.newInputStream(dir.resolve("credentials"))) {
            creds.load(in);
        }
        String accountSid = creds.getProperty("SOFTSWITCH_ACCOUNT_SID");
        String authToken = creds.getProperty("SOFTSWITCH_AUTH_TOKEN");
        RequestValidator validator = new RequestValidator(authToken);
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/", exchange -> {
            String url = "http://127.0.0.1:" + http.getAddress().getPort() + exchange.getRequestURI();
            Map<String, String> params = new LinkedHashMap<>();
            for (String pair : new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
                String[] kv = pair.split("=", 2);
                if (!kv[0].isEmpty()) {
                    params.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                            kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
                }
            }
            String signature = exchange.getRequestHeaders().getFirst("X-Twilio-Signature");
            if (signature == null || !validator.validate(url, params, signature)) {
                badSignatures.add(url);
            }
            params.put("_path", exchange.getRequestURI().getPath());
            callbacks.add(params);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        http.start();
        String base = "http://127.0.0.1:" + http.getAddress().getPort();
        int carrierPort = FreePorts.udpAndTcp();
        daemon.snapshots().replace(Demo.of(List.of(Demo.trunk("pbx", List.of("127.0.0.1/32"), List.of(),
                NumberNormalization.STRICT, 0, 0, List.of())), List.of(Demo.carrier("carrier", List.of("127.0.0.2/32"),
                carrierPort)), List.of(new io.softswitch.config.provisioning.PhoneNumber(null, accountSid, NUMBER, "pbx",
                        null)), List.of(Demo.defaultRoute("carrier"))));
        TwilioRestClient client = new TwilioRestClient.Builder(accountSid, authToken)
                .httpClient(new CallsApiTest.LoopbackHttpClient("http://127.0.0.1:" + daemon.httpPort())).build();
        try (DatagramSocket rtp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                Sipp.Running carrier = Sipp.scenario("uas-answer-media.xml").localPort(carrierPort)
                        .key("rtp_port", Integer.toString(rtp.getLocalPort())).startServer()) {
            Call call = Call.creator(new PhoneNumber(CALLEE), new PhoneNumber(NUMBER),
                    new Twiml("<Response><Pause length=\"1\"/></Response>"))
                    .setRecord(true).setRecordingStatusCallback(base + "/recording")
                    .setRecordingStatusCallbackEvent(List.of("completed", "absent"))
                    .create(client);
            Sipp.Result seen = carrier.await();
            assertThat(seen.allCallsSucceeded()).as("the call went on unrecorded: " + seen).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> !callbacks.isEmpty());
            assertThat(callbacks).singleElement().satisfies(p -> assertThat(p).containsEntry("_path", "/recording")
                    .containsEntry("CallSid", call.getSid()).containsEntry("RecordingStatus", "absent")
                    .containsEntry("RecordingSource", "OutboundAPI").doesNotContainKey("RecordingSid"));
            assertThat(badSignatures).isEmpty();
            assertThat(Recording.reader().setCallSid(call.getSid()).read(client)).isEmpty();
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> assertThat(
                    Call.fetcher(call.getSid()).fetch(client).getStatus()).isEqualTo(Call.Status.COMPLETED));
        }
    }
}
