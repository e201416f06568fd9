package io.softswitch.sip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.softswitch.sip.OverloadLimit;
import io.softswitch.sip.SipBinding;
import io.softswitch.sip.SipEndpoint;
import io.softswitch.sip.SipEvents;
import io.softswitch.sip.SipHandler;
import io.softswitch.sip.SipSecurity;
import io.softswitch.sip.SipSettings;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A real JAIN-SIP stack with one worker thread, held busy by the first call: INVITEs that arrive
 * while the queue is older than the threshold get a stateless 503 + Retry-After at once; the INVITE
 * that was queued before (and its retransmission) is not refused and is handled once the worker
 * is free; nothing is lost.
 */
class OverloadWireTest {

    @Test
    void newInvitesAreShedWhileTheWorkerIsBehindAndTheQueuedOneIsStillServed() throws Exception {
        int port = freeUdpPort();
        AtomicInteger shedCount = new AtomicInteger();
        SipEvents events = new SipEvents() {
            @Override
            public void overloadShed() {
                shedCount.incrementAndGet();
            }
        };
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ConcurrentLinkedQueue<String> handled = new ConcurrentLinkedQueue<>();
        try (SipEndpoint sip = SipEndpoint.start(new SipSettings("overload-test-" + port,
                List.of(new SipBinding("udp", "127.0.0.1", port)), "softswitch-test", 1, 65536, "",
                SipSecurity.DEFAULTS, OverloadLimit.steady(50)), events);
                DatagramSocket uac = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            sip.setHandler(stuckOnFirst(handled, busy, release));
            uac.setSoTimeout(200);
            send(uac, port, invite(uac, "c1", "z9hG4bKc1"));
            assertTrue(busy.await(10, TimeUnit.SECONDS), "first INVITE reached the handler");
            send(uac, port, invite(uac, "c2", "z9hG4bKc2")); // queued behind the stuck worker
            // Once c2 has waited past the threshold, a new INVITE is answered 503 without a worker.
            String shed = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            int attempt = 0;
            while (shed == null && System.nanoTime() < deadline) {
                attempt++;
                send(uac, port, invite(uac, "c3-" + attempt, "z9hG4bKc3" + attempt));
                shed = awaitResponse(uac, "c3-" + attempt, 503);
            }
            assertNotNull(shed, "a new INVITE got 503 while the worker was stuck");
            assertTrue(shed.contains("\r\nRetry-After: 1\r\n"), shed);
            assertTrue(shed.contains(";tag=ovl"), shed);
            assertTrue(shedCount.get() >= 1);
            // c2's retransmission is not refused: it belongs to a call the switch already queued.
            send(uac, port, invite(uac, "c2", "z9hG4bKc2"));
            assertEquals(null, awaitResponse(uac, "c2", 503));
            release.countDown();
            // The stack catches up: c1 and c2 get their real answers, and c2 reached the handler.
            assertNotNull(awaitResponse(uac, "c2", 486, 10_000), "queued INVITE c2 was answered by the handler");
            assertTrue(handled.contains("c2"), "queued INVITE c2 reached the handler: " + handled);
            assertTrue(!handled.contains(callIdOf(shed)), "a shed INVITE must never reach the handler: " + handled);
        }
    }

