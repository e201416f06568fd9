package io.softswitch.core.e2e;

import static io.softswitch.core.e2e.Peers.DIALED;
import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.core.testing.FreePorts;
import io.softswitch.core.testing.Sipp;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A carrier that challenges our INVITE (RFC 3261 §22.3): answered with the carrier's configured
 * credentials; without credentials the challenge is a failure for the PBX, never relayed as a
 * challenge (the PBX's credentials are not the carrier's).
 */
class CarrierDigestTest {
    private static final String USER = "acme-trunk";
    private static final String PASSWORD = "carrier-Pa55";
    private static final Pattern PARAM = Pattern.compile("(\\w+)=(?:\"([^\"]*)\"|([^,\\s]+))");

    @Test
    void carrierChallengeIsAnsweredWithTheCarrierCredentialsAndTheCallCompletes() throws Exception {
        int gw = FreePorts.udpAndTcp();
        var carrier = Demo.withCredentials(Demo.carrier("carrier", List.of(), gw), USER, PASSWORD);
        try (E2eDaemon d = new E2eDaemon(Demo.termination(carrier));
                Sipp.Running uas = Sipp.scenario("uas-auth-407.xml").localPort(gw).startServer()) {
            Sipp.Result pbx = Peers.pbx("uac-final.xml", DIALED).runAgainst(d.sipPort);
            assertThat(pbx.allCallsSucceeded()).as(pbx.toString()).isTrue();
            assertThat(Peers.finals(pbx)).containsExactly("200 OK");
            Sipp.Result gateway = uas.await();
            assertThat(gateway.allCallsSucceeded()).as(gateway.toString()).isTrue();
            assertThat(gateway.logged("AUTH-USER")).containsExactly(USER);
            List<Sipp.Message> invites = gateway.received("INVITE");
            assertThat(invites).hasSize(2);
            // The digest response is right: recomputed here from what the carrier received (MD5, no qop).
            Map<String, String> p = params(invites.get(1).header("Proxy-Authorization").orElseThrow());
            assertThat(p).containsEntry("username", USER).containsEntry("realm", "carrier.example.net")
                    .containsEntry("nonce", "5c2a8f1e9d3b4a7c6e0f1a2b3c4d5e6f");
            String ha1 = md5(USER + ":carrier.example.net:" + PASSWORD);
            String ha2 = md5("INVITE:" + p.get("uri"));
            String expected = p.containsKey("qop")
                    ? md5(ha1 + ":" + p.get("nonce") + ":" + p.get("nc") + ":" + p.get("cnonce") + ":auth:" + ha2)
                    : md5(ha1 + ":" + p.get("nonce") + ":" + ha2);
            assertThat(p.get("response")).isEqualTo(expected);
            // The retried INVITE is a new transaction in the same dialog attempt (§22.2: CSeq + 1).
            assertThat(cseq(invites.get(1))).isEqualTo(cseq(invites.get(0)) + 1);
            assertThat(invites.get(1).header("Call-ID")).isEqualTo(invites.get(0).header("Call-ID"));
            d.awaitCalls("completed", 1);
        }
    }

    @Test
    void carrierChallengeWithoutCarrierCredentialsReachesThePbxAs503NotAsAChallenge() throws Exception {
        int gw = FreePorts.udpAndTcp();
        try (E2eDaemon d = new E2eDaemon(Demo.termination(Demo.carrier("carrier", List.of(), gw)));
                Sipp.Running uas = Sipp.scenario("uas-auth-407.xml").localPort(gw).startServer()) {
            Sipp.Result pbx = Peers.pbx("uac-final.xml", DIALED).runAgainst(d.sipPort);
            assertThat(pbx.allCallsSucceeded()).as(pbx.toString()).isTrue();
            assertThat(Peers.finals(pbx)).containsExactly("503 Service Unavailable");
            assertThat(pbx.receivedResponses(407)).isEmpty();
            assertThat(pbx.messages()).noneMatch(m -> m.header("Proxy-Authenticate").isPresent()
                    || m.header("WWW-Authenticate").isPresent());
            Sipp.Result gateway = uas.stop();
            assertThat(gateway.received("INVITE")).as(gateway.toString()).hasSize(1);
            assertThat(gateway.received("ACK")).as("the 407 was acknowledged").hasSize(1);
            Map<String, Object> cdr = d.awaitCdrs(1).get(0);
            assertThat(cdr).containsEntry("status", "failed");
            assertThat(((Number) cdr.get("sip_response_code")).intValue()).isEqualTo(503);
            Peers.awaitIdle(d);
        }
    }

    private static Map<String, String> params(String header) {
        Map<String, String> out = new java.util.HashMap<>();
        Matcher m = PARAM.matcher(header.substring(header.indexOf(' ') + 1));
        while (m.find()) {
            out.put(m.group(1), m.group(2) != null ? m.group(2) : m.group(3));
        }
        return out;
    }

    private static long cseq(Sipp.Message m) {
        return Long.parseLong(m.header("CSeq").orElseThrow().split("\\s+")[0]);
    }

    private static String md5(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
