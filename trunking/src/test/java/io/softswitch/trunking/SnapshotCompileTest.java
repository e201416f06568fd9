package io.softswitch.trunking;

import static io.softswitch.trunking.Fixtures.carrier;
import static io.softswitch.trunking.Fixtures.gw;
import static io.softswitch.trunking.Fixtures.route;
import static io.softswitch.trunking.Fixtures.trunk;
import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.config.Provisioning;
import io.softswitch.config.provisioning.Carrier;
import io.softswitch.config.provisioning.Gateway;
import io.softswitch.config.provisioning.NumberNormalization;
import io.softswitch.config.provisioning.OriginationUrl;
import io.softswitch.config.provisioning.ProvisioningProblem;
import io.softswitch.config.provisioning.Trunk;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The compile is the one owner of the provisioning rules (issue 14 table): each bad value is a
 * problem with its path, nothing throws, and the rest of the provisioning still routes.
 */
class SnapshotCompileTest {
    private static Carrier withCodes(Carrier c, List<String> codes) {
        return new Carrier(c.sid(), c.name(), c.type(), c.numberFormat(), c.techPrefix(), c.username(), c.password(),
                c.cpsLimit(), c.concurrentCallLimit(), c.probeIntervalSeconds(), c.failoverTimeoutMs(), codes,
                c.gateways(), c.inboundIps(), c.calledRewrites(), c.callingRewrites());
    }

    private static List<String> problems(Provisioning p) {
        return RoutingSnapshot.compile(p).problems().stream()
                .map(pr -> pr.path() + ": " + pr.value() + " (expected: " + pr.expected() + ")").toList();
    }

    @Test
    void provisionalCodesCannotBeFinalResponseCodes() {
        Provisioning p = new Provisioning(List.of(), List.of(withCodes(carrier("alpha", gw("a1", 0, 1)),
                List.of("486", "1xx", "180"))), List.of(), List.of());
        assertThat(problems(p)).containsExactly(
                "carriers[0].final_response_codes[1]: '1xx' (expected: a response code 200-699 or a class 2xx-6xx)",
                "carriers[0].final_response_codes[2]: '180' (expected: a response code 200-699 or a class 2xx-6xx)");
    }

    @Test
    void aRegionWithoutANumberingPlanIsAProblemWhateverThePolicy() {
        Provisioning p = new Provisioning(List.of(trunk("pbx", NumberNormalization.NORMALIZE, "XX"),
                trunk("strict", NumberNormalization.STRICT, "XX"), trunk("good", NumberNormalization.NORMALIZE, "GB")),
                List.of(), List.of(), List.of());
        Compilation c = RoutingSnapshot.compile(p);
        assertThat(c.problems()).extracting(ProvisioningProblem::path)
                .containsExactly("trunks[0].default_region", "trunks[1].default_region");
        assertThat(c.snapshot().trunk("pbx")).isEmpty();
        assertThat(c.snapshot().trunk("good")).isPresent();
    }

    @Test
    void techPrefixAllowsDigitsLettersHashStarAndPlusUpTo16() {
        Provisioning p = new Provisioning(List.of(), List.of(
                carrier("ok", io.softswitch.config.provisioning.NumberFormat.E164, "A1#*+", gw("a", 0, 1)),
                carrier("bad", io.softswitch.config.provisioning.NumberFormat.E164, "12-34", gw("b", 0, 1))),
                List.of(), List.of());
        assertThat(problems(p)).containsExactly("carriers[1].tech_prefix: '12-34' (expected: up to 16 of 0-9 A-Z a-z # * +)");
    }

    @Test
    void sipUrlsAreParsedOnceAndSipsIsTlsToThatHost() {
        Carrier c = carrier("alpha", new Gateway("g1", "sips:gw.example.net;transport=udp", 0, 1, true),
                new Gateway("g2", "sip:gw.example.net:70000", 0, 1, true),
                new Gateway("g3", "sip:gw.example.net;transport=tls", 0, 1, true),
                new Gateway("g4", "sip:[zzz", 0, 1, true));
        Trunk t = Fixtures.withOrigination(trunk("pbx", NumberNormalization.STRICT, "US"),
                List.of(new OriginationUrl("pbx", "http://pbx.example.net", 0, 1, true)));
        List<String> out = problems(new Provisioning(List.of(t), List.of(c), List.of(), List.of()));
        assertThat(out).containsExactly(
                "trunks[0].origination_urls[0].sip_url: 'http://pbx.example.net' (expected: " + SipTarget.EXPECTED
                        + " (scheme sip: or sips:))",
                "carriers[0].gateways[0].sip_url: 'sips:gw.example.net;transport=udp' (expected: " + SipTarget.EXPECTED
                        + " (sips: is TLS: no transport=udp))",
                "carriers[0].gateways[1].sip_url: 'sip:gw.example.net:70000' (expected: " + SipTarget.EXPECTED
                        + " (port 1-65535))",
                "carriers[0].gateways[3].sip_url: 'sip:[zzz' (expected: " + SipTarget.EXPECTED
                        + " (unclosed IPv6 reference))");
        RoutingSnapshot ok = RoutingSnapshot.build(new Provisioning(List.of(), List.of(carrier("beta",
                new Gateway("b", "sip:+1@[2001:db8::1]:5070;transport=TCP;lr", 0, 1, true))), List.of(), List.of()));
        assertThat(ok.carrier("beta").orElseThrow().gateways().get(0).address())
                .isEqualTo(new SipTarget("+1", "2001:db8::1", 5070, "tcp"));
        RoutingSnapshot tls = RoutingSnapshot.build(new Provisioning(List.of(), List.of(carrier("gamma",
                new Gateway("s", "sips:gw.example.net", 0, 1, true),
                new Gateway("t", "sip:gw.example.net:5071;transport=tls", 0, 1, true))), List.of(), List.of()));
        assertThat(tls.carrier("gamma").orElseThrow().gateways()).extracting(SipDestination::address).containsExactly(
                new SipTarget(null, "gw.example.net", -1, "tls"), new SipTarget(null, "gw.example.net", 5071, "tls"));
    }

