package io.softswitch.core.e2e;

import static io.softswitch.core.e2e.Peers.DIALED;
import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.core.testing.FreePorts;
import io.softswitch.core.testing.Sipp;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * OPTIONS inside a call (a PBX's keep-alive, RFC 3261 §11) is passed to the carrier like any
 * in-dialog request, and the carrier's answer comes back: the switch does not answer it itself.
 */
class InDialogOptionsTest {

    @Test
    void optionsFromThePbxInsideTheCallReachesTheCarrierAndItsAnswerComesBack() throws Exception {
        int gw = FreePorts.udpAndTcp();
        try (E2eDaemon d = new E2eDaemon(Demo.termination(Demo.carrier("carrier", List.of(), gw)));
                Sipp.Running carrier = Sipp.scenario("uas-options-in-dialog.xml").localPort(gw).startServer()) {
            Sipp.Result pbx = Sipp.scenario("uac-options-in-dialog.xml").arg("-s", DIALED).runAgainst(d.sipPort);
            assertThat(pbx.allCallsSucceeded()).as(pbx.toString()).isTrue();
            Sipp.Result uas = carrier.await();
            assertThat(uas.allCallsSucceeded()).as(uas.toString()).isTrue();
            // The reason phrase is the carrier's own: the answer is the carrier's, relayed.
            assertThat(pbx.logged("OPTIONS-REPLY")).containsExactly("200 Carrier Alive");
            Sipp.Message options = uas.received("OPTIONS").get(0);
            assertThat(options.header("Call-ID")).isEqualTo(uas.received("INVITE").get(0).header("Call-ID"));
            assertThat(options.header("From")).hasValueSatisfying(from -> assertThat(from).doesNotContain("SIPpTag"));
            d.awaitCalls("completed", 1);
        }
    }
}
