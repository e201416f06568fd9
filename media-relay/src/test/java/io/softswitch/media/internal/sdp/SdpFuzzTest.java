package io.softswitch.media.internal.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * Jazzer: any text parsed by {@link SdpParser} either fails with {@link SdpException} (which the
 * session turns into {@code Rejected}) or parses, and then {@link SdpRewriter} rewrites it into an
 * SDP that parses again with its audio on the relay address and port (or still declined). Without
 * {@code JAZZER_FUZZ=1} it replays {@code src/test/resources/io/softswitch/media/internal/sdp/SdpFuzzTestInputs/parseAndRewrite/}:
 * the SDPs of the SIPp scenarios and of this module's tests, and named crash reproducers.
 */
class SdpFuzzTest {
    private static final InetAddress RELAY = address("192.0.2.10");
    private static final int RELAY_PORT = 30000;

    @FuzzTest(maxDuration = "30s")
    void parseAndRewrite(byte[] input) {
        SessionDescription parsed;
        try {
            parsed = SdpParser.parse(new String(input, StandardCharsets.UTF_8));
        } catch (SdpException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        String out = SdpRewriter.rewrite(parsed, RELAY, RELAY_PORT, new Origin());
        SessionDescription again;
        try {
            again = SdpParser.parse(out);
        } catch (SdpException e) {
            throw new AssertionError("rewritten SDP does not parse (" + e.getMessage() + "):\n" + out, e);
        }
        // A declined stream (port 0, RFC 3264 section 6) stays declined; any other now points at the relay.
        assertThat(again.audio().rtp())
                .isEqualTo(parsed.audio().rtp() == null ? null : new InetSocketAddress(RELAY, RELAY_PORT));
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
