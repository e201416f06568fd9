package io.softswitch.sip.internal;

import static io.softswitch.sip.internal.OverloadWireTest.awaitResponse;
import static io.softswitch.sip.internal.OverloadWireTest.freeUdpPort;
import static io.softswitch.sip.internal.OverloadWireTest.invite;
import static io.softswitch.sip.internal.OverloadWireTest.send;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.softswitch.sip.OverloadLimit;
import io.softswitch.sip.SipBinding;
import io.softswitch.sip.SipEndpoint;
import io.softswitch.sip.SipEvents;
import io.softswitch.sip.SipSecurity;
import io.softswitch.sip.SipSettings;
import io.softswitch.sip.SipStatus;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A real stack that stops accepting (graceful shutdown) refuses new INVITEs with the Retry-After it was given. */
class StopAcceptingWireTest {

    @Test
    void aStoppingStackAnswersNewInvites503WithTheGivenRetryAfter() throws Exception {
        int port = freeUdpPort();
        try (SipEndpoint sip = SipEndpoint.start(new SipSettings("stop-accepting-test-" + port,
                List.of(new SipBinding("udp", "127.0.0.1", port)), "softswitch-test", 1, 65536, "",
                SipSecurity.DEFAULTS, OverloadLimit.steady(200)), SipEvents.NONE);
                DatagramSocket uac = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            sip.setHandler(leg -> leg.reject(SipStatus.BUSY_HERE, List.of()));
            uac.setSoTimeout(200);
            sip.stopAccepting(Duration.ofSeconds(9));
            send(uac, port, invite(uac, "s1", "z9hG4bKs1"));
            String refused = awaitResponse(uac, "s1", 503, 5_000);
            assertNotNull(refused, "a new INVITE to a stopping stack is refused 503");
            assertTrue(refused.contains("\r\nRetry-After: 9\r\n"), refused);
        }
    }
}
