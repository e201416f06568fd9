package io.softswitch.sip.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.sip.InDialogRequest;
import io.softswitch.sip.Leg;
import io.softswitch.sip.OutboundLeg;
import io.softswitch.sip.OutboundListener;
import io.softswitch.sip.OutboundRequest;
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
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The INVITE we send, as the gateway reads it: each carries our own Contact (a copy of one built
 * once per transport) and a To of the called user at the gateway's host, without the Request-URI's
 * port (a copy of the Request-URI taken before the port is set).
 */
class OutboundInviteWireTest {

    @Test
    void everyInviteCarriesOurContactAndAToWithoutTheRequestUrisPort() throws Exception {
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        try (SipEndpoint sip = SipEndpoint.start(new SipSettings("outbound-invite-test-" + port,
                List.of(new SipBinding("udp", "127.0.0.1", port)), "softswitch-test", 1, 65536, ""), SipEvents.NONE);
                DatagramSocket gateway = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            gateway.setSoTimeout(5_000);
            String target = "127.0.0.1:" + gateway.getLocalPort();
            for (String called : List.of("+15555550100", "+15555550101")) {
                OutboundLeg leg = sip.dial(new OutboundRequest(SipUri.parse("sip:" + called + "@" + target), called,
                        "+15555550199", null, null, List.of(), 70, null, null), IGNORE);
                String invite = receiveInvite(gateway);
                leg.cancel();
                assertThat(invite).startsWith("INVITE sip:" + called + "@" + target + " SIP/2.0\r\n");
                assertThat(invite).contains("\r\nTo: <sip:" + called + "@127.0.0.1>\r\n");
                assertThat(invite).contains("\r\nContact: <sip:softswitch@127.0.0.1:" + port + ">\r\n");
            }
        }
    }

    private static String receiveInvite(DatagramSocket gateway) throws Exception {
        byte[] buf = new byte[65536];
        while (true) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            gateway.receive(p);
            String m = new String(p.getData(), 0, p.getLength(), StandardCharsets.ISO_8859_1);
            if (m.startsWith("INVITE ")) {
                return m;
            }
        }
    }

    private static final OutboundListener IGNORE = new OutboundListener() {
        @Override
        public void onProvisional(OutboundLeg leg, SipStatus status, SipBody body) {
        }

        @Override
        public void onAnswered(OutboundLeg leg, SipBody body) {
        }

        @Override
        public void onFailed(OutboundLeg leg, SipReply reply) {
        }

        @Override
        public void onRequest(Leg leg, InDialogRequest request) {
        }

        @Override
        public void onBye(Leg leg) {
        }
    };
}
