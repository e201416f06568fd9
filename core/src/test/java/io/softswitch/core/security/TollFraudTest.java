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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Toll fraud: no INVITE reaches the carrier unless the trunk authenticated it. Four trunks, one per
 * authentication setting, each identified by its domain name; calls from inside (127.0.0.1) and
 * outside (127.0.0.3) the ACL, with no, wrong and right digest credentials. The carrier is a raw
 * UDP socket that records every INVITE and answers {@code 486}, so a call the switch let through
 * ends {@code 486 Busy Here} at the PBX and is counted at the carrier; any other call must leave
 * the carrier untouched. Digest failures neither block the source nor make it back off here
 * ({@code auth_failures_before_block: 0}, {@code auth_backoff_ms: 0}); {@link SipViciousTest} and
 * {@link AuthBackoffWireTest} cover those.
 */
class TollFraudTest {
    private static final String INSIDE = "127.0.0.1";
    private static final String OUTSIDE = "127.0.0.3";
    private static final String USER = "alice";
    private static final String PASSWORD = "s3cret-Pa55";
    private static final String LET_THROUGH = "486 Busy Here";
    private static final String FORBIDDEN = "403 Forbidden";
    private static final String CHALLENGED = "407 Proxy Authentication Required";
    private static final AtomicInteger NEXT_NUMBER = new AtomicInteger();

    @TempDir
    static Path tmp;
    static CountingCarrier carrier;
    static Daemon daemon;
    static int sipPort;

    /** A trunk's authentication setting: its domain, and whether it has an IP ACL and credentials. */
    enum Auth {
        ACL_ONLY("acl.pstn.example.net", true, false),
        DIGEST_ONLY("digest.pstn.example.net", false, true),
        ACL_AND_DIGEST("both.pstn.example.net", true, true),
        NEITHER("open.pstn.example.net", false, false);

        final String domain;
        final boolean acl;
        final boolean digest;

        Auth(String domain, boolean acl, boolean digest) {
            this.domain = domain;
            this.acl = acl;
            this.digest = digest;
        }

        Trunk trunk() {
            return new Trunk(null, null, name().toLowerCase(), domain, acl ? List.of(INSIDE + "/32") : List.of(),
                    digest ? List.of(new Credential(USER, PASSWORD, null, null)) : List.of(), null,
                    NumberNormalization.STRICT, "US", 0, 0, false, false, List.of(), List.of(), List.of());
        }
    }

    enum Creds {
        NONE(null),
        WRONG(new RawPbx.Credentials(USER, "not-" + PASSWORD)),
        RIGHT(new RawPbx.Credentials(USER, PASSWORD));

        final RawPbx.Credentials value;

