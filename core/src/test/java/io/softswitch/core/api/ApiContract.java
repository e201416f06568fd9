package io.softswitch.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.softswitch.config.ConfigLoader;
import io.softswitch.config.Provisioning;
import io.softswitch.config.provisioning.Trunk;
import io.softswitch.core.cdr.CallRecord;
import io.softswitch.core.daemon.Daemon;
import io.softswitch.core.store.Digest;
import io.softswitch.core.store.Sids;
import io.softswitch.core.testing.ApiClient;
import io.softswitch.core.testing.ApiClient.Reply;
import io.softswitch.core.testing.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The REST API over real HTTP against an in-process daemon; run once per database by the
 * subclasses. Each test creates what it needs with unique names, so tests share one daemon.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ApiContract {
    static final String RFC_2822 = "[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} \\+0000";

    Daemon daemon;
    Path dataDir;
    ApiClient api;
    String main;
    String token;

    /** YAML for the daemon under test. */
    abstract String yaml(int sipPort) throws Exception;

    void cleanUp() {
    }

    @BeforeAll
    void start() throws Exception {
        dataDir = Files.createTempDirectory("api-test");
        daemon = Daemon.start(new ConfigLoader(n -> null).parse("test.yaml", yaml(FreePorts.udpAndTcp())), dataDir);
        Properties creds = new Properties();
        try (var in = Files.newInputStream(dataDir.resolve("credentials"))) {
            creds.load(in);
        }
        main = creds.getProperty("SOFTSWITCH_ACCOUNT_SID");
        token = creds.getProperty("SOFTSWITCH_AUTH_TOKEN");
        api = new ApiClient(daemon.httpPort(), main, token);
    }

    @AfterAll
    void stop() {
        daemon.close();
        cleanUp();
    }

    static String unique(String s) {
        return s + "-" + Sids.secret().substring(0, 8);
    }

    String acct() {
        return "/2010-04-01/Accounts/" + main;
    }

    @Test
    void credentialsFileIsPrivateAndHoldsAValidAccountSid() throws Exception {
        assertThat(Sids.isValid("AC", main)).isTrue();
        assertThat(Files.getPosixFilePermissions(dataDir.resolve("credentials")))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void wrongOrMissingCredentialsGet401With20003() {
        for (ApiClient c : List.of(api.as(null, null), api.as(main, "wrong"), api.as("ACnope", token))) {
            Reply r = c.get("/v1/Trunks");
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.json().get("code").asInt()).isEqualTo(20003);
            assertThat(r.json().get("status").asInt()).isEqualTo(401);
            assertThat(r.text("more_info")).isNotEmpty();
        }
        assertThat(api.get(acct() + "/IncomingPhoneNumbers.json").status()).isEqualTo(200);
    }

    @Test
    void unknownResourceIs404With20404() {
        Reply r = api.get("/v1/Trunks/TK00000000000000000000000000000000");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("code").asInt()).isEqualTo(20404);
        assertThat(api.get("/v1/Nothing").json().get("code").asInt()).isEqualTo(20404);
    }

    @Test
    void trunkIsCreatedFetchedListedUpdatedAndDeleted() {
        String name = unique("trunk");
        Reply created = api.post("/v1/Trunks", "FriendlyName", name, "DomainName", name + ".pstn.example.net",
                "CpsLimit", "5", "NumberNormalization", "normalize", "DefaultRegion", "US");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String sid = created.text("sid");
        assertThat(Sids.isValid("TK", sid)).isTrue();
        assertThat(created.text("account_sid")).isEqualTo(main);
        assertThat(created.text("date_created")).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
        Instant.parse(created.text("date_created"));
        assertThat(created.json().get("recording").get("mode").asText()).isEqualTo("do-not-record");
        assertThat(created.json().get("secure").asBoolean()).isFalse();
        assertThat(created.json().get("cps_limit").asInt()).isEqualTo(5);
        assertThat(created.text("number_normalization")).isEqualTo("normalize");
        assertThat(created.text("url")).endsWith("/v1/Trunks/" + sid);
        assertThat(created.json().get("links").get("origination_urls").asText()).endsWith("/v1/Trunks/" + sid + "/OriginationUrls");

        assertThat(api.get("/v1/Trunks/" + sid).text("friendly_name")).isEqualTo(name);
        assertThat(names(api.get("/v1/Trunks?PageSize=1000"), "trunks")).contains(name);
        Reply updated = api.post("/v1/Trunks/" + sid, "FriendlyName", name + "-2", "SymmetricRtpEnabled", "true");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.text("friendly_name")).isEqualTo(name + "-2");
        assertThat(updated.json().get("symmetric_rtp_enabled").asBoolean()).isTrue();

        Reply ou = api.post("/v1/Trunks/" + sid + "/OriginationUrls", "FriendlyName", "pbx", "SipUrl",
                "sip:pbx.example.net:5070;transport=udp", "Priority", "10", "Weight", "20", "Enabled", "true");
        assertThat(ou.status()).as(ou.toString()).isEqualTo(201);
        assertThat(Sids.isValid("OU", ou.text("sid"))).isTrue();
        assertThat(ou.text("trunk_sid")).isEqualTo(sid);
        assertThat(api.post("/v1/Trunks/" + sid + "/OriginationUrls/" + ou.text("sid"), "Weight", "30").json()
                .get("weight").asInt()).isEqualTo(30);
        assertThat(api.get("/v1/Trunks/" + sid + "/OriginationUrls").json().get("origination_urls")).hasSize(1);
        assertThat(api.delete("/v1/Trunks/" + sid + "/OriginationUrls/" + ou.text("sid")).status()).isEqualTo(204);

        assertThat(api.delete("/v1/Trunks/" + sid).status()).isEqualTo(204);
        assertThat(api.get("/v1/Trunks/" + sid).status()).isEqualTo(404);
    }

    @Test
    void invalidParametersAreRefusedNamingTheParameter() {
        String trunk = api.post("/v1/Trunks", "FriendlyName", unique("v")).text("sid");
        assertError(api.post("/v1/Trunks", "Secure", "maybe"), 400, 100002, "Secure");
        assertThat(api.post("/v1/Trunks", "FriendlyName", unique("s"), "Secure", "true").json().get("secure")
                .asBoolean()).isTrue();
        assertError(api.post("/v1/Trunks", "TransferMode", "enable-all"), 400, 100003, "TransferMode");
        assertError(api.post("/v1/Trunks", "DisasterRecoveryUrl", "ftp://x.example/"), 400, 100002, "DisasterRecoveryUrl");
        assertError(api.post("/v1/Trunks", "CpsLimit", "many"), 400, 100002, "CpsLimit");
        assertError(api.post("/v1/Trunks", "NumberNormalization", "normalize"), 400, 100001, "DefaultRegion");
        assertError(api.post("/v1/Trunks/" + trunk + "/OriginationUrls", "FriendlyName", "x", "SipUrl", "sip:a.example",
                "Priority", "70000", "Weight", "1", "Enabled", "true"), 400, 100002, "Priority");
        assertError(api.post("/v1/Trunks/" + trunk + "/OriginationUrls", "FriendlyName", "x", "Priority", "1",
                "Weight", "1", "Enabled", "true"), 400, 100001, "SipUrl");
        assertError(api.post("/v1/Trunks/" + trunk + "/OriginationUrls", "FriendlyName", "x", "SipUrl",
                "sips:a.example;transport=udp", "Priority", "1", "Weight", "1", "Enabled", "true"), 400, 100002, "SipUrl");
        assertError(api.post("/v1/Trunks/" + trunk + "/Recording", "Mode", "record-always"), 400, 100002, "Mode");
        assertError(api.post(acct() + "/IncomingPhoneNumbers.json", "PhoneNumber", "0155501234"), 400, 21421, "PhoneNumber");
        assertError(api.get("/v1/Trunks?PageSize=5000"), 400, 100002, "PageSize");
    }

    @Test
    void ipAclAndCredentialListReachRoutingAsCidrsAndHa1Only() {
        String trunkName = unique("auth");
        String trunk = api.post("/v1/Trunks", "FriendlyName", trunkName).text("sid");
        Reply acl = api.post(acct() + "/SIP/IpAccessControlLists.json", "FriendlyName", unique("acl"));
        assertThat(acl.status()).isEqualTo(201);
        assertThat(Sids.isValid("AL", acl.text("sid"))).isTrue();
        assertThat(acl.text("date_created")).matches(RFC_2822);
        ZonedDateTime.parse(acl.text("date_created"), DateTimeFormatter.RFC_1123_DATE_TIME);
        assertThat(acl.text("uri")).isEqualTo(acct() + "/SIP/IpAccessControlLists/" + acl.text("sid") + ".json");
        Reply ip = api.post(acct() + "/SIP/IpAccessControlLists/" + acl.text("sid") + "/IpAddresses.json",
                "FriendlyName", "office", "IpAddress", "192.0.2.10", "CidrPrefixLength", "31");
        assertThat(ip.status()).as(ip.toString()).isEqualTo(201);
        assertThat(Sids.isValid("IP", ip.text("sid"))).isTrue();
        assertError(api.post(acct() + "/SIP/IpAccessControlLists/" + acl.text("sid") + "/IpAddresses.json",
                "FriendlyName", "bad", "IpAddress", "192.0.2.300"), 400, 100002, "IpAddress");

        Reply cl = api.post(acct() + "/SIP/CredentialLists.json", "FriendlyName", unique("cl"));
        String clPath = acct() + "/SIP/CredentialLists/" + cl.text("sid") + "/Credentials.json";
        assertError(api.post(clPath, "Username", "alice", "Password", "short1A"), 400, 100002, "Password");
        assertError(api.post(clPath, "Username", "alice", "Password", "alllowercase123"), 400, 100002, "Password");
        Reply cred = api.post(clPath, "Username", "alice", "Password", "Secret-Passw0rd");
        assertThat(cred.status()).as(cred.toString()).isEqualTo(201);
        assertThat(Sids.isValid("CR", cred.text("sid"))).isTrue();
        assertThat(cred.body()).doesNotContain("Secret-Passw0rd").doesNotContain("ha1");

        assertThat(api.post("/v1/Trunks/" + trunk + "/IpAccessControlLists", "IpAccessControlListSid", acl.text("sid"))
                .status()).isEqualTo(201);
        assertThat(api.post("/v1/Trunks/" + trunk + "/CredentialLists", "CredentialListSid", cl.text("sid"))
                .status()).isEqualTo(201);
        assertThat(api.get("/v1/Trunks/" + trunk).json().get("auth_type_set").toString())
                .contains("IP_ACL", "CREDENTIAL_LIST");

        Trunk t = trunk(trunkName);
        assertThat(t.ipAcl()).containsExactly("192.0.2.10/31");
        assertThat(t.realm()).isEqualTo(main);
        assertThat(t.credentials()).singleElement().satisfies(c -> {
            assertThat(c.username()).isEqualTo("alice");
            assertThat(c.password()).isNull();
            assertThat(c.ha1Md5()).isEqualTo(Digest.ha1Md5("alice", main, "Secret-Passw0rd"));
            assertThat(c.ha1Sha256()).isEqualTo(Digest.ha1Sha256("alice", main, "Secret-Passw0rd"));
        });

        assertThat(api.delete("/v1/Trunks/" + trunk + "/IpAccessControlLists/" + acl.text("sid")).status()).isEqualTo(204);
        assertThat(trunk(trunkName).ipAcl()).isEmpty();
        assertThat(api.get(acct() + "/SIP/IpAccessControlLists/" + acl.text("sid") + ".json").status()).isEqualTo(200);
    }

    @Test
    void phoneNumbersAreE164UniqueAndAssociateWithTrunks() {
        String trunkName = unique("did");
        String trunk = api.post("/v1/Trunks", "FriendlyName", trunkName).text("sid");
        String number = "+1415555" + (1000 + (int) (Math.random() * 8999));
        Reply pn = api.post(acct() + "/IncomingPhoneNumbers.json", "PhoneNumber", number);
        assertThat(pn.status()).as(pn.toString()).isEqualTo(201);
        assertThat(Sids.isValid("PN", pn.text("sid"))).isTrue();
        assertThat(pn.text("friendly_name")).isEqualTo(number);
        assertError(api.post(acct() + "/IncomingPhoneNumbers.json", "PhoneNumber", number), 400, 100004, "phone_number");
        assertThat(api.get(acct() + "/IncomingPhoneNumbers.json?PhoneNumber=" + number.replace("+", "%2B"))
                .json().get("incoming_phone_numbers")).hasSize(1);

        Reply linked = api.post("/v1/Trunks/" + trunk + "/PhoneNumbers", "PhoneNumberSid", pn.text("sid"));
        assertThat(linked.status()).as(linked.toString()).isEqualTo(201);
        assertThat(api.get("/v1/Trunks/" + trunk + "/PhoneNumbers").json().get("phone_numbers")).hasSize(1);
        assertThat(daemon.provisioning().current().numbers())
                .anySatisfy(n -> assertThat(n).extracting("number", "trunk").containsExactly(number, trunk)); // by SID, not name
        assertThat(api.delete("/v1/Trunks/" + trunk + "/PhoneNumbers/" + pn.text("sid")).status()).isEqualTo(204);
        assertThat(api.get(acct() + "/IncomingPhoneNumbers/" + pn.text("sid") + ".json").json().get("trunk_sid").isNull())
                .isTrue();
        assertThat(api.delete(acct() + "/IncomingPhoneNumbers/" + pn.text("sid") + ".json").status()).isEqualTo(204);
    }

    @Test
    void listsArePagedWithPageTokensUntilNoNextPage() {
        String prefix = unique("page");
        for (int i = 0; i < 5; i++) {
            api.post(acct() + "/SIP/CredentialLists.json", "FriendlyName", prefix + "-" + i);
        }
        Set<String> seen = new HashSet<>();
        String next = acct() + "/SIP/CredentialLists.json?PageSize=2";
        int pages = 0;
        while (next != null) {
            Reply page = api.get(next);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.json().get("page_size").asInt()).isEqualTo(2);
            assertThat(page.json().get("credential_lists").size()).isLessThanOrEqualTo(2);
            page.json().get("credential_lists").forEach(n -> seen.add(n.get("friendly_name").asText()));
            next = page.text("next_page_uri");
            pages++;
        }
        assertThat(seen).filteredOn(s -> s.startsWith(prefix)).hasSize(5);
        assertThat(pages).isGreaterThanOrEqualTo(3);

        Reply v1 = api.get("/v1/Trunks?PageSize=1");
        assertThat(v1.json().get("meta").get("key").asText()).isEqualTo("trunks");
        assertThat(v1.json().get("meta").get("page_size").asInt()).isEqualTo(1);
    }

    @Test
    void subaccountSeesOnlyItsOwnResources() {
        Reply sub = api.post("/2010-04-01/Accounts.json", "FriendlyName", unique("customer"));
        assertThat(sub.status()).as(sub.toString()).isEqualTo(201);
        String subSid = sub.text("sid");
        assertThat(Sids.isValid("AC", subSid)).isTrue();
        assertThat(sub.text("owner_account_sid")).isEqualTo(main);
        ApiClient subApi = api.as(subSid, sub.text("auth_token"));

        String mainTrunk = api.post("/v1/Trunks", "FriendlyName", unique("main-only")).text("sid");
        assertThat(subApi.get("/v1/Trunks/" + mainTrunk).status()).isEqualTo(404);
        assertThat(subApi.get("/v1/Carriers").status()).isEqualTo(404);
        assertThat(subApi.get("/v1/Routes").status()).isEqualTo(404);
        assertThat(subApi.get(acct() + "/IncomingPhoneNumbers.json").status()).isEqualTo(404);
        assertThat(subApi.get("/2010-04-01/Accounts/" + main + ".json").status()).isEqualTo(404);
        assertThat(subApi.post("/2010-04-01/Accounts.json").status()).isEqualTo(403);

        String subTrunk = subApi.post("/v1/Trunks", "FriendlyName", "sub-trunk").text("sid");
        assertThat(names(subApi.get("/v1/Trunks"), "trunks")).containsExactly("sub-trunk");
        // the main account operates the switch: it sees (and may delete) any tenant's trunk on /v1 (issue 22)
        assertThat(api.get("/v1/Trunks/" + subTrunk).status()).isEqualTo(200);
        String subAcl = subApi.post("/2010-04-01/Accounts/" + subSid + "/SIP/IpAccessControlLists.json",
                "FriendlyName", "sub-acl").text("sid");
        assertThat(api.get("/2010-04-01/Accounts/" + subSid + "/SIP/IpAccessControlLists/" + subAcl + ".json").status())
                .isEqualTo(200);
        assertThat(api.post("/v1/Trunks/" + mainTrunk + "/IpAccessControlLists", "IpAccessControlListSid", subAcl)
                .status()).isEqualTo(400);

        assertThat(names(api.get("/2010-04-01/Accounts.json"), "accounts")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(subApi.get("/2010-04-01/Accounts.json").json().get("accounts")).hasSize(1);
        assertThat(api.post("/2010-04-01/Accounts/" + subSid + ".json", "Status", "suspended").text("status"))
                .isEqualTo("suspended");
        assertThat(subApi.get("/v1/Trunks").status()).isEqualTo(401);
    }

    @Test
    void carriersGatewaysAndRoutesReachProvisioning() {
        String name = unique("carrier");
        Reply carrier = api.post("/v1/Carriers", "FriendlyName", name, "NumberFormat", "e164-without-plus",
                "TechPrefix", "1234#", "Username", "us", "Password", "carrier-secret", "FinalResponseCodes", "486,6xx");
        assertThat(carrier.status()).as(carrier.toString()).isEqualTo(201);
        String by = carrier.text("sid");
        assertThat(Sids.isValid("BY", by)).isTrue();
        assertThat(carrier.body()).doesNotContain("carrier-secret");
        assertThat(carrier.json().get("failover_timeout_ms").asInt()).isEqualTo(4000);
        Reply gw = api.post("/v1/Carriers/" + by + "/Gateways", "SipUrl", "sip:gw1.example.net:5080", "Priority", "1");
        assertThat(gw.status()).as(gw.toString()).isEqualTo(201);
        assertThat(Sids.isValid("GW", gw.text("sid"))).isTrue();
        assertError(api.post("/v1/Carriers", "FriendlyName", unique("c"), "NumberFormat", "weird"), 400, 100002, "NumberFormat");

        assertError(api.post("/v1/Routes", "FriendlyName", unique("r"), "Prefix", "44"), 400, 100001, "CarrierSid");
        assertError(api.post("/v1/Routes", "FriendlyName", unique("r"), "Prefix", "+44", "CarrierSid", by), 400, 100002, "Prefix");
        String routeName = unique("uk");
        Reply route = api.post("/v1/Routes", "FriendlyName", routeName, "Prefix", "44", "CarrierSid", by,
                "TimeWindowDays", "mon,tue", "TimeWindowStart", "08:00", "TimeWindowEnd", "18:00",
                "TimeWindowZone", "Europe/London");
        assertThat(route.status()).as(route.toString()).isEqualTo(201);
        assertThat(Sids.isValid("RT", route.text("sid"))).isTrue();

        Provisioning p = daemon.provisioning().current();
        assertThat(p.carriers()).anySatisfy(c -> {
            assertThat(c.name()).isEqualTo(name);
            assertThat(c.password()).isEqualTo("carrier-secret");
            assertThat(c.techPrefix()).isEqualTo("1234#");
            assertThat(c.finalResponseCodes()).containsExactly("486", "6xx");
            assertThat(c.gateways()).singleElement().satisfies(g -> assertThat(g.sipUrl()).isEqualTo("sip:gw1.example.net:5080"));
        });
        assertThat(p.routes()).anySatisfy(r -> {
            assertThat(r.name()).isEqualTo(routeName);
            assertThat(r.carrier()).isEqualTo(by); // routes refer to carriers by SID
            assertThat(r.windows()).singleElement().satisfies(w -> assertThat(w.zone().getId()).isEqualTo("Europe/London"));
        });
        assertThat(api.delete("/v1/Carriers/" + by).status()).isEqualTo(204);
        assertThat(daemon.provisioning().current().routes()).noneSatisfy(r -> assertThat(r.name()).isEqualTo(routeName));
    }

    @Test
    void provisioningChangeReachesListenersWithinOneSecond() {
        AtomicReference<Provisioning> seen = new AtomicReference<>();
        daemon.provisioning().addListener(seen::set);
        String name = unique("live");
        long t0 = System.nanoTime();
        api.post("/v1/Trunks", "FriendlyName", name);
        await().atMost(Duration.ofSeconds(1)).until(() -> seen.get() != null
                && seen.get().trunks().stream().anyMatch(t -> t.name().equals(name)));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void callRecordsAreListedFilteredFetchedExportedAndDeleted() {
        String to = "+4420" + (10_000_000 + (int) (Math.random() * 89_999_999));
        Instant start = Instant.parse("2026-11-27T10:00:00Z");
        List<String> sids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String sid = Sids.next("CA");
            sids.add(sid);
            daemon.cdrs().submit(CallRecord.builder(sid, main).to(to).from("+14155550100")
                    .status(i == 2 ? "busy" : "completed").startTime(start.plusSeconds(3600L * i))
                    .endTime(start.plusSeconds(3600L * i + 60)).durationSeconds(i == 2 ? 0 : 60).sipCallId("call-" + i)
                    .attempts(1).sipResponseCode(i == 2 ? 486 : 200).hangupBy("caller").build());
        }
        String calls = acct() + "/Calls.json?To=" + to.replace("+", "%2B");
        await().atMost(Duration.ofSeconds(5)).until(() -> api.get(calls).json().get("calls").size() == 3);
        JsonNode first = api.get(calls).json().get("calls").get(0);
        assertThat(first.get("start_time").asText()).isEqualTo("Fri, 27 Nov 2026 12:00:00 +0000");
        assertThat(first.get("duration").asText()).isEqualTo("0");
        assertThat(api.get(calls + "&Status=busy").json().get("calls")).hasSize(1);
        assertThat(api.get(calls + "&StartTime%3E=2026-11-27T11:00:00Z").json().get("calls")).hasSize(2);
        assertThat(api.get(calls + "&StartTime%3C=2026-11-27T10:30:00Z").json().get("calls")).hasSize(1);
        assertThat(api.get(calls + "&StartTime=2026-11-27").json().get("calls")).hasSize(3);
        assertThat(api.get(calls + "&StartTime=2026-11-28").json().get("calls")).isEmpty();
        assertError(api.get(calls + "&StartTime=yesterday"), 400, 100002, "StartTime");

        Reply one = api.get(acct() + "/Calls/" + sids.get(0) + ".json");
        assertThat(one.text("sip_call_id")).isEqualTo("call-0");
        assertThat(one.text("status")).isEqualTo("completed");

        Reply csv = api.get(acct() + "/Calls.csv?To=" + to.replace("+", "%2B"));
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.body().split("\r\n")).hasSize(4);
        assertThat(csv.body()).startsWith("sid,account_sid").contains(sids.get(2) + "," + main);

        for (String sid : sids) {
            assertThat(api.delete(acct() + "/Calls/" + sid + ".json").status()).isEqualTo(204);
        }
        assertThat(api.get(calls).json().get("calls")).isEmpty();
    }

    Trunk trunk(String name) {
        return daemon.provisioning().current().trunks().stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow();
    }

    static List<String> names(Reply r, String key) {
        List<String> out = new ArrayList<>();
        r.json().get(key).forEach(n -> out.add(n.get("friendly_name").asText()));
        return out;
    }

    static void assertError(Reply r, int status, int code, String mentions) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.json().get("code").asInt()).as(r.toString()).isEqualTo(code);
        assertThat(r.text("message")).as(r.toString()).contains(mentions);
    }
}
