package io.softswitch.core.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.softswitch.config.ConfigException;
import io.softswitch.config.ConfigLoader;
import io.softswitch.config.ConfigProblem;
import io.softswitch.config.SoftswitchConfig;
import io.softswitch.core.daemon.ConfigFiles;
import io.softswitch.core.daemon.Daemon;
import io.softswitch.core.testing.ApiClient;
import io.softswitch.core.testing.ApiClient.Reply;
import io.softswitch.core.testing.FreePorts;
import io.softswitch.core.testing.Sipp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 section 1: one owner of the provisioning rules. Every rule the YAML reader, the API
 * parsers and the snapshot compile used to disagree on is now the compile's: an API write it
 * refuses is a 400 naming the parameter with nothing stored, routing goes on taking later writes,
 * a store already holding a bad row still starts and routes the rest, and the YAML path reports
 * the same rules with file:line.
 */
class ProvisioningRulesTest {
    private Path dir;
    private Path configFile;
    private Daemon daemon;
    private ApiClient api;
    private int sipPort;
    private int carrierPort;

    private String yaml() {
        return """
                sip:
                  listen:
                    - transport: udp
                      host: 127.0.0.1
                      port: %d
                http:
                  port: 0
                simulator:
                  enabled: false
                @MEDIA@
                provisioning:
                  trunks:
                    - name: rules-pbx
                      ip_acl: [127.0.0.1/32]
                  carriers:
                    - name: rules-carrier
                      gateways:
                        - name: gw1
                          sip_url: sip:127.0.0.1:%d
                  routes:
                    - prefix: "1415"
                      carrier: rules-carrier
                """.replace("@MEDIA@", FreePorts.mediaBlock()).formatted(sipPort, carrierPort);
    }

    @BeforeEach
    void start() throws Exception {
        sipPort = FreePorts.udpAndTcp();
        carrierPort = FreePorts.udpAndTcp();
        dir = Files.createTempDirectory("rules");
        configFile = dir.resolve("softswitch.yaml");
        Files.writeString(configFile, yaml());
        startDaemon();
    }

    private void startDaemon() throws Exception {
        daemon = Daemon.start(ConfigFiles.loader().load(configFile), dir.resolve("data"), configFile);
        Properties creds = new Properties();
        try (var in = Files.newInputStream(dir.resolve("data").resolve("credentials"))) {
            creds.load(in);
        }
        api = new ApiClient(daemon.httpPort(), creds.getProperty("SOFTSWITCH_ACCOUNT_SID"),
                creds.getProperty("SOFTSWITCH_AUTH_TOKEN"));
    }

    @AfterEach
    void stop() {
        daemon.close();
    }

