package io.softswitch.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.softswitch.core.call.Decision;
import io.softswitch.sip.SipAddress;
import io.softswitch.sip.SipRequest;
import io.softswitch.sip.SipStatus;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Addresses from the documentation ranges (RFC 5737, RFC 3849). */
class FrontSourceTest {
    private static final String FRONT = "192.0.2.1";
    private final List<SipRequest> routed = new ArrayList<>();
    private final FrontSource router = new FrontSource(invite -> {
        routed.add(invite);
        return new Decision.Reject(SipStatus.FORBIDDEN, List.of(), null);
    }, List.of(FRONT, "2001:db8::1"));

    private static SipRequest invite(String from, Map<String, List<String>> headers) {
        return new SipRequest("INVITE", "+14155550100", "192.0.2.1", new SipAddress(null, "+14155550199", "pbx"),
                new SipAddress(null, "+14155550100", "192.0.2.1"), "call-1", new InetSocketAddress(from, 5060), "udp",
                70, headers, null);
    }

    private InetSocketAddress seenSource(String from, String header) {
        routed.clear();
        router.route(invite(from, header == null ? Map.of() : Map.of("x-softswitch-source", List.of(header))));
        return routed.get(0).source();
    }

    @Test
    void trustedFrontNamesThePbxSource() {
        assertThat(seenSource(FRONT, "198.51.100.7:5062")).isEqualTo(new InetSocketAddress("198.51.100.7", 5062));
        assertThat(seenSource(FRONT, "198.51.100.7")).isEqualTo(new InetSocketAddress("198.51.100.7", 0));
        assertThat(seenSource("2001:db8::1", "[2001:db8::99]:5060"))
                .isEqualTo(new InetSocketAddress("2001:db8::99", 5060));
    }

    @Test
    void headerFromAnyoneElseIsIgnored() {
        assertThat(seenSource("198.51.100.66", "198.51.100.7:5060"))
                .as("a PBX cannot claim another's address").isEqualTo(new InetSocketAddress("198.51.100.66", 5060));
    }

    @Test
    void frontWithoutOrWithABadHeaderKeepsItsOwnAddress() {
        InetSocketAddress front = new InetSocketAddress(FRONT, 5060);
        assertThat(seenSource(FRONT, null)).isEqualTo(front);
        assertThat(seenSource(FRONT, "pbx.example.com")).as("never resolved").isEqualTo(front);
        assertThat(seenSource(FRONT, "300.1.2.3:5060")).isEqualTo(front);
        assertThat(seenSource(FRONT, "198.51.100.7:70000")).isEqualTo(front);
        routed.clear();
        router.route(invite(FRONT, Map.of("x-softswitch-source", List.of("198.51.100.7", "198.51.100.8"))));
        assertThat(routed.get(0).source()).as("two values: ambiguous").isEqualTo(front);
    }

    @Test
    void frontThatIsNotAnAddressIsACallersMistake() {
        assertThatThrownBy(() -> new FrontSource(invite -> null, List.of("front.example.com")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cluster.trusted_fronts: front.example.com (expected: an IP address)");
    }
}
