package io.softswitch.media.internal.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SdpRewriterTest {
    private static final InetAddress RELAY = address("203.0.113.5");

    private static String sdp(String... lines) {
        return String.join("\r\n", lines) + "\r\n";
    }

    private static String basic(String connection, String... media) {
        String head = sdp("v=0", "o=- 42 7 IN IP4 192.0.2.10", "s=-", "c=IN IP4 " + connection, "t=0 0");
        return head + sdp(media);
    }

    @Test
    void offerIsRewrittenToTheRelayKeepingCodecsAndDroppingIce() throws Exception {
        SessionDescription parsed = SdpParser.parse(resource("offer-audio-video-ice.sdp"));
        String out = SdpRewriter.rewrite(parsed, RELAY, 30000, new Origin());

        assertThat(out).contains("c=IN IP4 203.0.113.5\r\n")
                .contains("m=audio 30000 RTP/AVP 0 8 101\r\n")
                .contains("a=rtpmap:101 telephone-event/8000\r\n", "a=fmtp:101 0-16\r\n", "a=ptime:20\r\n",
                        "a=sendrecv\r\n")
                .contains("a=rtcp:30001\r\n")
                .contains("m=video 0 RTP/AVP 96\r\n")
                .doesNotContain("ice", "candidate", "rtcp-mux", "192.0.2.10");
        assertThat(out).startsWith("v=0\r\no=- ").endsWith("\r\n");
        assertThat(parsed.audio().rtp()).isEqualTo(new InetSocketAddress("192.0.2.10", 40000));
        assertThat(parsed.audio().rtcp()).isEqualTo(new InetSocketAddress("192.0.2.10", 40001));
        assertThat(parsed.audio().payloads().isTelephoneEvent(101)).isTrue();
        assertThat(parsed.audio().payloads().clockRate(8)).isEqualTo(8000);
        // the result is itself valid SDP
        assertThat(SdpParser.parse(out).audio().rtp()).isEqualTo(new InetSocketAddress(RELAY, 30000));
    }

    @Test
    void theSendersOriginAndSessionNameDoNotReachTheOtherLeg() throws Exception {
        String carrier = sdp("v=0", "o=CarrierSBC 1234 5678 IN IP4 198.51.100.7", "s=Acme SBC 9.2", "c=IN IP4 198.51.100.8",
                "t=0 0", "m=audio 40000 RTP/AVP 0", "a=sendrecv");
        String out = SdpRewriter.rewrite(SdpParser.parse(carrier), RELAY, 30000, new Origin());

        assertThat(out).doesNotContain("CarrierSBC", "Acme", "198.51.100.");
        assertThat(out.lines().toList()).contains("s=-").anyMatch(l -> l.matches("o=- \\d+ 1 IN IP4 203\\.0\\.113\\.5"));
        assertThat(out.lines().filter(l -> l.startsWith("s=")).count()).isOne();
    }

    @Test
    void originVersionIncrementsOnlyWhenTheBodyChanges() throws Exception {
        Origin origin = new Origin();
        String active = basic("192.0.2.10", "m=audio 40000 RTP/AVP 0", "a=sendrecv");
        String held = basic("192.0.2.10", "m=audio 40000 RTP/AVP 0", "a=sendonly");

        String first = SdpRewriter.rewrite(SdpParser.parse(active), RELAY, 30000, origin);
        String same = SdpRewriter.rewrite(SdpParser.parse(active), RELAY, 30000, origin);
        String changed = SdpRewriter.rewrite(SdpParser.parse(held), RELAY, 30000, origin);

        assertThat(originFields(first)[2]).isEqualTo("1");
        assertThat(originFields(same)[2]).isEqualTo("1");
        assertThat(originFields(changed)[2]).isEqualTo("2");
        assertThat(originFields(changed)[1]).isEqualTo(originFields(first)[1]);
        assertThat(changed).contains("a=sendonly\r\n");
    }

    @Test
    void holdWithZeroAddressIsKeptAndHasNoDestination() throws Exception {
        SessionDescription parsed = SdpParser.parse(basic("0.0.0.0", "m=audio 40000 RTP/AVP 0", "a=inactive"));
        String out = SdpRewriter.rewrite(parsed, RELAY, 30000, new Origin());

        assertThat(out).contains("c=IN IP4 0.0.0.0\r\n", "m=audio 30000 RTP/AVP 0\r\n", "a=inactive\r\n");
        assertThat(parsed.audio().rtp()).isNull();
        assertThat(parsed.audio().direction()).isEqualTo("inactive");
    }

    @Test
    void ipv6MediaLevelConnectionIsParsedAndReplaced() throws Exception {
        String body = sdp("v=0", "o=- 1 1 IN IP6 2001:db8::1", "s=-", "t=0 0", "m=audio 41000 RTP/AVP 8",
                "c=IN IP6 2001:db8::1");
        SessionDescription parsed = SdpParser.parse(body);
        String out = SdpRewriter.rewrite(parsed, RELAY, 30000, new Origin());

        assertThat(parsed.audio().rtp()).isEqualTo(new InetSocketAddress("2001:db8::1", 41000));
        assertThat(out).contains("m=audio 30000 RTP/AVP 8\r\nc=IN IP4 203.0.113.5\r\n").doesNotContain("2001:db8");
    }

    @Test
    void advertisedIpv6AddressIsWrittenAsIp6() throws Exception {
        String out = SdpRewriter.rewrite(SdpParser.parse(basic("192.0.2.10", "m=audio 40000 RTP/AVP 0")),
                InetAddress.getByName("2001:db8::5"), 30000, new Origin());
        assertThat(out).contains("c=IN IP6 2001:db8:0:0:0:0:0:5\r\n");
    }

    @Test
    void rejectedAudioStreamStaysRejected() throws Exception {
        SessionDescription parsed = SdpParser.parse(basic("192.0.2.10", "m=audio 0 RTP/AVP 0"));
        assertThat(SdpRewriter.rewrite(parsed, RELAY, 30000, new Origin())).contains("m=audio 0 RTP/AVP 0\r\n");
        assertThat(parsed.audio().rtp()).isNull();
    }

    @Test
    void secondAudioStreamIsDisabled() throws Exception {
        SessionDescription parsed = SdpParser.parse(basic("192.0.2.10", "m=audio 40000 RTP/AVP 0",
                "m=audio 40010 RTP/AVP 8"));
        assertThat(SdpRewriter.rewrite(parsed, RELAY, 30000, new Origin()))
                .contains("m=audio 30000 RTP/AVP 0\r\n", "m=audio 0 RTP/AVP 8\r\n");
    }

    @Test
    void bareLineFeedsAreAccepted() throws Exception {
        String body = basic("192.0.2.10", "m=audio 40000 RTP/AVP 0").replace("\r\n", "\n");
        assertThat(SdpParser.parse(body).audio().rtp().getPort()).isEqualTo(40000);
    }

    @Test
    void mediaFieldsMaySeparateWithSeveralSpaces() throws Exception {
        SessionDescription parsed = SdpParser.parse(basic("192.0.2.10", "m=audio  40000   RTP/AVP  0 8"));
        assertThat(parsed.audio().rtp().getPort()).isEqualTo(40000);
        assertThat(parsed.media().get(0).formats()).containsExactly("0", "8");
    }

    @Test
    void aLoneCarriageReturnInsideALineIsMalformed() {
        assertRejected(basic("192.0.2.10", "m=audio 40000 RTP/AVP 0", "a=sendrecv\rx=1"),
                "(expected: <type>=<value>)");
        assertRejected(basic("192.0.2.10", "m=audio 40000 RTP/AVP 0", "A=upper"), "'A=upper'");
        assertRejected(basic("192.0.2.10", "m=audio 40000 RTP/AVP 0", "a"), "line 7: 'a'");
    }

    @Test
    void malformedBodiesAreRejectedWithTheReason() {
        assertRejected("", "sdp: empty body");
        assertRejected("o=- 1 1 IN IP4 192.0.2.1\r\n", "expected: v=0 first");
        assertRejected(sdp("v=0", "garbage", "m=audio 1 RTP/AVP 0"), "line 2: 'garbage' (expected: <type>=<value>)");
        assertRejected(sdp("v=0", "s=-", "c=IN IP4 192.0.2.1", "m=audio 4000 RTP/AVP 0"), "no o= line");
        assertRejected(sdp("v=0", "o=- 1 IN IP4 192.0.2.1", "m=audio 4000 RTP/AVP 0"), "expected: o=<username>");
        assertRejected(basic("192.0.2.1", "m=audio 70000 RTP/AVP 0"), "port: 70000 (expected: 0-65535)");
        assertRejected(basic("192.0.2.1", "m=audio x RTP/AVP 0"), "port: x (expected: 0-65535)");
        assertRejected(basic("192.0.2.1", "m=audio 4000 RTP/AVP"), "expected: m=<media> <port> <proto> <fmt>");
        assertRejected(basic("pbx.example.com", "m=audio 4000 RTP/AVP 0"), "address: pbx.example.com");
        assertRejected(basic("192.0.2.1", "m=video 4000 RTP/AVP 96"), "no audio stream");
        assertRejected(sdp("v=0", "o=- 1 1 IN IP4 192.0.2.1", "s=-", "m=audio 4000 RTP/AVP 0"), "no c= line");
        assertRejected(basic("192.0.2.1", "m=audio 4000 RTP/AVP 0", "a=rtpmap:200 PCMU/8000"), "a=rtpmap:200");
        assertRejected(basic("192.0.2.1", "m=audio 4000 RTP/AVP 0", "a=rtcp:99999"), "a=rtcp:99999");
        assertRejected("v=0\r\n" + "a=x\r\n".repeat(20_000), "characters (expected: at most 65536)");
    }

    private static void assertRejected(String body, String reason) {
        assertThatThrownBy(() -> SdpParser.parse(body)).isInstanceOf(SdpException.class).hasMessageContaining(reason);
    }

    private static String[] originFields(String sdp) {
        return sdp.lines().filter(l -> l.startsWith("o=")).findFirst().orElseThrow().substring(2).split(" ");
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = SdpRewriterTest.class.getResourceAsStream("/sdp/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
