package io.softswitch.core.e2e;

import static io.softswitch.core.e2e.Peers.DIALED;
import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.core.testing.FreePorts;
import io.softswitch.core.testing.Sipp;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SIP extensions the switch does not implement: reliable provisionals (RFC 3262) and session timers
 * (RFC 4028). Merely supported by the PBX they change nothing; required, they are refused with
 * {@code 420 Bad Extension} naming them (RFC 3261 §8.2.2.3).
 */
class SipExtensionsTest {

    @Test
    void pbxSupporting100relAndSessionTimersWithoutRequiringThemConnects() throws Exception {
        int gw = FreePorts.udpAndTcp();
        try (E2eDaemon d = new E2eDaemon(Demo.termination(Demo.carrier("carrier", List.of(), gw)));
                Sipp.Running carrier = Sipp.scenario("uas-answer.xml").localPort(gw).startServer()) {
            Sipp.Result pbx = Peers.pbx("uac-session-timer.xml", DIALED).runAgainst(d.sipPort);
            assertThat(pbx.allCallsSucceeded()).as(pbx.toString()).isTrue();
            assertThat(Peers.finals(pbx)).containsExactly("200 OK");
            // Nothing we do not implement is promised back to the PBX.
            Sipp.Message ok = pbx.receivedResponses(200).get(0);
            assertThat(ok.header("Require")).isEmpty();
            assertThat(ok.header("Session-Expires")).isEmpty();
            assertThat(pbx.receivedResponses(180).stream().flatMap(m -> m.headers("RSeq").stream())).isEmpty();
            Sipp.Result uas = carrier.await();
            assertThat(uas.allCallsSucceeded()).as(uas.toString()).isTrue();
            Sipp.Message invite = uas.received("INVITE").get(0);
            assertThat(invite.header("Require")).isEmpty();
            assertThat(invite.header("Session-Expires")).isEmpty();
            d.awaitCalls("completed", 1);
        }
    }

    @Test
    void pbxRequiring100relGets420WithUnsupported100relAndTheCarrierSeesNothing() throws Exception {
        int gw = FreePorts.udpAndTcp();
        try (E2eDaemon d = new E2eDaemon(Demo.termination(Demo.carrier("carrier", List.of(), gw)));
                Sipp.Running carrier = Sipp.scenario("uas-answer.xml").localPort(gw).startServer()) {
            Sipp.Result pbx = Peers.pbx("uac-require-100rel.xml", DIALED).runAgainst(d.sipPort);
            assertThat(pbx.allCallsSucceeded()).as(pbx.toString()).isTrue();
            assertThat(Peers.finals(pbx)).containsExactly("420 Bad Extension");
            assertThat(pbx.receivedResponses(420).get(0).header("Unsupported")).hasValue("100rel");
            assertThat(d.daemon.engine().activeCalls()).isZero();
            assertThat(carrier.stop().messages()).isEmpty();
        }
    }
}
