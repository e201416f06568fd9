package io.softswitch.core.testing.baresip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The ctrl_tcp framing, as in https://cr.yp.to/proto/netstrings.txt. */
class NetstringTest {
    private static ByteArrayInputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void encodesLengthColonPayloadComma() {
        assertThat(new String(Netstring.encode("{\"a\":1}"), StandardCharsets.UTF_8)).isEqualTo("7:{\"a\":1},");
        assertThat(new String(Netstring.encode(""), StandardCharsets.UTF_8)).isEqualTo("0:,");
    }

    @Test
    void readsFramesOneAfterAnother() throws IOException {
        ByteArrayInputStream in = bytes("5:hello,0:,3:abc,");
        assertThat(Netstring.read(in)).isEqualTo("hello");
        assertThat(Netstring.read(in)).isEmpty();
        assertThat(Netstring.read(in)).isEqualTo("abc");
        assertThatThrownBy(() -> Netstring.read(in)).isInstanceOf(EOFException.class);
    }

    @Test
    void badFramesAreErrorsNotHangs() {
        assertThatThrownBy(() -> Netstring.read(bytes("x:abc,"))).isInstanceOf(IOException.class)
                .hasMessageContaining("unexpected byte");
        assertThatThrownBy(() -> Netstring.read(bytes("5:abc"))).isInstanceOf(IOException.class)
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> Netstring.read(bytes("3:abc;"))).isInstanceOf(IOException.class)
                .hasMessageContaining("expected: ','");
        assertThatThrownBy(() -> Netstring.read(bytes("99999999:"))).isInstanceOf(IOException.class);
    }
}
