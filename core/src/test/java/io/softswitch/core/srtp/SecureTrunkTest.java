package io.softswitch.core.srtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.softswitch.config.ConfigLoader;
import io.softswitch.core.daemon.Daemon;
import io.softswitch.core.testing.FreePorts;
import io.softswitch.core.testing.TestConfigs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.awaitility.Awaitility;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.SrtpPolicy;
import org.jitsi.utils.ByteArrayBuffer;
import org.jitsi.utils.logging2.LoggerImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Twilio Secure trunking against the real daemon: a trunk with {@code secure: true} refuses an
 * INVITE over UDP (403, also with a Via that claims TLS) and a TLS INVITE without {@code a=crypto}
 * (488), both counted; a TLS INVITE offering SRTP is answered with the relay's own SDES key and its
 * SRTP media comes back from the built-in simulator's echo encrypted with that key, while the
 * simulator's leg is plain RTP; the call record says which leg was encrypted. The PBX side's SRTP
 * here is jitsi-srtp used directly (its interop with libsrtp2 is SrtpKnownAnswerTest's job).
 */
class SecureTrunkTest {
    private static final Pattern CRYPTO = Pattern.compile("a=crypto:(\\d+) (\\S+) inline:(\\S+)");
    private static final Pattern MEDIA = Pattern.compile("m=audio (\\d+) (\\S+)");

    private int udpPort;
    private int tlsPort;
    private Daemon daemon;

    @BeforeEach
    void start() throws Exception {
        udpPort = FreePorts.udpAndTcp();
        tlsPort = FreePorts.udpAndTcp();
        int simulatorPort = FreePorts.udpAndTcp();
        String yaml = TestConfigs.yaml(udpPort).replace("""
                      port: %d
                http:""".formatted(udpPort), """
                      port: %d
                    - transport: tls
                      host: 127.0.0.1
                      port: %d
                http:""".formatted(udpPort, tlsPort)).replace("""
                simulator:
                  enabled: false
                """, TestConfigs.simulator(simulatorPort, "echo") + """
                provisioning:
                  trunks:
                    - name: secure-pbx
                      ip_acl: [127.0.0.0/8]
                      secure: true
                  carriers:
                    - name: simulator
                      type: simulator
                      gateways:
                        - sip_url: sip:127.0.0.1:%d
                  routes:
                    - prefix: ""
                      carrier: simulator
                """.formatted(simulatorPort));
        daemon = Daemon.start(new ConfigLoader(n -> null).parse("secure.yaml", yaml),
                Files.createTempDirectory("secure-trunk"));
    }

    @AfterEach
    void stop() {
        daemon.close();
    }

    /** {@code media_dropped_total{reason}} as /metrics shows it. */
    private double dropped(String reason) {
        Matcher m = Pattern.compile("(?m)^media_dropped_total\\{reason=\"" + Pattern.quote(reason) + "\",?} (\\S+)$")
                .matcher(daemon.metrics().scrape());
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    private double refused(String reason) {
        var c = daemon.metrics().registry().find("calls.secure.refused").tag("reason", reason).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void plainUdpInviteIsRefused403EvenWithAViaClaimingTls() throws Exception {
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            udp.setSoTimeout(10_000);
            send(udp, invite("SIP/2.0/UDP 127.0.0.1:" + udp.getLocalPort(), "udp-plain", sdp(40_000, null)));
            assertThat(statusLine(finalUdpResponse(udp, "udp-plain"))).isEqualTo("SIP/2.0 403 Secure trunk requires TLS");
            // The transport is the socket's, not the Via's: a UDP INVITE whose Via says TLS is refused the
            // same way (its 403 goes where that Via says, over TLS, so it is counted here, not read).
            send(udp, invite("SIP/2.0/TLS 127.0.0.1:" + udp.getLocalPort(), "udp-claims-tls", sdp(40_000, null)));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> refused("tls") == 2);
        }
        assertThat(refused("srtp")).isZero();
    }

    private void send(DatagramSocket udp, String message) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.US_ASCII);
        udp.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), udpPort));
    }

    @Test
    void tlsInviteWithoutSrtpIsRefused488() throws Exception {
        try (Tls tls = new Tls(tlsPort)) {
            tls.send(invite(tls.via(), "no-crypto", sdp(40_002, null)));
            assertThat(statusLine(tls.finalResponse())).startsWith("SIP/2.0 488 ");
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> refused("srtp") == 1);
        assertThat(refused("tls")).isZero();
    }

    @Test
    void tlsInviteWithSrtpGetsTheRelaysKeyAndEncryptedEchoAndARecordOfIt() throws Exception {
        byte[] pbxKey = new byte[30];
        new java.security.SecureRandom().nextBytes(pbxKey);
        try (Tls tls = new Tls(tlsPort);
                DatagramSocket rtp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            rtp.setSoTimeout(5000);
            String callId = "srtp-call";
            tls.send(invite(tls.via(), callId, sdp(rtp.getLocalPort(), pbxKey)));
            String ok = tls.finalResponse();
            assertThat(statusLine(ok)).isEqualTo("SIP/2.0 200 OK");
            String answer = ok.substring(ok.indexOf("\r\n\r\n") + 4);
            Matcher m = MEDIA.matcher(answer);
            assertThat(m.find()).as(answer).isTrue();
            assertThat(m.group(2)).isEqualTo("RTP/SAVP");
            int relayPort = Integer.parseInt(m.group(1));
            Matcher c = CRYPTO.matcher(answer);
            assertThat(c.find()).as(answer).isTrue();
            assertThat(c.group(1)).isEqualTo("1");
            assertThat(c.group(2)).isEqualTo("AES_CM_128_HMAC_SHA1_80");
            byte[] relayKey = Base64.getDecoder().decode(c.group(3));
            assertThat(relayKey).hasSize(30).isNotEqualTo(pbxKey);
            assertThat(answer).doesNotContain(Base64.getEncoder().encodeToString(pbxKey));
            tls.send(ack(tls.via(), callId, ok));

            SrtpCryptoContext out = context(true, pbxKey, 0x0C0FFEE);
            SrtpCryptoContext back = context(false, relayKey, 0x0C0FFEE);
            for (int seq = 1; seq <= 5; seq++) {
                byte[] plain = pcmu(seq, 0x0C0FFEE);
                byte[] srtp = transform(out, plain, true);
                rtp.send(new DatagramPacket(srtp, srtp.length, InetAddress.getLoopbackAddress(), relayPort));
                byte[] buf = new byte[2048];
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                rtp.receive(p);
                byte[] echoed = Arrays.copyOf(buf, p.getLength());
                assertThat(echoed).hasSize(plain.length + 10);
                assertThat(Arrays.equals(echoed, 12, echoed.length, plain, 12, plain.length)).isFalse();
                assertThat(transform(back, echoed, false)).isEqualTo(plain);
            }
            // A replayed packet and a forged one (last tag byte flipped) are dropped and counted under
            // issue 16's metric names, and neither is echoed.
            byte[] replayed = transform(context(true, pbxKey, 0x0C0FFEE), pcmu(1, 0x0C0FFEE), true);
            rtp.send(new DatagramPacket(replayed, replayed.length, InetAddress.getLoopbackAddress(), relayPort));
            byte[] forged = transform(out, pcmu(6, 0x0C0FFEE), true);
            forged[forged.length - 1] ^= 1;
            rtp.send(new DatagramPacket(forged, forged.length, InetAddress.getLoopbackAddress(), relayPort));
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> dropped("srtp-replay") == 1
                    && dropped("srtp-auth") == 1);
            rtp.setSoTimeout(300);
            assertThatThrownBy(() -> rtp.receive(new DatagramPacket(new byte[2048], 2048)))
                    .as("nothing echoed for a dropped packet").isInstanceOf(java.net.SocketTimeoutException.class);
            tls.send(bye(tls.via(), callId, ok));
            assertThat(statusLine(tls.finalResponse())).isEqualTo("SIP/2.0 200 OK");
        }
        List<Map<String, Object>> cdrs = Awaitility.await().atMost(Duration.ofSeconds(15))
                .until(() -> daemon.provisioning().rows().select("SELECT * FROM calls"), l -> l.size() == 1);
        assertThat(cdrs.get(0).get("caller_leg_srtp")).isEqualTo("AES_CM_128_HMAC_SHA1_80");
        assertThat(cdrs.get(0).get("callee_leg_srtp")).isNull();
        assertThat(((Number) cdrs.get(0).get("rtp_packets_in")).longValue()).isEqualTo(5);
    }

    // ---- SIP text

    private static String sdp(int port, byte[] key) {
        String body = "v=0\r\no=pbx 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + port + (key == null ? " RTP/AVP" : " RTP/SAVP") + " 0\r\na=rtpmap:0 PCMU/8000\r\n"
                + "a=rtcp:" + port + "\r\n";
        if (key != null) {
            body += "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + Base64.getEncoder().encodeToString(key) + "\r\n";
        }
        return body;
    }

    private static String invite(String via, String callId, String sdp) {
        return "INVITE sip:+14155550100@127.0.0.1 SIP/2.0\r\n"
                + "Via: " + via + ";branch=z9hG4bK" + System.nanoTime() + ";rport\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:+14155550111@127.0.0.1>;tag=pbx1\r\n"
                + "To: <sip:+14155550100@127.0.0.1>\r\nCall-ID: " + callId + "\r\nCSeq: 1 INVITE\r\n"
                + "Contact: <sip:pbx@127.0.0.1;transport=tls>\r\nContent-Type: application/sdp\r\n"
                + "Content-Length: " + sdp.length() + "\r\n\r\n" + sdp;
    }

    private static String header(String message, String name) {
        for (String line : message.split("\r\n")) {
            if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                return line.substring(name.length() + 1).trim();
            }
        }
        throw new AssertionError("no " + name + " in " + message);
    }

    private static String inDialog(String method, int cseq, String via, String callId, String ok) {
        String contact = header(ok, "Contact");
        String target = contact.substring(contact.indexOf('<') + 1, contact.indexOf('>'));
        return method + " " + target + " SIP/2.0\r\n"
                + "Via: " + via + ";branch=z9hG4bK" + System.nanoTime() + ";rport\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:+14155550111@127.0.0.1>;tag=pbx1\r\n"
                + "To: " + header(ok, "To") + "\r\nCall-ID: " + callId + "\r\nCSeq: " + cseq + " " + method + "\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    private static String ack(String via, String callId, String ok) {
        return inDialog("ACK", 1, via, callId, ok);
    }

    private static String bye(String via, String callId, String ok) {
        return inDialog("BYE", 2, via, callId, ok);
    }

    private static String statusLine(String response) {
        return response.substring(0, response.indexOf("\r\n"));
    }

    /** The final response to the INVITE with {@code callId} (the switch retransmits earlier ones: no ACK here). */
    private static String finalUdpResponse(DatagramSocket udp, String callId) throws IOException {
        while (true) {
            byte[] buf = new byte[8192];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            udp.receive(p);
            String text = new String(buf, 0, p.getLength(), StandardCharsets.US_ASCII);
            if (!text.startsWith("SIP/2.0 1") && header(text, "Call-ID").equals(callId)) {
                return text;
            }
        }
    }

    /** A PBX's TLS connection to the switch (any certificate: the switch's self-signed default). */
    private static final class Tls implements AutoCloseable {
        private final SSLSocket socket;
        private final InputStream in;

        Tls(int port) throws Exception {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            socket = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port);
            socket.setSoTimeout(15_000);
            in = socket.getInputStream();
        }

        String via() {
            return "SIP/2.0/TLS 127.0.0.1:" + socket.getLocalPort();
        }

        void send(String message) throws IOException {
            socket.getOutputStream().write(message.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
        }

        /** The next final response; requests from the switch on this connection are skipped. */
        String finalResponse() throws IOException {
            while (true) {
                String message = read();
                if (message.startsWith("SIP/2.0 ") && !message.startsWith("SIP/2.0 1")) {
                    return message;
                }
            }
        }

        private String read() throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int state = 0;
            while (state < 4) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed");
                }
                if (head.size() == 0 && (b == '\r' || b == '\n')) {
                    continue; // keep-alive CRLFs
                }
                head.write(b);
                state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3))
                        ? state + 1 : 0;
            }
            String text = head.toString(StandardCharsets.US_ASCII);
            Matcher m = Pattern.compile("(?im)^(?:Content-Length|l):\\s*(\\d+)").matcher(text);
            int length = m.find() ? Integer.parseInt(m.group(1)) : 0;
            return text + new String(in.readNBytes(length), StandardCharsets.US_ASCII);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    // ---- RTP and SRTP (the PBX's side)

    private static byte[] pcmu(int seq, int ssrc) {
        ByteBuffer b = ByteBuffer.allocate(172).put((byte) 0x80).put((byte) 0).putShort((short) seq)
                .putInt(seq * 160).putInt(ssrc);
        for (int i = 0; i < 160; i++) {
            b.put((byte) (0x55 + i));
        }
        return b.array();
    }

    private static SrtpCryptoContext context(boolean sender, byte[] keyAndSalt, int ssrc) throws Exception {
        SrtpPolicy policy = new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, 16, SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, 10,
                14);
        SrtpContextFactory f = new SrtpContextFactory(sender, Arrays.copyOf(keyAndSalt, 16),
                Arrays.copyOfRange(keyAndSalt, 16, 30), policy, policy, new LoggerImpl("pbx-srtp"));
        return f.deriveContext(ssrc, 0);
    }

    private static byte[] transform(SrtpCryptoContext context, byte[] packet, boolean protect) throws Exception {
        Buffer b = new Buffer(packet);
        SrtpErrorStatus status = protect ? context.transformPacket(b) : context.reverseTransformPacket(b, false);
        assertThat(status).isEqualTo(SrtpErrorStatus.OK);
        return Arrays.copyOf(b.bytes, b.length);
    }

    /** jitsi-srtp's buffer with tail room for the tag. */
    private static final class Buffer implements ByteArrayBuffer {
        final byte[] bytes;
        int length;

        Buffer(byte[] packet) {
            bytes = Arrays.copyOf(packet, packet.length + 64);
            length = packet.length;
        }

        @Override
        public byte[] getBuffer() {
            return bytes;
        }

        @Override
        public int getOffset() {
            return 0;
        }

        @Override
        public int getLength() {
            return length;
        }

        @Override
        public void setLength(int len) {
            length = len;
        }

        @Override
        public void setOffset(int off) {
            if (off != 0) {
                throw new UnsupportedOperationException("offset");
            }
        }

        @Override
        public boolean isInvalid() {
            return false;
        }

        @Override
        public void readRegionToBuff(int off, int len, byte[] out) {
            System.arraycopy(bytes, off, out, 0, len);
        }

        @Override
        public void grow(int howMuch) {
        }

        @Override
        public void append(byte[] data, int len) {
            System.arraycopy(data, 0, bytes, length, len);
            length += len;
        }

        @Override
        public void shrink(int len) {
            length -= len;
        }
    }
}
