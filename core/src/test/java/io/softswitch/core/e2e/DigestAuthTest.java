package io.softswitch.core.e2e;

import static io.softswitch.core.e2e.Peers.DIALED;
import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.config.Provisioning;
import io.softswitch.config.provisioning.Credential;
import io.softswitch.core.testing.FreePorts;
import io.softswitch.core.testing.Sipp;
import io.softswitch.sip.auth.DigestAlgorithm;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Trunk authentication (DESIGN.md §3 step 3) against a real SIPp PBX: digest with {@code 407},
 * IP ACL, both. The trunk is identified by its domain name, so the ACL is a check, not the way
 * the trunk is found.
 */
class DigestAuthTest {
    private static final String DOMAIN = "acme.pstn.example.net";
    private static final String USER = "alice";
    private static final String PASSWORD = "s3cret-Pa55";

    /** A credential stored only as its MD5 HA1 (SIPp 3.6 speaks MD5 digest only). */
    private static Credential md5Only() {
        return new Credential(USER, null, DigestAlgorithm.MD5.ha1(USER, DOMAIN, PASSWORD), null);
    }

    private static Provisioning trunk(List<String> acl, Credential credential, int carrierPort) {
        return Demo.of(List.of(Demo.domainTrunk("acme", DOMAIN, acl, List.of(credential))),
                List.of(Demo.carrier("carrier", List.of(), carrierPort)), List.of(), List.of(Demo.defaultRoute("carrier")));
    }

    private static Sipp pbx(String scenario, String user, String password) {
        return Peers.pbx(scenario, DIALED).key("domain", DOMAIN).arg("-au", user, "-ap", password);
    }

    @Test
    void pbxIsChallengedWith407AndConnectsWithTheRightCredentials() throws Exception {
        int carrierPort = FreePorts.udpAndTcp();
        try (E2eDaemon d = new E2eDaemon(trunk(List.of(), md5Only(), carrierPort));
                Sipp.Running carrier = Sipp.scenario("uas-answer.xml").localPort(carrierPort).startServer()) {
            Sipp.Result pbx = pbx("uac-auth.xml", USER, PASSWORD).runAgainst(d.sipPort);
            Sipp.Result uas = carrier.await();
            assertThat(pbx.allCallsSucceeded()).as(pbx.toString()).isTrue();
            assertThat(Peers.finals(pbx)).containsExactly("200 OK");
            Sipp.Message challenge = pbx.receivedResponses(407).get(0);
            assertThat(challenge.headers("Proxy-Authenticate")).singleElement().asString()
                    .startsWith("Digest realm=\"" + DOMAIN + "\"").contains("qop=\"auth\"").contains("algorithm=MD5");
            assertThat(uas.allCallsSucceeded()).as(uas.toString()).isTrue();
            assertThat(uas.received("INVITE").get(0).headers("Proxy-Authorization")).isEmpty();
            d.awaitCalls("completed", 1);
        }
    }

    @Test
    void passwordCredentialsAreChallengedWithSha256FirstThenMd5() throws Exception {
        int carrierPort = FreePorts.udpAndTcp();
        try (E2eDaemon d = new E2eDaemon(trunk(List.of(), new Credential(USER, PASSWORD, null, null), carrierPort))) {
            Sipp.Result pbx = pbx("uac-final.xml", USER, PASSWORD).runAgainst(d.sipPort);
            assertThat(pbx.allCallsSucceeded()).as(pbx.toString()).isTrue();
            assertThat(Peers.finals(pbx)).containsExactly("407 Proxy Authentication Required");
            List<String> challenges = pbx.receivedResponses(407).get(0).headers("Proxy-Authenticate");
            assertThat(challenges).hasSize(2);
            assertThat(challenges.get(0)).contains("algorithm=SHA-256");
            assertThat(challenges.get(1)).contains("algorithm=MD5");
            Peers.awaitIdle(d);
        }
    }

    @Test
    void wrongPasswordGets403() throws Exception {
        int carrierPort = FreePorts.udpAndTcp();
        try (E2eDaemon d = new E2eDaemon(trunk(List.of(), md5Only(), carrierPort));
                Sipp.Running carrier = Sipp.scenario("uas-answer.xml").localPort(carrierPort).startServer()) {
            Sipp.Result pbx = pbx("uac-auth.xml", USER, "wrong").runAgainst(d.sipPort);
            assertThat(pbx.allCallsSucceeded()).as(pbx.toString()).isTrue();
            assertThat(Peers.finals(pbx)).containsExactly("403 Forbidden");
            // A failed password is not a call of the trunk's tenant (issue 22): counted, not recorded.
            d.awaitAuthFailures(1);
            assertThat(d.calls("failed")).isZero();
            assertThat(carrier.stop().received("INVITE")).isEmpty();
        }
    }