    /**
     * The same stuck worker, with a 4 s warm-up whose threshold is 5 s: while the switch is warming
     * up, INVITEs that arrive with the queue 0.3-1 s behind are queued (no 503); once the warm-up is
     * over, the steady 50 ms threshold is back and new INVITEs are shed.
     */
    @Test
    void duringTheWarmUpLateInvitesAreQueuedAndAfterItTheyAreShed() throws Exception {
        int port = freeUdpPort();
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ConcurrentLinkedQueue<String> handled = new ConcurrentLinkedQueue<>();
        long started = System.nanoTime(); // at or before the shedder's own start
        long warmupMs = 4_000;
        try (SipEndpoint sip = SipEndpoint.start(new SipSettings("overload-warmup-test-" + port,
                List.of(new SipBinding("udp", "127.0.0.1", port)), "softswitch-test", 1, 65536, "",
                SipSecurity.DEFAULTS, new OverloadLimit(50, 5_000, (int) (warmupMs / 1000))), SipEvents.NONE);
                DatagramSocket uac = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            sip.setHandler(stuckOnFirst(handled, busy, release));
            uac.setSoTimeout(100);
            send(uac, port, invite(uac, "w1", "z9hG4bKw1"));
            assertTrue(busy.await(10, TimeUnit.SECONDS), "first INVITE reached the handler");
            send(uac, port, invite(uac, "w2", "z9hG4bKw2")); // queued behind the stuck worker
            long queuedAt = System.nanoTime();
            // Within the warm-up: probes while w2 has waited 0.3-1 s (far past 50 ms + the 100 ms grace).
            int probes = 0;
            while (ms(System.nanoTime() - queuedAt) < 1_000 && ms(System.nanoTime() - started) < warmupMs - 1_000) {
                if (ms(System.nanoTime() - queuedAt) >= 300) {
                    probes++;
                    send(uac, port, invite(uac, "w3-" + probes, "z9hG4bKw3" + probes));
                }
                assertNull(awaitResponse(uac, null, 503, 100), "no 503 during the warm-up");
            }
            assertTrue(probes >= 3, "probed during the warm-up while the queue was behind: " + probes);
            assertNull(awaitResponse(uac, null, 503, 300), "no 503 during the warm-up");
            // After the warm-up, with the worker still stuck, new INVITEs are shed again.
            String shed = null;
            int attempt = 0;
            while (shed == null && ms(System.nanoTime() - started) < warmupMs + 10_000) {
                attempt++;
                send(uac, port, invite(uac, "w4-" + attempt, "z9hG4bKw4" + attempt));
                shed = awaitResponse(uac, "w4-" + attempt, 503, 200);
            }
            assertNotNull(shed, "a new INVITE got 503 after the warm-up");
            assertTrue(ms(System.nanoTime() - started) >= warmupMs, "shed only once the warm-up was over");
            release.countDown();
            // The INVITEs queued during the warm-up are all served.
            assertNotNull(awaitResponse(uac, "w3-" + probes, 486, 10_000), "a warm-up INVITE was answered by the handler");
            assertTrue(handled.contains("w2") && handled.contains("w3-1"), "queued INVITEs reached the handler: " + handled);
        }
    }

    static int freeUdpPort() throws Exception {
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /** A handler whose first call holds the (only) SIP worker until {@code release}; every call gets 486. */
    private static SipHandler stuckOnFirst(ConcurrentLinkedQueue<String> handled, CountDownLatch busy,
            CountDownLatch release) {
        return leg -> {
            handled.add(leg.invite().callId());
            if (handled.size() == 1) {
                busy.countDown();
                try {
                    release.await(20, TimeUnit.SECONDS); // the only SIP worker is stuck
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            leg.reject(io.softswitch.sip.SipStatus.BUSY_HERE, List.of());
        };
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    private static String callIdOf(String message) {
        for (String line : message.split("\r\n")) {
            if (line.startsWith("Call-ID: ")) {
                return line.substring(9).trim();
            }
        }
        return "";
    }

    static void send(DatagramSocket s, int port, String msg) throws Exception {
        byte[] b = msg.getBytes(StandardCharsets.ISO_8859_1);
        s.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), port));
    }

    private static String awaitResponse(DatagramSocket s, String callId, int status) throws Exception {
        return awaitResponse(s, callId, status, 400);
    }

    /** The first response with {@code status} for {@code callId} (any call when null) within {@code ms}, or null. */
    static String awaitResponse(DatagramSocket s, String callId, int status, long ms) throws Exception {
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

    static String invite(DatagramSocket uac, String callId, String branch) {
        int p = uac.getLocalPort();
        return "INVITE sip:+14155550100@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + p + ";branch=" + branch + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:+14155550199@127.0.0.1:" + p + ">;tag=t" + callId + "\r\n"
                + "To: <sip:+14155550100@127.0.0.1>\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Contact: <sip:pbx@127.0.0.1:" + p + ">\r\n"
                + "Content-Length: 0\r\n\r\n";
    }
}
