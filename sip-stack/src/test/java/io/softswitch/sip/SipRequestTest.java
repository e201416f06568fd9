package io.softswitch.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SipRequestTest {

    private static SipRequest from(InetSocketAddress source) {
        return new SipRequest("INVITE", "+14155550100", "pbx.example", new SipAddress(null, "alice", "pbx.example"),
                new SipAddress(null, "+14155550100", "pbx.example"), "c1", source, "udp", 70, Map.of(), null);
    }

    @Test
    void theSourceIsCarriedAsAnAddressNotText() throws Exception {
        SipRequest r = from(new InetSocketAddress(InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 7}), 5070));

        assertThat(r.sourceAddress()).isEqualTo(InetAddress.getByName("192.0.2.7"));
        assertThat(r.source().getPort()).isEqualTo(5070);
        assertThat(r.sourceHost()).isEqualTo("192.0.2.7");
    }

    @Test
    void aNameIsNeverASource() {
        assertThatThrownBy(() -> from(InetSocketAddress.createUnresolved("pbx.example", 5060)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a name");
        assertThatThrownBy(() -> from(null)).isInstanceOf(NullPointerException.class);
    }
}