    @Test
    void unknownUserGetsTheSame403AsAWrongPassword() throws Exception {
        int carrierPort = FreePorts.udpAndTcp();
        try (E2eDaemon d = new E2eDaemon(trunk(List.of(), md5Only(), carrierPort))) {
            Sipp.Result unknown = pbx("uac-auth.xml", "mallory", PASSWORD).runAgainst(d.sipPort);
            Sipp.Result wrong = pbx("uac-auth.xml", USER, "wrong").runAgainst(d.sipPort);
            assertThat(unknown.allCallsSucceeded()).as(unknown.toString()).isTrue();
            assertThat(wrong.allCallsSucceeded()).as(wrong.toString()).isTrue();
            assertThat(Peers.finals(unknown)).containsExactly("403 Forbidden");
            assertThat(Peers.finals(unknown)).isEqualTo(Peers.finals(wrong));
            assertThat(headerNames(unknown.receivedResponses(403).get(0)))
                    .isEqualTo(headerNames(wrong.receivedResponses(403).get(0)));
            d.awaitAuthFailures(2);
        }
    }

    /**
     * Outside the ACL the caller is refused whatever it sends, but it sees what a wrong password
     * sees (a challenge, then 403), so it cannot tell the trunk's domain or ACL exist
     * (security/TrunkEnumerationTest).
     */
    @Test
    void sourceOutsideTheAclIsChallengedThenRefusedEvenWithTheRightPassword() throws Exception {
        int carrierPort = FreePorts.udpAndTcp();
        try (E2eDaemon d = new E2eDaemon(trunk(List.of("10.0.0.0/8"), md5Only(), carrierPort))) {
            Sipp.Result challenged = pbx("uac-final.xml", USER, PASSWORD).runAgainst(d.sipPort);
            assertThat(Peers.finals(challenged)).as(challenged.toString())
                    .containsExactly("407 Proxy Authentication Required");
            Sipp.Result pbx = pbx("uac-auth.xml", USER, PASSWORD).runAgainst(d.sipPort);
            assertThat(pbx.allCallsSucceeded()).as(pbx.toString()).isTrue();
            assertThat(Peers.finals(pbx)).containsExactly("403 Forbidden");
            d.awaitAuthFailures(1);
        }
    }

    @Test
    void aclAndDigestAreBothEnforcedWhenBothAreSet() throws Exception {
        int carrierPort = FreePorts.udpAndTcp();
        try (E2eDaemon d = new E2eDaemon(trunk(List.of("127.0.0.1/32"), md5Only(), carrierPort));
                Sipp.Running carrier = Sipp.scenario("uas-answer.xml").localPort(carrierPort).startServer()) {
            // Inside the ACL without credentials: challenged, not let through.
            Sipp.Result noCredentials = pbx("uac-final.xml", USER, PASSWORD).runAgainst(d.sipPort);
            assertThat(Peers.finals(noCredentials)).as(noCredentials.toString())
                    .containsExactly("407 Proxy Authentication Required");
            // Right credentials from outside the ACL: refused, after the challenge every stranger gets.
            Sipp.Result outside = pbx("uac-auth.xml", USER, PASSWORD).localIp("127.0.0.3").runAgainst(d.sipPort);
            assertThat(Peers.finals(outside)).as(outside.toString()).containsExactly("403 Forbidden");
            // Inside the ACL with the right credentials: connected.
            Sipp.Result ok = pbx("uac-auth.xml", USER, PASSWORD).runAgainst(d.sipPort);
            assertThat(ok.allCallsSucceeded()).as(ok.toString()).isTrue();
            assertThat(Peers.finals(ok)).containsExactly("200 OK");
            assertThat(carrier.await().received("INVITE")).hasSize(1);
            d.awaitCalls("completed", 1);
            assertThat(d.authFailures()).isEqualTo(1);
            assertThat(d.calls("failed")).isZero();
        }
    }

    private static List<String> headerNames(Sipp.Message m) {
        return m.text().lines().skip(1).takeWhile(l -> !l.isBlank())
                .map(l -> l.substring(0, Math.max(0, l.indexOf(':'))).trim()).toList();
    }
}