    private static void assertRefused(Reply r, int code, String param, String value) {
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().get("code").asInt()).as(r.toString()).isEqualTo(code);
        assertThat(r.json().get("status").asInt()).isEqualTo(400);
        assertThat(r.text("message")).as(r.toString()).startsWith(param + ": '" + value + "'").contains("(expected: ");
        assertThat(r.text("more_info")).isNotEmpty();
    }

    private int count(String list, String path) {
        return api.get(path + "?PageSize=1000").json().get(list).size();
    }

    private String carrierSid() {
        return api.get("/v1/Carriers").json().get("carriers").get(0).get("sid").asText();
    }

    @Test
    void everyRuleOfTheTableIsRefusedThroughTheApiAndNothingIsStored() {
        var before = daemon.provisioning().current();
        int carriers = count("carriers", "/v1/Carriers");
        int trunks = count("trunks", "/v1/Trunks");

        // final response codes: 1xx was accepted by the API, then broke every later snapshot
        assertRefused(api.post("/v1/Carriers", "FriendlyName", "c1", "FinalResponseCodes", "1xx"), 100002,
                "FinalResponseCodes", "1xx");
        assertRefused(api.post("/v1/Carriers", "FriendlyName", "c2", "FinalResponseCodes", "486,180"), 100002,
                "FinalResponseCodes", "180");
        assertRefused(api.post("/v1/Carriers/" + carrierSid(), "FinalResponseCodes", "1xx"), 100002,
                "FinalResponseCodes", "1xx");
        // default region: [A-Z]{2} passed the API, the normalizer threw
        assertRefused(api.post("/v1/Trunks", "FriendlyName", "t1", "NumberNormalization", "normalize",
                "DefaultRegion", "XX"), 100002, "DefaultRegion", "XX");
        // tech prefix: one rule (the YAML's), the API's narrower copy is gone
        assertRefused(api.post("/v1/Carriers", "FriendlyName", "c3", "TechPrefix", "12-34"), 100002, "TechPrefix",
                "12-34");
        // SIP URLs: checked once, by the compile; sips: is TLS, so no other transport with it
        String trunk = api.get("/v1/Trunks").json().get("trunks").get(0).get("sid").asText();
        assertRefused(api.post("/v1/Trunks/" + trunk + "/OriginationUrls", "FriendlyName", "x", "SipUrl",
                "sips:pbx.example.net;transport=udp", "Priority", "1", "Weight", "1", "Enabled", "true"), 100002,
                "SipUrl", "sips:pbx.example.net;transport=udp");
        assertRefused(api.post("/v1/Carriers/" + carrierSid() + "/Gateways", "SipUrl", "sip:gw.example.net:70000"),
                100002, "SipUrl", "sip:gw.example.net:70000");
        assertRefused(api.post("/v1/Carriers/" + carrierSid() + "/Gateways", "SipUrl", "sip:[zzz"), 100002, "SipUrl",
                "sip:[zzz");
        // day names: one rule (mon or monday)
        Reply badDay = api.post("/v1/Routes", "FriendlyName", "r1", "CarrierSid", carrierSid(), "TimeWindowDays",
                "funday", "TimeWindowStart", "08:00", "TimeWindowEnd", "18:00", "TimeWindowZone", "UTC");
        assertThat(badDay.status()).isEqualTo(400);
        assertThat(badDay.text("message")).startsWith("TimeWindowDays: funday");

        assertThat(count("carriers", "/v1/Carriers")).isEqualTo(carriers);
        assertThat(count("trunks", "/v1/Trunks")).isEqualTo(trunks);
        assertThat(api.get("/v1/Carriers/" + carrierSid()).json().get("final_response_codes").toString())
                .doesNotContain("1xx");
        assertThat(api.get("/v1/Carriers/" + carrierSid() + "/Gateways").json().get("gateways")).hasSize(1);
        assertThat(api.get("/v1/Trunks/" + trunk + "/OriginationUrls").json().get("origination_urls")).isEmpty();
        assertThat(daemon.provisioning().current()).isEqualTo(before);
        assertThat(daemon.provisioning().problems()).isEmpty();
    }

    @Test
    void whatOnlyTheYamlAcceptedIsNowAcceptedByTheApiToo() {
        Reply c = api.post("/v1/Carriers", "FriendlyName", "letters", "TechPrefix", "A1#*+");
        assertThat(c.status()).as(c.toString()).isEqualTo(201);
        Reply r = api.post("/v1/Routes", "FriendlyName", "weekdays", "CarrierSid", c.text("sid"), "Prefix", "1555",
                "TimeWindowDays", "monday,fri", "TimeWindowStart", "08:00", "TimeWindowEnd", "18:00",
                "TimeWindowZone", "UTC");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }

    @Test
    void aRejectedWriteLeavesTheNextGoodWriteEffectiveWithinOneSecond() throws Exception {
        assertRefused(api.post("/v1/Carriers", "FriendlyName", "bad", "FinalResponseCodes", "1xx"), 100002,
                "FinalResponseCodes", "1xx");
        Reply good = api.post("/v1/Carriers", "FriendlyName", "good", "FinalResponseCodes", "486,6xx");
        assertThat(good.status()).as(good.toString()).isEqualTo(201);
        Reply gw = api.post("/v1/Carriers/" + good.text("sid") + "/Gateways", "SipUrl", "sip:127.0.0.1:" + carrierPort);
        assertThat(gw.status()).as(gw.toString()).isEqualTo(201);
        Reply route = api.post("/v1/Routes", "FriendlyName", "to-good", "Prefix", "1416", "CarrierSid", good.text("sid"));
        assertThat(route.status()).as(route.toString()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(1)).until(() -> daemon.snapshots().current().carrier(good.text("sid")).isPresent()
                && daemon.snapshots().current().dialPlan().longestMatch("14165550100").size() == 1);
        try (Sipp.Running carrier = Sipp.scenario("uas-answer.xml").localPort(carrierPort).startServer()) {
            Sipp.Result call = Sipp.scenario("uac-call.xml").arg("-s", "+14165550100").runAgainst(sipPort);
            assertThat(call.allCallsSucceeded()).as(call.toString()).isTrue();
            assertThat(carrier.await().allCallsSucceeded()).isTrue();
        }
    }

    @Test
    void aRestartOverRowsThatDoNotCompileStartsRoutesTheRestAndNamesEachProblem() throws Exception {
        Reply bad = api.post("/v1/Carriers", "FriendlyName", "legacy", "FinalResponseCodes", "486");
        String legacyTrunk = api.post("/v1/Trunks", "FriendlyName", "legacy-pbx").text("sid");
        api.post("/v1/Routes", "FriendlyName", "to-legacy", "Prefix", "1416", "CarrierSid", bad.text("sid"));
        // rows as an older version could write them
        var jdbc = daemon.provisioning().rows().jdbc();
        jdbc.update("UPDATE carriers SET final_response_codes = '1xx' WHERE sid = ?", bad.text("sid"));
        jdbc.update("UPDATE trunks SET number_normalization = 'normalize', default_region = 'XX' WHERE sid = ?",
                legacyTrunk);
        daemon.close();

        startDaemon();
        assertThat(daemon.provisioning().problems()).extracting(p -> p.subject())
                .containsExactlyInAnyOrder(legacyTrunk, bad.text("sid"));
        HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + daemon.httpPort() + "/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"warnings\":{\"provisioning\":[", legacyTrunk + "): 'XX'",
                bad.text("sid") + "): '1xx'");
        try (Sipp.Running carrier = Sipp.scenario("uas-answer.xml").localPort(carrierPort).startServer()) {
            Sipp.Result call = Sipp.scenario("uac-call.xml").arg("-s", "+14155550100").runAgainst(sipPort);
            assertThat(call.allCallsSucceeded()).as(call.toString()).isTrue();
            assertThat(carrier.await().allCallsSucceeded()).isTrue();
        }
        // the stored bad rows do not block other writes; writes that add problems are still refused
        assertThat(api.post("/v1/Trunks", "FriendlyName", "after-restart").status()).isEqualTo(201);
        assertRefused(api.post("/v1/Carriers", "FriendlyName", "worse", "FinalResponseCodes", "2xx,100"), 100002,
                "FinalResponseCodes", "100");
        // fixing a bad row through the API clears its problem
        assertThat(api.post("/v1/Carriers/" + bad.text("sid"), "FinalResponseCodes", "486").status()).isEqualTo(200);
        assertThat(daemon.provisioning().problems()).extracting(p -> p.subject()).containsExactly(legacyTrunk);
    }

    @Test
    void theYamlPathRunsTheSameRulesWithFileAndLine() throws Exception {
        String bad = yaml().replace("      ip_acl: [127.0.0.1/32]\n",
                "      ip_acl: [127.0.0.1/32]\n      normalization: normalize\n      default_region: XX\n")
                .replace("    - name: rules-carrier\n",
                        "    - name: rules-carrier\n      tech_prefix: \"12-34\"\n      final_response_codes: [486, 1xx]\n")
                .replaceAll("sip_url: sip:127\\.0\\.0\\.1:(\\d+)", "sip_url: sips:127.0.0.1:$1;transport=udp");
        assertThat(bad).contains("default_region: XX", "tech_prefix", "sips:");
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, bad);
        String[] lines = bad.split("\n");
        assertThatThrownBy(() -> ConfigFiles.loader().load(file))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).extracting(
                        ConfigProblem::toString).containsExactlyInAnyOrder(
                                file + ":" + line(lines, "default_region: XX") + ": provisioning.trunks[0].default_region:"
                                        + " 'XX' (expected: an ISO 3166 two-letter region in capitals that has a"
                                        + " numbering plan, e.g. US or GB)",
                                file + ":" + line(lines, "tech_prefix") + ": provisioning.carriers[0].tech_prefix: '12-34'"
                                        + " (expected: up to 16 of 0-9 A-Z a-z # * +)",
                                file + ":" + line(lines, "final_response_codes") + ": provisioning.carriers[0]"
                                        + ".final_response_codes[1]: '1xx' (expected: a response code 200-699 or a"
                                        + " class 2xx-6xx)",
                                file + ":" + line(lines, "sip_url: sips:") + ": provisioning.carriers[0].gateways[0]"
                                        + ".sip_url: 'sips:127.0.0.1:" + carrierPort + ";transport=udp' (expected: a SIP"
                                        + " URI like sip:gw.example.net:5060;transport=udp or sip:192.0.2.10 (sips: is"
                                        + " TLS: no transport=udp))"));
        // without the compile the shape is fine: the rules live in one place
        SoftswitchConfig shapeOnly = new ConfigLoader(n -> null).load(file);
        assertThat(shapeOnly.provisioning().carriers()).hasSize(1);

        // /admin/reload runs the same compile: 400 with file:line, nothing applied
        Files.writeString(configFile, bad);
        Reply reload = api.post("/admin/reload");
        assertThat(reload.status()).isEqualTo(400);
        assertThat(reload.body()).contains(configFile + ":" + line(lines, "default_region: XX")
                + ": provisioning.trunks[0].default_region: 'XX'");
        assertThat(daemon.provisioning().current().carriers().get(0).finalResponseCodes()).doesNotContain("1xx");
    }

    private static int line(String[] lines, String text) {
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text);
    }
}