        Creds(RawPbx.Credentials value) {
            this.value = value;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        carrier = new CountingCarrier();
        sipPort = FreePorts.udpAndTcp();
        daemon = Daemon.start(SecureDaemons.config(sipPort, """
                auth_failures_before_block: 0
                auth_backoff_ms: 0
                """), tmp.resolve("data"));
        Gateway gw = new Gateway("gw1", "sip:127.0.0.1:" + carrier.port(), 1, 10, true);
        Carrier c = new Carrier(null, "carrier", CarrierType.SIP, NumberFormat.E164, "", "", "", 0, 0, 0, 2000,
                Carrier.DEFAULT_FINAL_RESPONSE_CODES, List.of(gw), List.of(), List.of(), List.of());
        List<Trunk> trunks = Stream.of(Auth.values()).map(Auth::trunk).toList();
        List<Route> routes = List.of(route("1"), route("44"), block("1900"), block("4470"), block("882"));
        daemon.snapshots().replace(new Provisioning(trunks, List.of(c), List.of(), routes));
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

    /**
     * What the rules of DESIGN.md §3 step 3 say: the ACL is checked first; then digest (no
     * credentials: 407, wrong: 403); a trunk with neither ACL nor credentials authorizes nobody. A
     * caller no trunk lets in (outside the ACL, or a trunk with neither) gets what a wrong password
     * gets on a digest trunk, a challenge then 403 whatever it answers, so that it cannot tell which
     * trunk domains exist or how they authenticate ({@link TrunkEnumerationTest}).
     */
    static String expected(Auth auth, boolean inside, Creds creds) {
        if (auth == Auth.NEITHER || auth.acl && !inside) {
            return creds == Creds.NONE ? CHALLENGED : FORBIDDEN;
        }
        if (!auth.digest) {
            return LET_THROUGH;
        }
        return switch (creds) {
            case NONE -> CHALLENGED;
            case WRONG -> FORBIDDEN;
            case RIGHT -> LET_THROUGH;
        };
    }

    static Stream<Arguments> everyCombination() {
        List<Arguments> out = new ArrayList<>();
        for (Auth auth : Auth.values()) {
            for (boolean inside : new boolean[] {true, false}) {
                for (Creds creds : Creds.values()) {
                    out.add(Arguments.of(auth, inside ? "inside" : "outside", creds, expected(auth, inside, creds)));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} trunk, source {1} the ACL, {2} credentials -> {3}")
    @MethodSource("everyCombination")
    void onlyAuthenticatedCallsReachTheCarrier(Auth auth, String source, Creds creds, String expected) throws Exception {
        String dialed = "+1415555" + String.format("%04d", 100 + NEXT_NUMBER.getAndIncrement()); // 555-01xx
        try (RawPbx pbx = new RawPbx(source.equals("inside") ? INSIDE : OUTSIDE, sipPort)) {
            assertThat(pbx.call(auth.domain, dialed, creds.value)).isEqualTo(expected);
        }
        assertThat(carrier.invitesFor(dialed)).as("INVITEs the carrier saw for %s", dialed)
                .isEqualTo(expected.equals(LET_THROUGH) ? 1 : 0);
    }

    @Test
    void trunkWithNeitherAclNorCredentialsIsNotFoundBySourceAddressEither() throws Exception {
        String dialed = "+14155550190";
        for (String source : List.of(INSIDE, OUTSIDE)) {
            try (RawPbx pbx = new RawPbx(source, sipPort)) {
                // The Request-URI names no trunk domain: only the ACL trunks can match, by source.
                String got = pbx.call("127.0.0.1", dialed, Creds.NONE.value);
                assertThat(got).isEqualTo(source.equals(INSIDE) ? LET_THROUGH : CHALLENGED);
            }
        }
        assertThat(carrier.invitesFor(dialed)).isEqualTo(1);
    }

    @Test
    void blockedPrefixesAndDisallowedDestinationsAre403EvenForAnAuthenticatedTrunk() throws Exception {
        try (RawPbx pbx = new RawPbx(INSIDE, sipPort)) {
            // 1 900: premium rate; 44 70: UK personal numbers under the allowed 44; 882: international networks.
            for (String dialed : List.of("+19005550100", "+447000123456", "+88213000123")) {
                assertThat(pbx.call(Auth.ACL_AND_DIGEST.domain, dialed, Creds.RIGHT.value)).as(dialed)
                        .isEqualTo("403 Destination Blocked");
                assertThat(carrier.invitesFor(dialed)).as(dialed).isZero();
            }
            // The control: an allowed +44 number goes through on the same trunk.
            assertThat(pbx.call(Auth.ACL_AND_DIGEST.domain, "+442079460123", Creds.RIGHT.value)).isEqualTo(LET_THROUGH);
            assertThat(carrier.invitesFor("+442079460123")).isEqualTo(1);
        }
    }

    private static Route route(String prefix) {
        return new Route(null, "r" + prefix, prefix, "carrier", 10, 10, null, RouteAction.ROUTE, List.of());
    }

    private static Route block(String prefix) {
        return new Route(null, "block" + prefix, prefix, null, 10, 10, null, RouteAction.BLOCK, List.of());
    }
}
