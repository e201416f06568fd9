package io.softswitch.sip.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.sip.InDialogRequest;
import io.softswitch.sip.Leg;
import io.softswitch.sip.OutboundLeg;
import io.softswitch.sip.OutboundListener;
import io.softswitch.sip.OutboundRequest;
import io.softswitch.sip.ProbeOutcome;
import io.softswitch.sip.SipBinding;
import io.softswitch.sip.SipBody;
import io.softswitch.sip.SipEndpoint;
import io.softswitch.sip.SipEvents;
import io.softswitch.sip.SipReply;
import io.softswitch.sip.SipSettings;
import io.softswitch.sip.SipStatus;
import io.softswitch.sip.SipUri;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The stack's client transaction timers over the wire, towards a gateway that never answers (RFC
 * 3261 §17.1.1.2, §17.1.2.2): the INVITE is retransmitted at T1 doubling (Timer A) and fails
 * {@code 408} at 64·T1 = 32 s (Timer B); the OPTIONS probe is retransmitted at T1 doubling capped at
 * T2 = 4 s (Timer E) and is answered {@code 408} at 32 s too (Timer F). Both in one run: ~33 s.
 */
class TransactionTimeoutWireTest {
    private static final long T1 = 500;
    private static final long T2 = 4000;
    private static final long TIMER_B = 64 * T1;
    /** How late a retransmission may be on a shared, loaded test machine. */
    private static final long LATE = 500;

    @Test
    void aSilentGatewayGetsRetransmissionsAndTheInviteAndProbeFail408AfterTimerBAndF() throws Exception {
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        try (SipEndpoint sip = SipEndpoint.start(new SipSettings("transaction-timeout-test-" + port,
                List.of(new SipBinding("udp", "127.0.0.1", port)), "softswitch-test", 1, 65536, ""), SipEvents.NONE);
                DatagramSocket gateway = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            gateway.setSoTimeout(100);
            String target = "127.0.0.1:" + gateway.getLocalPort();
            CompletableFuture<SipReply> inviteFailed = new CompletableFuture<>();
            CompletableFuture<ProbeOutcome> probed = new CompletableFuture<>();
            long t0 = System.nanoTime();
            sip.dial(new OutboundRequest(SipUri.parse("sip:+15555550100@" + target), "+15555550100", "+15555550199",
                    null, null, List.of(), 70, null, null), failures(inviteFailed));
            sip.probe(SipUri.parse("sip:" + target), probed::complete);

            List<Long> invites = new ArrayList<>();
            List<Long> options = new ArrayList<>();
            byte[] buf = new byte[65536];
            long deadline = t0 + TimeUnit.MILLISECONDS.toNanos(TIMER_B + 10_000);
            while (!(inviteFailed.isDone() && probed.isDone()) && System.nanoTime() < deadline) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    gateway.receive(p);
                } catch (SocketTimeoutException e) {
                    continue;
                }
                long at = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                String m = new String(p.getData(), 0, p.getLength(), StandardCharsets.ISO_8859_1);
                if (m.startsWith("INVITE ")) {
                    invites.add(at);
                } else if (m.startsWith("OPTIONS ")) {
                    options.add(at);
                }
            }
            long ended = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            System.out.printf("silent gateway: INVITE sent at %s ms, OPTIONS at %s ms, both 408 by %d ms%n", invites,
                    options, ended);

            assertThat(inviteFailed.getNow(null)).as("INVITE outcome after %d ms", ended).isNotNull();
            assertThat(inviteFailed.getNow(null).status()).isEqualTo(SipStatus.REQUEST_TIMEOUT);
            assertThat(probed.getNow(null))
                    .isEqualTo(new ProbeOutcome.Answered(SipReply.of(SipStatus.REQUEST_TIMEOUT)));
            assertThat(ended).as("Timer B/F").isBetween(TIMER_B, TIMER_B + 5_000);
            // Sent at 0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5 s.
            assertThat(invites).as("INVITE sent at (ms)").hasSize(7);
            assertGaps(invites, false);
            // Sent at 0, 0.5, 1.5, 3.5, 7.5, 11.5, ... 31.5 s.
            assertThat(options).as("OPTIONS sent at (ms)").hasSize(11);
            assertGaps(options, true);
        }
    }

    /** Each gap T1 doubling (capped at T2 for a non-INVITE), never early and at most {@link #LATE} late. */
    private static void assertGaps(List<Long> sentAt, boolean cappedAtT2) {
        long interval = T1;
        for (int i = 1; i < sentAt.size(); i++) {
            assertThat(sentAt.get(i) - sentAt.get(i - 1)).as("gap %d of %s", i, sentAt)
                    .isBetween(interval - 20, interval + LATE);
            interval = cappedAtT2 ? Math.min(2 * interval, T2) : 2 * interval;
        }
    }

    private static OutboundListener failures(CompletableFuture<SipReply> failed) {
        return new OutboundListener() {
            @Override
            public void onProvisional(OutboundLeg leg, SipStatus status, SipBody body) {
            }

            @Override
            public void onAnswered(OutboundLeg leg, SipBody body) {
                failed.completeExceptionally(new AssertionError("answered by a silent gateway"));
            }

            @Override
            public void onFailed(OutboundLeg leg, SipReply reply) {
                failed.complete(reply);
            }

            @Override
            public void onRequest(Leg leg, InDialogRequest request) {
            }

            @Override
            public void onBye(Leg leg) {
            }
        };
    }
}
