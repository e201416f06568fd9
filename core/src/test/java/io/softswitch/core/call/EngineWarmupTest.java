package io.softswitch.core.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.sip.OverloadLimit;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The call engine's admission by queue delay, over a real SIP endpoint: its only thread is held by
 * the first call, so later calls wait in its queue. During the warm-up after start a late call is
 * queued, not refused; after the warm-up the steady threshold sheds new calls with 503 again.
 */
class EngineWarmupTest {

    @Test
    void lateCallsWaitDuringTheWarmUpAndAreShedAfterIt() throws Exception {
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Set<String> routed = ConcurrentHashMap.newKeySet();
        CallRouter router = invite -> {
            routed.add(invite.callId());
            if (routed.size() == 1) {
                busy.countDown();
                try {
                    release.await(20, TimeUnit.SECONDS); // the engine's only thread is stuck
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return new Decision.Reject(io.softswitch.sip.SipStatus.BUSY_HERE, List.of(), "test-trunk");
        };
        long warmupMs = 4_000;
        long started = System.nanoTime(); // at or before the engine's own start
        try (EngineHarness h = new EngineHarness(router, new DirectMedia(), 1,
                new OverloadLimit(50, 5_000, (int) (warmupMs / 1000)));
                DatagramSocket uac = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            uac.setSoTimeout(100);
            send(uac, h.port, invite(uac, "e1"));
            assertThat(busy.await(10, TimeUnit.SECONDS)).as("first call reached the router").isTrue();
            send(uac, h.port, invite(uac, "e2")); // queued behind the stuck call
            long queuedAt = System.nanoTime();
            int probes = 0;
            while (ms(System.nanoTime() - queuedAt) < 1_000 && ms(System.nanoTime() - started) < warmupMs - 1_000) {
                if (ms(System.nanoTime() - queuedAt) >= 300) {
                    probes++;
                    send(uac, h.port, invite(uac, "e3-" + probes));
                }
                assertThat(response(uac, 503, null, 100)).as("no 503 during the warm-up").isNull();
            }
            assertThat(probes).as("probed during the warm-up while the engine was behind").isGreaterThanOrEqualTo(3);
            assertThat(response(uac, 503, null, 300)).as("no 503 during the warm-up").isNull();
            String shed = null;
            int attempt = 0;
            while (shed == null && ms(System.nanoTime() - started) < warmupMs + 10_000) {
                attempt++;
                send(uac, h.port, invite(uac, "e4-" + attempt));
                shed = response(uac, 503, "e4-" + attempt, 300);
            }
            assertThat(shed).as("a new call got 503 after the warm-up").isNotNull();
            assertThat(shed).contains("\r\nRetry-After: 1\r\n")
                    .as("answered statelessly by the SIP layer, which asks the engine").contains(";tag=ovl");
            assertThat(ms(System.nanoTime() - started)).as("shed only after the warm-up").isGreaterThanOrEqualTo(warmupMs);
            release.countDown();
            assertThat(response(uac, 486, "e3-" + probes, 10_000)).as("a call queued in the warm-up was served").isNotNull();
            assertThat(routed).contains("e2", "e3-1");
        }
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    private static void send(DatagramSocket s, int port, String msg) throws Exception {
        byte[] b = msg.getBytes(StandardCharsets.ISO_8859_1);
        s.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), port));
    }

    /** The first response with {@code status} (for {@code callId}, or any call when null) within {@code ms}. */
    private static String response(DatagramSocket s, int status, String callId, long ms) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        byte[] buf = new byte[65536];
        while (System.nanoTime() < deadline) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                s.receive(p);
            } catch (SocketTimeoutException e) {
                continue;
            }
            String m = new String(p.getData(), 0, p.getLength(), StandardCharsets.ISO_8859_1);
            if (m.startsWith("SIP/2.0 " + status + " ") && (callId == null || m.contains("\r\nCall-ID: " + callId + "\r\n"))) {
                return m;
            }
        }
        return null;
    }

    private static String invite(DatagramSocket uac, String callId) {
        int p = uac.getLocalPort();
        return "INVITE sip:+14155550100@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + p + ";branch=z9hG4bK" + callId + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:+14155550199@127.0.0.1:" + p + ">;tag=t" + callId + "\r\n"
                + "To: <sip:+14155550100@127.0.0.1>\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Contact: <sip:pbx@127.0.0.1:" + p + ">\r\n"
                + "Content-Length: 0\r\n\r\n";
    }
}
