package io.softswitch.core.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.sip.SipHeader;
import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A challenged INVITE (407) is not a call: once answered, nothing of the call may stay on the heap,
 * though the stack keeps the unacknowledged server transaction (and its leg) for up to 32 s to
 * retransmit the 407 (RFC 3261 §17.2.1, Timer H). 1000 challenges from a client that never ACKs,
 * as a scanner or a guessing script sends them, then a class histogram of the live heap.
 */
class ChallengeRetentionTest {
    private static final Logger LOG = LoggerFactory.getLogger(ChallengeRetentionTest.class);
    private static final int CALLS = 1000;

    @Test
    void challengedInvitesLeaveNoCallOnTheHeapWhileTheirTransactionsLinger() throws Exception {
        CallRouter challenge = invite -> new Decision.Reject(io.softswitch.sip.SipStatus.PROXY_AUTHENTICATION_REQUIRED,
                List.of(new SipHeader("Proxy-Authenticate", "Digest realm=\"ACtest\", nonce=\"n\", algorithm=MD5")),
                "test-trunk");
        try (EngineHarness h = new EngineHarness(challenge, new DirectMedia());
                DatagramSocket uac = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            uac.setSoTimeout(50);
            uac.setReceiveBufferSize(4 << 20);
            long before = usedHeapAfterGc();
            // Calls of earlier test classes in this fork that are still referenced (surefire reuses
            // forks; one was seen at load 10): challenged legs must add none to them.
            long callsBefore = Histogram.live().count("io.softswitch.core.call.Call");
            Set<String> challenged = new HashSet<>();
            for (int i = 0; i < CALLS; i++) {
                send(uac, h.port, invite(uac, "ch" + i));
                if (i % 50 == 49) {
                    collect(uac, challenged, i + 1, 5_000);
                }
            }
            collect(uac, challenged, CALLS, 10_000);
            assertThat(challenged).hasSize(CALLS);
            // The 407 of the last INVITEs can reach us while their calls are still ending on their
            // stripes: poll (with a deadline) until the engine has let go of them, then measure.
            Histogram after = Histogram.live();
            long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while ((after.count("io.softswitch.core.call.Call") > callsBefore || h.engine.activeCalls() > 0)
                    && System.nanoTime() < settle) {
                Thread.sleep(50); // polling the heap with a deadline: no event marks a released object
                after = Histogram.live();
            }
            long used = usedHeapAfterGc();
            LOG.info("after {} challenges: {} Call ({} B), {} Call listeners ({} B), {} inbound legs ({} B); "
                    + "heap used {} KiB -> {} KiB",
                    CALLS, after.count("io.softswitch.core.call.Call"), after.bytes("io.softswitch.core.call.Call"),
                    after.count("io.softswitch.core.call.Call$ALegListener"),
                    after.bytes("io.softswitch.core.call.Call$ALegListener"),
                    after.count("io.softswitch.sip.internal.UasLeg"),
                    after.bytes("io.softswitch.sip.internal.UasLeg"), before / 1024, used / 1024);
            assertThat(after.count("io.softswitch.sip.internal.UasLeg"))
                    .as("the stack still holds the unacknowledged transactions (the test measures what they retain)")
                    .isGreaterThanOrEqualTo(CALLS / 2);
            assertThat(after.count("io.softswitch.core.call.Call")).as("calls retained by challenged legs (%d before)",
                    callsBefore).isLessThanOrEqualTo(callsBefore);
            assertThat(h.engine.activeCalls()).isZero();
        }
    }

    private static void collect(DatagramSocket s, Set<String> challenged, int expected, long ms) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        byte[] buf = new byte[65536];
        while (challenged.size() < expected && System.nanoTime() < deadline) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                s.receive(p);
            } catch (SocketTimeoutException e) {
                continue;
            }
            String m = new String(p.getData(), 0, p.getLength(), StandardCharsets.ISO_8859_1);
            Matcher id = Pattern.compile("\r\nCall-ID: (\\S+)\r\n").matcher(m);
            if (m.startsWith("SIP/2.0 407 ") && id.find()) {
                challenged.add(id.group(1));
            }
        }
    }

    private static long usedHeapAfterGc() throws Exception {
        Histogram.live(); // a full GC
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The live-object class histogram (jcmd GC.class_histogram, which collects first). */
    private record Histogram(String text) {
        static Histogram live() throws Exception {
            Object out = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
            return new Histogram((String) out);
        }

        long count(String className) {
            return column(className, 1);
        }

        long bytes(String className) {
            return column(className, 2);
        }

        private long column(String className, int group) {
            Matcher m = Pattern.compile("(?m)^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+" + Pattern.quote(className) + "(?:\\s|$)")
                    .matcher(text);
            return m.find() ? Long.parseLong(m.group(group)) : 0;
        }
    }

    private static void send(DatagramSocket s, int port, String msg) throws Exception {
        byte[] b = msg.getBytes(StandardCharsets.ISO_8859_1);
        s.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), port));
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
