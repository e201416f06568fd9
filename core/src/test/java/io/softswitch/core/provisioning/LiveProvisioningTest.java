package io.softswitch.core.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.config.ConfigLoader;
import io.softswitch.core.daemon.Daemon;
import io.softswitch.core.testing.ApiClient;
import io.softswitch.core.testing.FreePorts;
import io.softswitch.core.testing.Sipp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Provisioning changes reach live call routing without a restart: through the REST API and through
 * {@code POST /admin/reload} of the config file. Each change is followed at once (well within the
 * 1 s budget) by a real SIPp call whose outcome proves the new routing.
 */
class LiveProvisioningTest {
    private Path dir;
    private Path configFile;
    private Daemon daemon;
    private ApiClient api;
    private int sipPort;
    private int carrierPort;

    private String yaml(boolean withRoute) {
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
                    - name: live-pbx
                      ip_acl: [127.0.0.1/32]
                  carriers:
                    - name: live-carrier
                      gateways:
                        - name: gw1
                          sip_url: sip:127.0.0.1:%d
                %s""".replace("@MEDIA@", FreePorts.mediaBlock()).formatted(sipPort, carrierPort, withRoute ? """
                  routes:
                    - prefix: "1415"
                      carrier: live-carrier
                """ : "");
    }

    @BeforeEach
    void start() throws Exception {
        sipPort = FreePorts.udpAndTcp();
        carrierPort = FreePorts.udpAndTcp();
        dir = Files.createTempDirectory("live");
        configFile = dir.resolve("softswitch.yaml");
        Files.writeString(configFile, yaml(false));
        daemon = Daemon.start(new ConfigLoader(n -> null).load(configFile), dir.resolve("data"), configFile);
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

    private Sipp.Result call() throws Exception {
        return Sipp.scenario("uac-call.xml").arg("-s", "+14155550100").runAgainst(sipPort);
    }

    @Test
    void routeAddedByReloadIsUsedByTheNextCall() throws Exception {
        Sipp.Result before = Sipp.scenario("invite-404.xml").arg("-s", "+14155550100").runAgainst(sipPort);
        assertThat(before.allCallsSucceeded()).as("no route yet: 404\n%s", before).isTrue();

        Files.writeString(configFile, yaml(true));
        ApiClient.Reply reload = api.post("/admin/reload");
        assertThat(reload.status()).as(reload.toString()).isEqualTo(200);
        try (Sipp.Running carrier = Sipp.scenario("uas-answer.xml").localPort(carrierPort).startServer()) {
            Sipp.Result after = call();
            assertThat(after.allCallsSucceeded()).as(after.toString()).isTrue();
            assertThat(carrier.await().allCallsSucceeded()).isTrue();
        }
    }

    @Test
    void brokenFileOnReloadChangesNothingAndSaysWhy() throws Exception {
        Files.writeString(configFile, yaml(true).replace("carrier: live-carrier", "carrier: nobody"));
        ApiClient.Reply reload = api.post("/admin/reload");
        assertThat(reload.status()).isEqualTo(400);
        assertThat(reload.body()).contains("provisioning.routes[0].carrier", "nobody");
        Sipp.Result still = Sipp.scenario("invite-404.xml").arg("-s", "+14155550100").runAgainst(sipPort);
        assertThat(still.allCallsSucceeded()).as(still.toString()).isTrue();
    }

    @Test
    void routeCreatedThroughTheApiIsUsedByTheNextCall() throws Exception {
        String carrierSid = api.get("/v1/Carriers").json().get("carriers").get(0).get("sid").asText();
        ApiClient.Reply route = api.post("/v1/Routes", "FriendlyName", "us", "Prefix", "1415", "CarrierSid", carrierSid);
        assertThat(route.status()).as(route.toString()).isEqualTo(201);
        try (Sipp.Running carrier = Sipp.scenario("uas-answer.xml").localPort(carrierPort).startServer()) {
            Sipp.Result after = call();
            assertThat(after.allCallsSucceeded()).as(after.toString()).isTrue();
            assertThat(carrier.await().allCallsSucceeded()).isTrue();
        }
    }

    @Test
    void adminEndpointsNeedTheMainAccount() {
        assertThat(api.as("ACffffffffffffffffffffffffffffffff", "nope").post("/admin/reload").status()).isEqualTo(401);
    }
}
