package io.softswitch.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.core.security.Tenants.Tenant;
import io.softswitch.core.testing.ApiClient.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 22, finding 7: origination and gateway URLs may not point at the switch's own SIP and HTTP
 * listeners or at link-local/metadata addresses unless the operator allows it, and malformed URLs
 * are a 400, not a URL that fails at call time.
 */
class TargetPolicyTest {
    static Tenants env;
    static Tenant tenant;
    static String trunk;
    static String carrier;

    @BeforeAll
    static void start() throws Exception {
        env = new Tenants("");
        tenant = env.subaccount("targets");
        trunk = Tenants.ok(tenant.api().post("/v1/Trunks", "FriendlyName", Tenants.unique("t"))).text("sid");
        carrier = Tenants.ok(env.main.post("/v1/Carriers", "FriendlyName", Tenants.unique("c"))).text("sid");
    }

    @AfterAll
    static void stop() {
        if (env != null) {
            env.close();
        }
    }

    private static Reply origination(String url) {
        return tenant.api().post("/v1/Trunks/" + trunk + "/OriginationUrls", "FriendlyName", "pbx", "SipUrl", url,
                "Priority", "10", "Weight", "10", "Enabled", "true");
    }

    private static Reply gateway(String url) {
        return env.main.post("/v1/Carriers/" + carrier + "/Gateways", "SipUrl", url);
    }

    @Test
    void urlsToTheSwitchsOwnListenersAndToLinkLocalAddressesAreRefused() {
        for (String url : new String[] {
            "sip:127.0.0.1:" + env.sipPort,
            "sip:+14155550100@127.0.0.1:" + env.sipPort + ";transport=tcp",
            "sip:localhost:" + env.sipPort,
            "sip:127.0.0.1:" + env.daemon.httpPort(),
            "sip:169.254.169.254",
            "sip:169.254.1.1:5060",
            "sip:[fe80::1]:5060",
            "sip:0.0.0.0:5070"}) {
            for (Reply r : new Reply[] {origination(url), gateway(url)}) {
                assertThat(r.status()).as("%s: %s", url, r).isEqualTo(400);
                assertThat(r.json().get("code").asInt()).isEqualTo(100002); // invalid parameter value
                assertThat(r.text("message")).contains("SipUrl").contains("tenancy.allow_internal_targets");
            }
        }
    }

    @Test
    void malformedUrlsAre400() {
        for (String url : new String[] {"sip:[zzz", "sip:[zzz]", "sip:[::1", "sip:300.1.1.1", "sip:host:99999"}) {
            for (Reply r : new Reply[] {origination(url), gateway(url)}) {
                assertThat(r.status()).as("%s: %s", url, r).isEqualTo(400);
                assertThat(r.text("message")).contains("SipUrl");
            }
        }
    }

    @Test
    void ordinaryTargetsAreAccepted() {
        for (String url : new String[] {"sip:127.0.0.1:5062", "sip:pbx.example.net", "sip:[2001:db8::1]:5060",
            "sip:192.0.2.10:5080;transport=tcp"}) {
            assertThat(origination(url).status()).as(url).isEqualTo(201);
            assertThat(gateway(url).status()).as(url).isEqualTo(201);
        }
    }
}