    @Test
    void whatRefersToALeftOutResourceIsLeftOutWithoutASecondProblem() {
        Carrier bad = withCodes(carrier("alpha", gw("a1", 0, 1)), List.of("1xx"));
        Provisioning p = new Provisioning(List.of(trunk("pbx", NumberNormalization.STRICT, "US")),
                List.of(bad, carrier("beta", gw("b1", 0, 1))), List.of(),
                List.of(route("1", "alpha", 0, 1), route("", "beta", 0, 1)));
        Compilation c = RoutingSnapshot.compile(p);
        assertThat(c.problems()).hasSize(1);
        assertThat(c.snapshot().carrier("alpha")).isEmpty();
        assertThat(c.snapshot().dialPlan().longestMatch("14155550100")).extracting(e -> e.carrier())
                .containsExactly("beta");
    }

    @Test
    void duplicateNamesAndDomainsAreProblems() {
        Provisioning p = new Provisioning(List.of(
                Fixtures.trunkWithDomain("a", "x.example.net", List.of("192.0.2.1"), List.of()),
                Fixtures.trunkWithDomain("b", "X.example.net", List.of("192.0.2.2"), List.of())),
                List.of(), List.of(), List.of());
        assertThat(problems(p)).containsExactly(
                "trunks[1].domain_name: 'X.example.net' (expected: a domain name no other trunk uses)");
    }

    private static Trunk owned(String sid, String account, String domain, String... acl) {
        return new Trunk(sid, account, "demo-pbx", domain, List.of(acl), List.of(), null, NumberNormalization.STRICT,
                "US", 0, 0, true, false, List.of(), List.of(), List.of());
    }

    private static final String VICTIM = "AC00000000000000000000000000000001";
    private static final String ATTACKER = "AC00000000000000000000000000000002";

    @Test
    void twoAccountsMayNameTheirTrunksAlikeBecauseTrunksAreKeyedBySid() {
        Compilation c = RoutingSnapshot.compile(new Provisioning(List.of(owned("TK1", VICTIM, null, "192.0.2.1"),
                owned("TK2", ATTACKER, null, "198.51.100.1")), List.of(), List.of(), List.of()));
        assertThat(c.problems()).isEmpty();
        assertThat(c.snapshot().trunk("TK1")).isPresent();
        assertThat(c.snapshot().trunk("TK2")).isPresent();
    }

    @Test
    void anAclEntryOverlappingAnotherAccountsTrunkIsAProblemThatNamesOnlyItsOwnEntry() throws Exception {
        Compilation c = RoutingSnapshot.compile(new Provisioning(List.of(owned("TK1", VICTIM, null, "127.0.0.0/8"),
                owned("TK2", ATTACKER, null, "10.0.0.1", "127.0.0.1/32")), List.of(), List.of(), List.of()));
        assertThat(problems(new Provisioning(List.of(owned("TK1", VICTIM, null, "127.0.0.0/8"),
                owned("TK2", ATTACKER, null, "10.0.0.1", "127.0.0.1/32")), List.of(), List.of(), List.of())))
                .containsExactlyInAnyOrder("trunks[0].ip_acl[0]: '127.0.0.0/8' (expected: an address range no trunk of"
                        + " another account uses, or a domain name on both trunks)",
                        "trunks[1].ip_acl[1]: '127.0.0.1/32' (expected: an address range no trunk of another account uses,"
                        + " or a domain name on both trunks)");
        assertThat(c.snapshot().trunk("TK2")).isEmpty();
        assertThat(c.snapshot().identifyTrunk(null, java.net.InetAddress.getByName("127.0.0.1")))
                .map(TrunkProfile::key).contains("TK1");
    }

    @Test
    void overlapsWithinOneAccountOrBetweenDomainTrunksAreAllowed() {
        assertThat(problems(new Provisioning(List.of(owned("TK1", VICTIM, null, "127.0.0.0/8"),
                owned("TK2", VICTIM, null, "127.0.0.1")), List.of(), List.of(), List.of()))).isEmpty();
        assertThat(problems(new Provisioning(List.of(owned("TK1", VICTIM, "a.example.net", "127.0.0.0/8"),
                owned("TK2", ATTACKER, "b.example.net", "127.0.0.1")), List.of(), List.of(), List.of()))).isEmpty();
    }

    @Test
    void aSourceTwoAccountsAclsContainIdentifiesNoTrunk() throws Exception {
        RoutingSnapshot s = RoutingSnapshot.build(new Provisioning(List.of(
                owned("TK1", VICTIM, "a.example.net", "127.0.0.0/8"),
                owned("TK2", ATTACKER, "b.example.net", "127.0.0.1")), List.of(), List.of(), List.of()));
        var source = java.net.InetAddress.getByName("127.0.0.1");
        assertThat(s.identifyTrunk("a.example.net", source)).map(TrunkProfile::key).contains("TK1");
        assertThat(s.identifyTrunk("b.example.net", source)).map(TrunkProfile::key).contains("TK2");
        assertThat(s.identifyTrunk("127.0.0.1", source)).isEmpty();
        assertThat(s.identifyTrunk("127.0.0.1", java.net.InetAddress.getByName("127.0.0.2")))
                .map(TrunkProfile::key).contains("TK1");
    }
}
