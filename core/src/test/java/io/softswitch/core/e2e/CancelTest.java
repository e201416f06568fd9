package io.softswitch.core.e2e;

import static io.softswitch.core.e2e.Peers.DIALED;
import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.core.testing.FreePorts;
import io.softswitch.core.testing.Sipp;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CANCEL from the PBX while the carrier rings (DESIGN.md §3 step 9), including the 200/CANCEL race. */
class CancelTest {

    @Test
    void cancelWhileRingingGives487ToThePbxAndCancelsTheCarrier() throws Exception {
        int gw = FreePorts.udpAndTcp();
        try (E2eDaemon d = new E2eDaemon(Demo.termination(Demo.carrier("carrier", List.of(), gw)));
                Sipp.Running carrier = Sipp.scenario("uas-ring-cancel.xml").localPort(gw).startServer()) {
            Sipp.Result pbx = Sipp.scenario("uac-cancel.xml").arg("-s", DIALED).runAgainst(d.sipPort);
            assertThat(pbx.allCallsSucceeded()).as(pbx.toString()).isTrue();
            assertThat(pbx.receivedResponses(487)).hasSize(1);
            Sipp.Result uas = carrier.await();
            assertThat(uas.allCallsSucceeded()).as(uas.toString()).isTrue();
            assertThat(uas.received("CANCEL")).isNotEmpty();
            d.awaitCalls("canceled", 1);
        }
    }

    @Test
    void carrierAnswerCrossingTheCancelIsAcknowledgedAndHungUp() throws Exception {
        int gw = FreePorts.udpAndTcp();
        try (E2eDaemon d = new E2eDaemon(Demo.termination(Demo.carrier("carrier", List.of(), gw)));
                Sipp.Running carrier = Sipp.scenario("uas-cancel-race.xml").localPort(gw).startServer()) {
            Sipp.Result pbx = Sipp.scenario("uac-cancel.xml").arg("-s", DIALED).runAgainst(d.sipPort);
            assertThat(pbx.allCallsSucceeded()).as(pbx.toString()).isTrue();
            assertThat(pbx.receivedResponses(487)).hasSize(1);
            // The carrier's 200 got its ACK and then a BYE: no dialog is left hanging on its side.
            Sipp.Result uas = carrier.await();
            assertThat(uas.allCallsSucceeded()).as(uas.toString()).isTrue();
            assertThat(uas.received("ACK")).isNotEmpty();
            assertThat(uas.received("BYE")).isNotEmpty();
            d.awaitCalls("canceled", 1);
        }
    }
}
