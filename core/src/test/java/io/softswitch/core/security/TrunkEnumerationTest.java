package io.softswitch.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.config.Provisioning;
import io.softswitch.config.provisioning.Carrier;
import io.softswitch.config.provisioning.CarrierType;
import io.softswitch.config.provisioning.Credential;
import io.softswitch.config.provisioning.Gateway;
import io.softswitch.config.provisioning.NumberFormat;
import io.softswitch.config.provisioning.NumberNormalization;
import io.softswitch.config.provisioning.Route;
import io.softswitch.config.provisioning.RouteAction;
import io.softswitch.config.provisioning.Trunk;
import io.softswitch.core.daemon.Daemon;
import io.softswitch.core.testing.FreePorts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trunk enumeration (issue 8, svwar): a stranger sending the same request to a trunk domain that
 * exists and to one that does not must get answers that differ in nothing but what the request
 * itself put in them (Via, From, To, Call-ID, CSeq, the nonce). Trunks as the store provisions
 * them: realm = the owning account SID. Each exchange comes from its own loopback address outside
 * every ACL, so the failure counting of one does not touch the next; {@link #failuresOnAnUnknownDomainBlockLikeOnAKnownOne}
 * checks that counting itself.
 */
class TrunkEnumerationTest {
    private static final String ACCOUNT = "AC" + "5e".repeat(16);
    private static final String USER = "alice";
    private static final String PASSWORD = "s3cret-Pa55";
    /** Digest only, ACL only, ACL and digest: the three ways a trunk can let callers in. */
    private static final List<String> KNOWN = List.of("digest.pstn.example.net", "acl.pstn.example.net",
            "both.pstn.example.net");
    private static final List<String> UNKNOWN = List.of("nosuch.pstn.example.net", "digest.pstn.example.org",
            "127.0.0.1");
    private static final int FAILURES_BEFORE_BLOCK = 3;
    private static final AtomicInteger NEXT_SOURCE = new AtomicInteger(10);
    private static final Pattern REALM = Pattern.compile("realm=\"([^\"]*)\"");

    @TempDir
    static Path tmp;
    static CountingCarrier carrier;
    static Daemon daemon;
    static int sipPort;

    @BeforeAll
    static void start() throws Exception {
        carrier = new CountingCarrier();
        sipPort = FreePorts.udpAndTcp();
        daemon = Daemon.start(SecureDaemons.config(sipPort, """
                drop_scanners: false
                auth_failures_before_block: %d
                auth_backoff_ms: 0
                """.formatted(FAILURES_BEFORE_BLOCK)), tmp.resolve("data"));
        List<Credential> creds = List.of(new Credential(USER, PASSWORD, null, null));
        List<Trunk> trunks = List.of(trunk("digest", KNOWN.get(0), List.of(), creds),
                trunk("acl", KNOWN.get(1), List.of("127.0.0.1/32"), List.of()),
                trunk("both", KNOWN.get(2), List.of("127.0.0.1/32"), creds));
        Gateway gw = new Gateway("gw1", "sip:127.0.0.1:" + carrier.port(), 1, 10, true);
        Carrier c = new Carrier(null, "carrier", CarrierType.SIP, NumberFormat.E164, "", "", "", 0, 0, 0, 2000,
                Carrier.DEFAULT_FINAL_RESPONSE_CODES, List.of(gw), List.of(), List.of(), List.of());
        daemon.snapshots().replace(new Provisioning(trunks, List.of(c), List.of(),
                List.of(new Route(null, "default", "", "carrier", 10, 10, null, RouteAction.ROUTE, List.of()))));
    }

    private static Trunk trunk(String name, String domain, List<String> acl, List<Credential> creds) {
        return new Trunk(null, ACCOUNT, name, domain, acl, creds, ACCOUNT, NumberNormalization.STRICT, "US", 0, 0,
                false, false, List.of(), List.of(), List.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
        if (carrier != null) {
            carrier.close();
        }
    }

    /** A fresh source address outside every ACL (127.0.0.10 and up). */
    private static RawPbx stranger() throws Exception {
        return new RawPbx("127.0.0." + NEXT_SOURCE.getAndIncrement(), sipPort);
    }

    /**
     * What a response tells its receiver beyond the echo of its own request: the status line, the
     * header names in order, and every header value except the echoed ones, with the nonce (fresh
     * each time) masked and the realm reduced to its shape.
     */
    static String shape(String response) {
        assertThat(response).as("a response").isNotNull();
        List<String> out = new ArrayList<>();
        out.add(SipText.statusLine(response));
        int end = response.indexOf("\r\n\r\n");
        for (String line : response.substring(response.indexOf("\r\n") + 2, end).split("\r\n")) {
            int colon = line.indexOf(':');
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            switch (name) {
                case "via", "from", "to", "call-id", "cseq" -> out.add(name);
                case "proxy-authenticate", "www-authenticate" -> out.add(name + ": "
                        + value.replaceAll("nonce=\"[^\"]*\"", "nonce=\"*\"")
                                .replaceAll("realm=\"AC[0-9a-f]{32}\"", "realm=\"<account sid>\""));
                default -> out.add(name + ": " + value);
            }
        }
        out.add("body: " + response.substring(end + 4).length());
        return String.join("\n", out);
    }

    private static String realm(String response) {
        Matcher m = REALM.matcher(SipText.header(response, "Proxy-Authenticate"));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    @Test
    void inviteToAnyDomainGetsTheSameChallengeThenTheSameRefusal() throws Exception {
        // The reference: a real digest trunk's domain, no credentials then a wrong password.
        List<String> reference;
        try (RawPbx pbx = stranger()) {
            reference = pbx.exchange(KNOWN.get(0), "+14155550100",
                    new RawPbx.Credentials(USER, "not-" + PASSWORD)).stream().map(TrunkEnumerationTest::shape).toList();
        }
        assertThat(reference.get(0)).startsWith("407 Proxy Authentication Required")
                .contains("proxy-authenticate: Digest realm=\"<account sid>\",nonce=\"*\",qop=\"auth\",algorithm=SHA-256\n"
                        + "proxy-authenticate: Digest realm=\"<account sid>\",nonce=\"*\",qop=\"auth\",algorithm=MD5\n");
        assertThat(reference.get(1)).startsWith("403 Forbidden");
        List<String> domains = new ArrayList<>(KNOWN);
        domains.addAll(UNKNOWN);
        for (String domain : domains) {
            // The right password of the account's realm, too, except where it is genuinely right.
            List<String> guesses = domain.equals(KNOWN.get(0)) ? List.of("not-" + PASSWORD)
                    : List.of("not-" + PASSWORD, PASSWORD);
            for (String guess : guesses) {
                try (RawPbx pbx = stranger()) {
                    List<String> got = pbx.exchange(domain, "+14155550101", new RawPbx.Credentials(USER, guess));
                    assertThat(got.stream().map(TrunkEnumerationTest::shape).toList()).as("%s, password %s", domain, guess)
                            .isEqualTo(reference);
                    // One account: every domain, real or not, is challenged in that account's realm.
                    assertThat(realm(got.get(0))).as(domain).isEqualTo(ACCOUNT);
                }
            }
        }
        assertThat(carrier.invites()).as("nothing got through").isEmpty();
    }

    @Test
    void registerAndOptionsGetTheSameAnswerForEveryDomainAndUser() throws Exception {
        List<String> domains = new ArrayList<>(KNOWN);
        domains.addAll(UNKNOWN);
        for (String method : List.of("REGISTER", "OPTIONS")) {
            String reference;
            try (RawPbx pbx = stranger()) {
                reference = shape(pbx.request(method, USER, KNOWN.get(0)));
            }
            assertThat(reference).startsWith(method.equals("REGISTER") ? "405 Method not allowed" : "200 OK");
            for (String domain : domains) {
                for (String user : List.of(USER, "bob", "1000", "+14155550100")) {
                    try (RawPbx pbx = stranger()) {
                        assertThat(shape(pbx.request(method, user, domain))).as("%s %s@%s", method, user, domain)
                                .isEqualTo(reference);
                    }
                }
            }
        }
    }

    @Test
    void repeatedProbesOfAnUnknownDomainSeeOneRealm() throws Exception {
        // The realm is a function of the host (DecoyRealmsTest: also across accounts and restarts).
        List<String> realms = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            try (RawPbx pbx = stranger()) {
                realms.add(realm(pbx.exchange("guess.pstn.example.net", "+14155550102", null).get(0)));
            }
        }
        assertThat(realms).containsOnly(realms.get(0));
    }

    @Test
    void failuresOnAnUnknownDomainBlockLikeOnAKnownOne() throws Exception {
        List<List<String>> outcomes = new ArrayList<>();
        for (String domain : List.of(KNOWN.get(0), UNKNOWN.get(0))) {
            List<String> seen = new ArrayList<>();
            try (RawPbx pbx = stranger()) {
                pbx.timeout(java.time.Duration.ofMillis(1500));
                for (int i = 0; i <= FAILURES_BEFORE_BLOCK; i++) {
                    seen.add(pbx.call(domain, "+14155550103", new RawPbx.Credentials(USER, "guess" + i)));
                }
            }
            outcomes.add(seen);
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < FAILURES_BEFORE_BLOCK; i++) {
            expected.add("403 Forbidden");
        }
        expected.add("timeout"); // blocked: not even a challenge
        assertThat(outcomes).containsExactly(expected, expected);
        assertThat(daemon.metrics().registry().get("sip.sources.blocked").tag("reason", "auth-failures").counter()
                .count()).isEqualTo(2.0);
    }
}
