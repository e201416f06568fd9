package io.softswitch.trunking;

import static io.softswitch.trunking.Fixtures.carrier;
import static io.softswitch.trunking.Fixtures.gw;
import static io.softswitch.trunking.Fixtures.route;
import static io.softswitch.trunking.Fixtures.trunkWithDomain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.softswitch.config.Provisioning;
import io.softswitch.config.provisioning.Credential;
import io.softswitch.config.provisioning.PhoneNumber;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingSnapshotTest {
    private final Provisioning p = new Provisioning(
            List.of(trunkWithDomain("acme", "Acme.pstn.example.net", List.of("192.0.2.0/24"),
                            List.of(new Credential("alice", "secret", null, null))),
                    trunkWithDomain("globex", null, List.of("192.0.2.128/25", "2001:db8::/32"), List.of())),
            List.of(Fixtures.withInbound(carrier("alpha", gw("a1", 0, 1)), List.of("198.51.100.0/24")),
                    Fixtures.withInbound(carrier("beta", gw("b1", 0, 1)), List.of("198.51.100.7"))),
            List.of(new PhoneNumber(null, Fixtures.ACCOUNT, "+14155550100", "acme")),
            List.of(route("1", "alpha", 0, 1)));

    @Test
    void trunkIsIdentifiedByRequestUriHostFirst() throws Exception {
        RoutingSnapshot s = RoutingSnapshot.build(p);
        assertThat(s.identifyTrunk("acme.pstn.example.net", InetAddress.getByName("192.0.2.200")))
                .map(TrunkProfile::name).contains("acme");
    }

    @Test
    void otherwiseByTheNarrowestAclContainingTheSource() throws Exception {
        RoutingSnapshot s = RoutingSnapshot.build(p);
        assertThat(s.identifyTrunk("10.0.0.1", InetAddress.getByName("192.0.2.200"))).map(TrunkProfile::name)
                .contains("globex");
        assertThat(s.identifyTrunk(null, InetAddress.getByName("192.0.2.10"))).map(TrunkProfile::name).contains("acme");
        assertThat(s.identifyTrunk(null, InetAddress.getByName("2001:db8::1"))).map(TrunkProfile::name)
                .contains("globex");
        assertThat(s.identifyTrunk("unknown.example", InetAddress.getByName("203.0.113.1"))).isEmpty();
    }

    @Test
    void trunkExposesWhatDigestAuthenticationNeeds() throws Exception {
        TrunkProfile acme = RoutingSnapshot.build(p).trunk("acme").orElseThrow();
        assertThat(acme.realm()).isEqualTo("acme.pstn.example.net");
        assertThat(acme.requiresDigest()).isTrue();
        assertThat(acme.credentials()).extracting(Credential::username).containsExactly("alice");
        assertThat(acme.aclAllows(InetAddress.getByName("192.0.2.1"))).isTrue();
        assertThat(acme.aclAllows(InetAddress.getByName("192.0.3.1"))).isFalse();
    }

    @Test
    void carrierIsIdentifiedBySourceAddress() throws Exception {
        RoutingSnapshot s = RoutingSnapshot.build(p);
        assertThat(s.carrierBySource(InetAddress.getByName("198.51.100.7"))).map(CarrierProfile::name).contains("beta");
        assertThat(s.carrierBySource(InetAddress.getByName("198.51.100.8"))).map(CarrierProfile::name).contains("alpha");
        assertThat(s.carrierBySource(InetAddress.getByName("203.0.113.1"))).isEmpty();
    }

    @Test
    void numbersBelongToTheirTrunksAccount() {
        RoutingSnapshot s = RoutingSnapshot.build(p);
        assertThat(s.ownsNumber(Fixtures.ACCOUNT, "+14155550100")).isTrue();
        assertThat(s.ownsNumber(Fixtures.ACCOUNT, "+14155550101")).isFalse();
        assertThat(s.ownsNumber("AC2", "+14155550100")).isFalse();
    }

    @Test
    void routeToAnUnknownCarrierIsAProblemWithItsIndexAndTheRestCompiles() {
        Provisioning bad = new Provisioning(p.trunks(), p.carriers(), List.of(),
                List.of(route("1", "alpha", 0, 1), route("44", "gamma", 0, 1)));
        Compilation c = RoutingSnapshot.compile(bad);
        assertThat(c.problems()).extracting(Object::toString)
                .containsExactly("routes[1].carrier: 'gamma' (expected: a defined carrier)");
        assertThat(c.snapshot().dialPlan().prefixCount()).isEqualTo(1);
        assertThatThrownBy(() -> RoutingSnapshot.build(bad))
                .hasMessage("routes[1].carrier: 'gamma' (expected: a defined carrier)");
    }

    @Test
    void holderSwapsInWhatCompiledAndReportsTheRest() {
        SnapshotHolder holder = new SnapshotHolder(RoutingSnapshot.EMPTY);
        Compilation built = holder.replace(p);
        assertThat(built.ok()).isTrue();
        assertThat(holder.current()).isSameAs(built.snapshot());
        Provisioning bad = new Provisioning(p.trunks(), p.carriers(), List.of(), List.of(route("x", "alpha", 0, 1)));
        Compilation partial = holder.replace(bad);
        assertThat(partial.problems()).extracting(Object::toString)
                .containsExactly("routes[0].prefix: 'x' (expected: 0-15 digits)");
        assertThat(holder.current().trunk("acme")).isPresent();
        assertThat(holder.swap(RoutingSnapshot.EMPTY)).isSameAs(partial.snapshot());
    }
}
