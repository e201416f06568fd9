package io.softswitch.sip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.softswitch.sip.InDialogRequest;
import io.softswitch.sip.InboundLeg;
import io.softswitch.sip.Leg;
import io.softswitch.sip.LegListener;
import io.softswitch.sip.OverloadLimit;
import io.softswitch.sip.SipBinding;
import io.softswitch.sip.SipBody;
import io.softswitch.sip.SipEndpoint;
import io.softswitch.sip.SipEvents;
import io.softswitch.sip.SipSecurity;
import io.softswitch.sip.SipSettings;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code sip.ack_timeout_seconds} over the wire: a UAC that never ACKs our 200 gets it retransmitted
 * (T1 doubling) until the ACK timeout, and then the leg is lost (the call engine hangs up); RFC
 * 3261's 32 s would still be retransmitting.
 */
class AckTimeoutWireTest {

    @Test
    void a200WithoutAckIsRetransmittedUntilTheAckTimeoutAndThenTheLegIsLost() throws Exception {
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        int ackTimeoutSeconds = 2;
        BlockingQueue<String> lost = new ArrayBlockingQueue<>(4);
        try (SipEndpoint sip = SipEndpoint.start(new SipSettings("ack-timeout-test-" + port,
                List.of(new SipBinding("udp", "127.0.0.1", port)), "softswitch-test", 2, 65536, "",
                SipSecurity.DEFAULTS, OverloadLimit.steady(200), ackTimeoutSeconds), SipEvents.NONE);
                DatagramSocket uac = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            sip.setHandler((InboundLeg leg) -> {
                leg.setListener(new LegListener() {
                    @Override
                    public void onRequest(Leg l, InDialogRequest request) {
                    }

                    @Override
                    public void onBye(Leg l) {
                    }

                    @Override
                    public void onLost(Leg l, String why) {
                        lost.add(why);
                    }
                });
                leg.answer(SipBody.sdp("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                        + "m=audio 4000 RTP/AVP 0\r\n"));
            });
            uac.setSoTimeout(100);
            byte[] invite = invite(uac.getLocalPort()).getBytes(StandardCharsets.ISO_8859_1);
            long sent = System.nanoTime();
            uac.send(new DatagramPacket(invite, invite.length, InetAddress.getLoopbackAddress(), port));
            // Collect the 200s until the leg is lost (never ACKing them).
            int oks = 0;
            String why = null;
            byte[] buf = new byte[65536];
            while (why == null && System.nanoTime() - sent < TimeUnit.SECONDS.toNanos(20)) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    uac.receive(p);
                    if (new String(p.getData(), 0, p.getLength(), StandardCharsets.ISO_8859_1).startsWith("SIP/2.0 200 ")) {
                        oks++;
                    }
                } catch (SocketTimeoutException e) {
                    // keep waiting
                }
                why = lost.poll();
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
            assertNotNull(why, "the leg was lost within 20 s");
            assertTrue(why.contains("dialog timeout"), why);
            assertTrue(ms >= ackTimeoutSeconds * 1000L - 600 && ms <= ackTimeoutSeconds * 1000L + 3_000,
                    "lost after the ACK timeout of " + ackTimeoutSeconds + " s: " + ms + " ms");
            // 200 at 0, then again at 0.5 and 1.5 s: retransmitted until the timeout
            assertTrue(oks >= 3, "200 OK sent and retransmitted while no ACK came: " + oks);
            assertEquals(null, lost.poll(), "lost once");
        }
    }

    private static String invite(int p) {
        return "INVITE sip:+14155550100@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + p + ";branch=z9hG4bKnoack1;rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:+14155550199@127.0.0.1:" + p + ">;tag=noack\r\n"
                + "To: <sip:+14155550100@127.0.0.1>\r\n"
                + "Call-ID: noack-1\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Contact: <sip:pbx@127.0.0.1:" + p + ">\r\n"
                + "Content-Length: 0\r\n\r\n";
    }
}
