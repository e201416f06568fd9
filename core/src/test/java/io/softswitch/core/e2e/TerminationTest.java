package io.softswitch.core.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.core.testing.FreePorts;
import io.softswitch.core.testing.Sipp;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PBX -> softswitch -> carrier, with real SIPp on both sides. */
class TerminationTest {

    @Test
    void basicCallReachesTheCarrierWithE164AndIsRecorded() throws Exception {
        int carrierPort = FreePorts.udpAndTcp();
        try (E2eDaemon d = new E2eDaemon(Demo.of(List.of(Demo.openTrunk()),
                List.of(Demo.carrier("carrier", List.of(), carrierPort)), List.of(), List.of(Demo.defaultRoute("carrier"))));
                Sipp.Running carrier = Sipp.scenario("uas-answer.xml").localPort(carrierPort).startServer()) {
            Sipp.Result pbx = Sipp.scenario("uac-call.xml").arg("-s", "+14155550100").runAgainst(d.sipPort);
            Sipp.Result uas = carrier.await();
            assertThat(pbx.allCallsSucceeded()).as(pbx.toString()).isTrue();
            assertThat(uas.allCallsSucceeded()).as(uas.toString()).isTrue();
            d.awaitCalls("completed", 1);
        }
    }
}
