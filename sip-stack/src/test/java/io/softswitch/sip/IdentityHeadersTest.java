package io.softswitch.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdentityHeadersTest {

    private static SipRequest invite(Map<String, List<String>> headers) {
        return new SipRequest("INVITE", "+14155550100", "pbx.example", new SipAddress(null, "alice", "pbx.example"),
                new SipAddress(null, "+14155550100", "pbx.example"), "c1",
                new InetSocketAddress("192.0.2.1", 5060), "udp", 70, headers, null);
    }

    @Test
    void assertedUsersComeFromPaiThenRpidInHeaderOrder() {
        SipRequest r = invite(Map.of(
                "p-asserted-identity", List.of("\"Alice\" <sip:+14155550101@pbx.example>", "<tel:+14155550102>"),
                "remote-party-id", List.of("<sips:+14155550103@pbx.example>;party=calling;privacy=off")));
        assertThat(IdentityHeaders.assertedUsers(r)).containsExactly("+14155550101", "+14155550102", "+14155550103");
    }

    @Test
    void valuesWithoutAUriGiveNothing() {
        assertThat(IdentityHeaders.assertedUsers(invite(Map.of("p-asserted-identity", List.of("Anonymous")))))
                .isEmpty();
        assertThat(IdentityHeaders.assertedUsers(invite(Map.of()))).isEmpty();
    }

    @Test
    void diversionNamesTheDialedNumberUnconditionally() {
        assertThat(IdentityHeaders.diversion("+14155550100", "sbc.example"))
                .isEqualTo(new SipHeader("Diversion", "<sip:+14155550100@sbc.example>;reason=unconditional"));
    }
}
