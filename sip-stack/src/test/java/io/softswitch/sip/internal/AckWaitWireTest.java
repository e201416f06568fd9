package io.softswitch.sip.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import gov.nist.javax.sip.stack.SIPDialog;
import gov.nist.javax.sip.stack.SIPStackTimerTask;
import io.softswitch.sip.InDialogRequest;
import io.softswitch.sip.Leg;
import io.softswitch.sip.OutboundLeg;
import io.softswitch.sip.OutboundListener;
import io.softswitch.sip.OutboundRequest;
import io.softswitch.sip.OverloadLimit;
import io.softswitch.sip.SipBinding;
import io.softswitch.sip.SipBody;
import io.softswitch.sip.SipEndpoint;
import io.softswitch.sip.SipEvents;
import io.softswitch.sip.SipReply;
import io.softswitch.sip.SipSecurity;
import io.softswitch.sip.SipSettings;
import io.softswitch.sip.SipStatus;
import io.softswitch.sip.SipUri;
import java.lang.reflect.Field;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Our ACK of a gateway's 2xx takes the RI's "ACK not sent" task of the dialog off the stack timer
 * ({@link AckWait}). Left there, it holds the dialog, its leg and call for {@code ack_timeout_seconds}
 * (here the maximum, 32 s) after the ACK went out. Over the wire: a raw UDP gateway answers our
 * INVITE (early offer, so the ACK is sent while the RI still delivers the 2xx) and the test looks at
 * the dialog's task once the RI is done with the 2xx.
 */
class AckWaitWireTest {
    private static final String SDP = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio 4000 RTP/AVP 0\r\n";

    @Test
    void afterOurAckNoAckWaitTaskOfTheDialogIsLeftOnTheStackTimer() throws Exception {
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        try (SipEndpoint sip = SipEndpoint.start(new SipSettings("ack-wait-test-" + port,
                List.of(new SipBinding("udp", "127.0.0.1", port)), "softswitch-test", 2, 65536, "",
                SipSecurity.DEFAULTS, OverloadLimit.steady(200), 32), SipEvents.NONE);
                DatagramSocket gateway = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            gateway.setSoTimeout((int) TimeUnit.SECONDS.toMillis(10));
            CompletableFuture<Void> answered = new CompletableFuture<>();
            OutboundLeg leg = sip.dial(new OutboundRequest(SipUri.parse("sip:+15555550100@127.0.0.1:"
                    + gateway.getLocalPort()), "+15555550100", "+15555550199", null, SipBody.sdp(SDP), List.of(), 70,
                    null, null), listener(answered));

            DatagramPacket invite = receive(gateway, "INVITE ");
            send(gateway, ok(text(invite), gateway.getLocalPort()), invite.getSocketAddress());
            receive(gateway, "ACK ");
            answered.get(10, TimeUnit.SECONDS);

            SIPDialog dialog = (SIPDialog) ((UacLeg) leg).dialog;
            Field field = SIPDialog.class.getDeclaredField("dialogDeleteIfNoAckSentTask");
            field.setAccessible(true);
            // The RI fills the field (and schedules the task, if it does) under the dialog's monitor once
            // our listener has returned: wait for it, then look whether the task waits on the timer.
            await().atMost(Duration.ofSeconds(10)).until(() -> task(dialog, field) != null);
            SIPStackTimerTask task = task(dialog, field);
            assertThat(WheelSipTimer.isPending(task))
                    .as("the dialog's ACK-wait task (%s) is on the stack timer after our ACK", task.getClass().getName())
                    .isFalse();
            leg.hangup();
        }
    }

    private static SIPStackTimerTask task(SIPDialog dialog, Field field) throws IllegalAccessException {
        synchronized (dialog) {
            return (SIPStackTimerTask) field.get(dialog);
        }
    }

    private static String ok(String invite, int contactPort) {
        StringBuilder r = new StringBuilder("SIP/2.0 200 OK\r\n");
        for (String line : invite.split("\r\n")) {
            String lower = line.toLowerCase();
            if (lower.startsWith("via:") || lower.startsWith("from:") || lower.startsWith("call-id:")
                    || lower.startsWith("cseq:")) {
                r.append(line).append("\r\n");
            } else if (lower.startsWith("to:")) {
                r.append(line).append(";tag=gw1\r\n");
            }
        }
        return r.append("Contact: <sip:gw@127.0.0.1:").append(contactPort).append(">\r\nContent-Type: application/sdp\r\nContent-Length: ")
                .append(SDP.length()).append("\r\n\r\n").append(SDP).toString();
    }

    private static DatagramPacket receive(DatagramSocket s, String start) throws Exception {
        while (true) {
            DatagramPacket p = new DatagramPacket(new byte[65536], 65536);
            s.receive(p);
            if (text(p).startsWith(start)) {
                return p;
            }
        }
    }

    private static String text(DatagramPacket p) {
        return new String(p.getData(), 0, p.getLength(), StandardCharsets.ISO_8859_1);
    }

    private static void send(DatagramSocket s, String m, SocketAddress to) throws Exception {
        byte[] b = m.getBytes(StandardCharsets.ISO_8859_1);
        s.send(new DatagramPacket(b, b.length, to));
    }

    private static OutboundListener listener(CompletableFuture<Void> answered) {
        return new OutboundListener() {
            @Override
            public void onProvisional(OutboundLeg leg, SipStatus status, SipBody body) {
            }

            @Override
            public void onAnswered(OutboundLeg leg, SipBody body) {
                answered.complete(null);
            }

            @Override
            public void onFailed(OutboundLeg leg, SipReply reply) {
                answered.completeExceptionally(new AssertionError("failed: " + reply));
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
