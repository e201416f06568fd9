package io.softswitch.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.softswitch.core.daemon.ConfigFiles;
import io.softswitch.core.daemon.Daemon;
import io.softswitch.core.testing.ApiClient;
import io.softswitch.core.testing.ApiClient.Reply;
import io.softswitch.core.testing.FreePorts;
import io.softswitch.core.testing.Sipp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 22 findings 1 and 2, driven as the probe did (the API, then real SIP). A subaccount naming
 * its trunk like another tenant's ({@code demo-pbx}) used to freeze routing for everyone and stop
 * the next start: names are labels now, and routing, limits and call records are keyed by SID. A
 * subaccount taking the switch's own address as its domain, or a narrower IP ACL entry inside
 * another tenant's, used to capture that tenant's calls: both writes are refused now.
 */
class TenantNamesTest {
    private Path dir;
    private Path configFile;
    private Daemon daemon;
    private ApiClient api;
    private int sipPort;
    private int carrierPort;

    @BeforeEach
    void start() throws Exception {
        sipPort = FreePorts.udpAndTcp();
        carrierPort = FreePorts.udpAndTcp();
        dir = Files.createTempDirectory("tenant-names");
        configFile = dir.resolve("softswitch.yaml");
        Files.writeString(configFile, """
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
                  carriers:
                    - name: shared-carrier
                      gateways:
                        - name: gw1
                          sip_url: sip:127.0.0.1:%d
                  routes:
                    - prefix: "1415"
                      carrier: shared-carrier
                """.replace("@MEDIA@", FreePorts.mediaBlock()).formatted(sipPort, carrierPort));
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

    private static Reply created(Reply r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r;
    }

    private static List<String> sids(Reply list, String key) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : list.json().get(key)) {
            out.add(n.get("sid").asText());
        }
        return out;
    }

    @Test
    void twoTenantsNamingTheirTrunksAlikeBothRouteAndRecordsCarrySids() throws Exception {
        Reply account = created(api.post("/2010-04-01/Accounts.json", "FriendlyName", "tenant"));
        String sub = account.text("sid");
        ApiClient tenant = api.as(sub, account.text("auth_token"));

        String mainTrunk = created(api.post("/v1/Trunks", "FriendlyName", "demo-pbx")).text("sid");
        String subTrunk = created(tenant.post("/v1/Trunks", "FriendlyName", "demo-pbx")).text("sid");
        assertThat(daemon.provisioning().problems()).isEmpty();
        assertThat(daemon.snapshots().current().trunk(mainTrunk)).isPresent();
        assertThat(daemon.snapshots().current().trunk(subTrunk)).isPresent();

        // every later change of the tenant still takes effect (it used to be answered 2xx and ignored)
        String acl = created(tenant.post("/2010-04-01/Accounts/" + sub + "/SIP/IpAccessControlLists.json",
                "FriendlyName", "office")).text("sid");
        created(tenant.post("/2010-04-01/Accounts/" + sub + "/SIP/IpAccessControlLists/" + acl + "/IpAddresses.json",
                "FriendlyName", "pbx", "IpAddress", "127.0.0.1"));
        created(tenant.post("/v1/Trunks/" + subTrunk + "/IpAccessControlLists", "IpAccessControlListSid", acl));
        await().atMost(Duration.ofSeconds(1)).until(() -> daemon.snapshots().current().trunk(subTrunk)
                .map(t -> t.hasAcl()).orElse(false));

        try (Sipp.Running carrier = Sipp.scenario("uas-answer.xml").localPort(carrierPort).startServer()) {
            Sipp.Result call = Sipp.scenario("uac-call.xml").arg("-s", "+14155550100").runAgainst(sipPort);
            assertThat(call.allCallsSucceeded()).as(call.toString()).isTrue();
            assertThat(carrier.await().allCallsSucceeded()).isTrue();
        }
        String calls = "/2010-04-01/Accounts/" + sub + "/Calls.json";
        await().atMost(Duration.ofSeconds(5)).until(() -> tenant.get(calls).json().get("calls").size() == 1);
        JsonNode record = tenant.get(calls).json().get("calls").get(0);
        assertThat(record.get("trunk_sid").asText()).isEqualTo(subTrunk);
        String carrierSid = api.get("/v1/Carriers").json().get("carriers").get(0).get("sid").asText();
        assertThat(record.get("carrier_sid").asText()).isEqualTo(carrierSid);
        String gatewaySid = api.get("/v1/Carriers/" + carrierSid + "/Gateways").json().get("gateways").get(0)
                .get("sid").asText();
        assertThat(record.get("gateway_sid").asText()).isEqualTo(gatewaySid).startsWith("GW");

        // the next start is not blocked by two trunks of the same name
        daemon.close();
        startDaemon();
        ApiClient again = api.as(sub, account.text("auth_token"));
        assertThat(daemon.provisioning().problems()).isEmpty();
        assertThat(daemon.snapshots().current().trunk(subTrunk)).isPresent();
        assertThat(daemon.snapshots().current().trunk(mainTrunk)).isPresent();

        // the main account sees and deletes any tenant's trunk through /v1; a tenant sees only its own
        assertThat(sids(api.get("/v1/Trunks"), "trunks")).contains(mainTrunk, subTrunk);
        assertThat(sids(again.get("/v1/Trunks"), "trunks")).containsExactly(subTrunk);
        assertThat(again.get("/v1/Trunks/" + mainTrunk).status()).isEqualTo(404);
        assertThat(again.delete("/v1/Trunks/" + mainTrunk).status()).isEqualTo(404);
        assertThat(api.get("/v1/Trunks/" + subTrunk).text("account_sid")).isEqualTo(sub);
        assertThat(api.get("/v1/Trunks/" + subTrunk + "/IpAccessControlLists").status()).isEqualTo(200);
        assertThat(api.delete("/v1/Trunks/" + subTrunk).status()).isEqualTo(204);
        assertThat(again.get("/v1/Trunks/" + subTrunk).status()).isEqualTo(404);
        assertThat(daemon.snapshots().current().trunk(subTrunk)).isEmpty();
    }

    private String aclOf(ApiClient client, String account, String cidr) {
        String acl = created(client.post("/2010-04-01/Accounts/" + account + "/SIP/IpAccessControlLists.json",
                "FriendlyName", "acl")).text("sid");
        String[] parts = cidr.split("/");
        created(client.post("/2010-04-01/Accounts/" + account + "/SIP/IpAccessControlLists/" + acl + "/IpAddresses.json",
                "FriendlyName", "pbx", "IpAddress", parts[0], "CidrPrefixLength", parts[1]));
        return acl;
    }

    /** Issue 22 finding 2, the probe's sequence: a tenant tries to capture another tenant's calls. */
    @Test
    void aTenantCannotCaptureAnotherTenantsCallsByDomainOrByANarrowerAcl() throws Exception {
        Reply a = created(api.post("/2010-04-01/Accounts.json", "FriendlyName", "victim"));
        Reply b = created(api.post("/2010-04-01/Accounts.json", "FriendlyName", "attacker"));
        ApiClient victim = api.as(a.text("sid"), a.text("auth_token"));
        ApiClient attacker = api.as(b.text("sid"), b.text("auth_token"));
        // the attacker's trunk is the older one: the refusal must still name only the attacker's entry
        String evil = created(attacker.post("/v1/Trunks", "FriendlyName", "evil")).text("sid");
        String victimTrunk = created(victim.post("/v1/Trunks", "FriendlyName", "demo-pbx")).text("sid");
        created(victim.post("/v1/Trunks/" + victimTrunk + "/IpAccessControlLists", "IpAccessControlListSid",
                aclOf(victim, a.text("sid"), "127.0.0.0/8")));

        // the switch's own address (or name) as a domain: refused, it would capture every call
        for (String own : List.of("127.0.0.1", "localhost", "127.0.0.2")) {
            Reply r = attacker.post("/v1/Trunks", "FriendlyName", "evil", "DomainName", own);
            assertThat(r.status()).as(r.toString()).isEqualTo(400);
            assertThat(r.text("message")).startsWith("DomainName: '" + own + "'");
        }
        // a narrower ACL entry inside the victim's: refused, without naming the victim
        Reply overlap = attacker.post("/v1/Trunks/" + evil + "/IpAccessControlLists", "IpAccessControlListSid",
                aclOf(attacker, b.text("sid"), "127.0.0.1/32"));
        assertThat(overlap.status()).as(overlap.toString()).isEqualTo(400);
        assertThat(overlap.text("message")).startsWith("IpAddress: '127.0.0.1/32'")
                .contains("another account")
                .doesNotContain(a.text("sid"), victimTrunk, "demo-pbx", "victim", "127.0.0.0/8");
        assertThat(attacker.get("/v1/Trunks/" + evil + "/IpAccessControlLists").json().get("ip_access_control_lists"))
                .isEmpty();

        // the victim's calls still complete as the victim's
        try (Sipp.Running carrier = Sipp.scenario("uas-answer.xml").localPort(carrierPort).startServer()) {
            Sipp.Result call = Sipp.scenario("uac-call.xml").arg("-s", "+14155550100").runAgainst(sipPort);
            assertThat(call.allCallsSucceeded()).as(call.toString()).isTrue();
            assertThat(carrier.await().allCallsSucceeded()).isTrue();
        }
        String victimCalls = "/2010-04-01/Accounts/" + a.text("sid") + "/Calls.json";
        await().atMost(Duration.ofSeconds(5)).until(() -> victim.get(victimCalls).json().get("calls").size() == 1);
        assertThat(victim.get(victimCalls).json().get("calls").get(0).get("trunk_sid").asText()).isEqualTo(victimTrunk);
        assertThat(attacker.get("/2010-04-01/Accounts/" + b.text("sid") + "/Calls.json").json().get("calls")).isEmpty();
    }
}
