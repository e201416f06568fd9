package io.softswitch.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.config.ConfigLoader;
import io.softswitch.core.daemon.Daemon;
import io.softswitch.core.store.Sids;
import io.softswitch.core.testing.AccountCredentials;
import io.softswitch.core.testing.ApiClient;
import io.softswitch.core.testing.ApiClient.Reply;
import io.softswitch.core.testing.FreePorts;
import io.softswitch.core.testing.TestConfigs;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A daemon provisioned only through its REST API, as a multi-tenant operator runs it: the main
 * account owns the carrier (the built-in simulator, answering every call 200 and leaving the hang-up
 * to the caller), the default route and the number inventory; subaccounts own trunks and take
 * numbers from the inventory. Carrier INVITEs come from {@link #CARRIER_IP}.
 */
final class Tenants implements AutoCloseable {
    static final String CARRIER_IP = "127.0.0.9";

    final int sipPort = FreePorts.udpAndTcp();
    final int simulatorPort = FreePorts.udpAndTcp();
    final Path dataDir;
    final Daemon daemon;
    final ApiClient main;
    final String mainSid;
    final String mainToken;

    /** A subaccount: its SID, its auth token and a client authenticated as it. */
    record Tenant(String sid, String token, ApiClient api) {
        String acct() {
            return "/2010-04-01/Accounts/" + sid;
        }
    }

    /** @param extraYaml top-level YAML appended to the test config, e.g. {@code "calls:\n  drain_seconds: 1\n"} */
    Tenants(String extraYaml) throws Exception {
        this(extraYaml, Files.createTempDirectory("tenants").resolve("data"));
    }

    /** A daemon on {@code dataDir} (a later instance on the same directory finds the same main account). */
    Tenants(String extraYaml, Path dataDir) throws Exception {
        this.dataDir = dataDir;
        String yaml = TestConfigs.yaml(sipPort).replace("simulator:\n  enabled: false\n",
                TestConfigs.simulator(simulatorPort, "none")) + extraYaml;
        daemon = Daemon.start(new ConfigLoader(n -> null).parse("tenants.yaml", yaml), dataDir);
        AccountCredentials creds = AccountCredentials.read(dataDir);
        mainSid = creds.accountSid();
        mainToken = creds.authToken();
        main = new ApiClient(daemon.httpPort(), mainSid, mainToken);
    }

    static String unique(String s) {
        return s + "-" + Sids.secret().substring(0, 8);
    }

    static Reply ok(Reply r) {
        assertThat(r.status()).as("%s", r).isBetween(200, 299);
        return r;
    }

    /** The simulator as carrier, a default route to it, and its inbound address {@link #CARRIER_IP}. */
    String carrier() {
        String by = ok(main.post("/v1/Carriers", "FriendlyName", unique("sim"), "Type", "simulator")).text("sid");
        ok(main.post("/v1/Carriers/" + by + "/Gateways", "SipUrl", "sip:127.0.0.1:" + simulatorPort));
        ok(main.post("/v1/Routes", "FriendlyName", unique("default"), "Prefix", "", "CarrierSid", by));
        String al = ipAcl(main, mainSid, CARRIER_IP);
        ok(main.post("/v1/Carriers/" + by + "/IpAccessControlLists", "IpAccessControlListSid", al));
        return by;
    }

    Tenant subaccount(String name) {
        Reply r = ok(main.post("/2010-04-01/Accounts.json", "FriendlyName", name));
        return new Tenant(r.text("sid"), r.text("auth_token"), main.as(r.text("sid"), r.text("auth_token")));
    }

    /** An IP ACL of {@code account} holding {@code ip}/32. */
    static String ipAcl(ApiClient api, String account, String ip) {
        String acct = "/2010-04-01/Accounts/" + account;
        String al = ok(api.post(acct + "/SIP/IpAccessControlLists.json", "FriendlyName", unique("acl"))).text("sid");
        ok(api.post(acct + "/SIP/IpAccessControlLists/" + al + "/IpAddresses.json", "FriendlyName", "pbx",
                "IpAddress", ip));
        return al;
    }

    /** A trunk of {@code t} that lets in PBXs calling from {@code pbxIp}. */
    String trunkWithAcl(Tenant t, String pbxIp) {
        String tk = ok(t.api().post("/v1/Trunks", "FriendlyName", unique("pbx"))).text("sid");
        ok(t.api().post("/v1/Trunks/" + tk + "/IpAccessControlLists", "IpAccessControlListSid",
                ipAcl(t.api(), t.sid(), pbxIp)));
        return tk;
    }

    /** A digest-only trunk of {@code t} on {@code domain}. */
    String trunkWithDigest(Tenant t, String domain, String user, String password) {
        String tk = ok(t.api().post("/v1/Trunks", "FriendlyName", unique("pbx"), "DomainName", domain)).text("sid");
        String cl = ok(t.api().post(t.acct() + "/SIP/CredentialLists.json", "FriendlyName", unique("cl"))).text("sid");
        ok(t.api().post(t.acct() + "/SIP/CredentialLists/" + cl + "/Credentials.json", "Username", user,
                "Password", password));
        ok(t.api().post("/v1/Trunks/" + tk + "/CredentialLists", "CredentialListSid", cl));
        return tk;
    }

    /** Inbound calls for the trunk's numbers go to {@code sip:127.0.0.1:port}. */
    void originationUrl(Tenant t, String trunk, int port) {
        ok(t.api().post("/v1/Trunks/" + trunk + "/OriginationUrls", "FriendlyName", "pbx",
                "SipUrl", "sip:127.0.0.1:" + port, "Priority", "10", "Weight", "10", "Enabled", "true"));
    }

    /** The operator puts {@code number} in its inventory; {@code t} takes it for {@code trunk}. */
    String number(Tenant t, String number, String trunk) {
        ok(main.post("/2010-04-01/Accounts/" + mainSid + "/IncomingPhoneNumbers.json", "PhoneNumber", number));
        return ok(t.api().post(t.acct() + "/IncomingPhoneNumbers.json", "PhoneNumber", number, "TrunkSid", trunk))
                .text("sid");
    }

    /** Sets a subaccount's status as the operator. */
    void status(Tenant t, String status) {
        ok(main.post("/2010-04-01/Accounts/" + t.sid() + ".json", "Status", status));
    }

    @Override
    public void close() {
        daemon.close();
    }
}
