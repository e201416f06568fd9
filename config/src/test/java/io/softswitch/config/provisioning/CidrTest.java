package io.softswitch.config.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class CidrTest {

    @Test
    void ipv4NetworkContainsItsAddressesOnly() throws Exception {
        Cidr c = Cidr.parse("192.0.2.0/25");
        assertThat(c.contains(InetAddress.getByName("192.0.2.0"))).isTrue();
        assertThat(c.contains(InetAddress.getByName("192.0.2.127"))).isTrue();
        assertThat(c.contains(InetAddress.getByName("192.0.2.128"))).isFalse();
        assertThat(c.contains(InetAddress.getByName("2001:db8::1"))).isFalse();
        assertThat(c).hasToString("192.0.2.0/25");
    }

    @Test
    void bareAddressIsASingleHostAndHostBitsAreMasked() throws Exception {
        assertThat(Cidr.parse("198.51.100.7").prefixLength()).isEqualTo(32);
        assertThat(Cidr.parse("192.0.2.77/24")).isEqualTo(Cidr.parse("192.0.2.0/24"));
        assertThat(Cidr.parse("0.0.0.0/0").contains(InetAddress.getByName("203.0.113.9"))).isTrue();
    }

    @Test
    void ipv6Networks() throws Exception {
        Cidr c = Cidr.parse("2001:db8::/32");
        assertThat(c.contains(InetAddress.getByName("2001:db8:ffff::1"))).isTrue();
        assertThat(c.contains(InetAddress.getByName("2001:db9::1"))).isFalse();
        assertThat(Cidr.parse("2001:db8::1/127").contains(InetAddress.getByName("2001:db8::0"))).isTrue();
    }

    @Test
    void namesAndMalformedTextAreRefusedWithoutResolving() {
        assertThat(Cidr.check("localhost")).isNotNull();
        assertThat(Cidr.check("10.0.0.0/8/8")).isNotNull();
        assertThat(Cidr.check("10.0.0/8")).isNotNull();
        assertThat(Cidr.check("::ffff:10.0.0.1")).isNotNull();
        assertThat(Cidr.check("2001:db8::/129")).isEqualTo("a prefix length 0-128 after '/'");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33"))
                .hasMessage("cidr: '10.0.0.0/33' (expected: a prefix length 0-32 after '/')");
    }

    @Test
    void anAddressIsALiteralOnlyAndNeverLookedUp() throws Exception {
        assertThat(Cidr.address("192.0.2.7")).isEqualTo(InetAddress.getByName("192.0.2.7"));
        assertThat(Cidr.address("2001:db8::1")).isEqualTo(InetAddress.getByName("2001:db8::1"));
        assertThat(Cidr.address("localhost")).isNull();
        assertThat(Cidr.address("999.0.0.1")).isNull();
        assertThat(Cidr.address("192.0.2.0/24")).isNull();
        assertThat(Cidr.address(null)).isNull();
    }
}
