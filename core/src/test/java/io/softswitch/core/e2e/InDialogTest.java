package io.softswitch.core.e2e;

import static io.softswitch.core.e2e.Peers.DIALED;
import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.core.testing.FreePorts;
import io.softswitch.core.testing.Sipp;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Requests inside an answered call pass between the legs (DESIGN.md §3 step 9), and the late offer. */
class InDialogTest {

    /** Runs the PBX scenario against a carrier scenario on an open trunk and checks both completed. */
    private static Sipp.Result[] call(String pbxScenario, String carrierScenario) throws Exception {
        int gw = FreePorts.udpAndTcp();
        try (E2eDaemon d = new E2eDaemon(Demo.termination(Demo.carrier("carrier", List.of(), gw)));
                Sipp.Running carrier = Sipp.scenario(carrierScenario).localPort(gw).startServer()) {
            Sipp.Result pbx = Sipp.scenario(pbxScenario).arg("-s", DIALED).runAgainst(d.sipPort);
            Sipp.Result uas = carrier.await();
            assertThat(uas.allCallsSucceeded()).as(uas.toString()).isTrue();
            assertThat(pbx.allCallsSucceeded()).as(pbx.toString()).isTrue();
            d.awaitCalls("completed", 1);
            return new Sipp.Result[] {pbx, uas};
        }
    }

    @Test
    void byeFromTheCarrierReachesThePbx() throws Exception {
        Sipp.Result[] r = call("uac-hangup-by-peer.xml", "uas-bye.xml");
        assertThat(r[0].received("BYE")).isNotEmpty();
        assertThat(r[1].receivedResponses(200)).isNotEmpty();
    }

    @Test
    void holdAndResumeReInvitesFromThePbxReachTheCarrierAndTheirAnswersComeBack() throws Exception {
        Sipp.Result[] r = call("uac-hold.xml", "uas-hold.xml");
        List<Sipp.Message> reInvites = r[1].received("INVITE").stream().skip(1).toList();
        assertThat(reInvites).hasSizeGreaterThanOrEqualTo(2);
        assertThat(reInvites.get(0).body()).contains("a=sendonly");
        assertThat(reInvites.get(reInvites.size() - 1).body()).contains("a=sendrecv");
    }

    @Test
    void infoAndUpdateFromThePbxReachTheCarrier() throws Exception {
        Sipp.Result[] r = call("uac-info-update.xml", "uas-info-update.xml");
        Sipp.Message info = r[1].received("INFO").get(0);
        assertThat(info.header("Content-Type")).hasValue("application/dtmf-relay");
        assertThat(info.body()).contains("Signal=5");
        assertThat(r[1].received("UPDATE").get(0).body()).contains("a=sendonly");
    }

    @Test
    void lateOfferIsAnsweredInTheAckThatReachesTheCarrier() throws Exception {
        Sipp.Result[] r = call("uac-late-offer.xml", "uas-late-offer.xml");
        assertThat(r[1].received("INVITE").get(0).body()).isEmpty();
        String ack = r[1].received("ACK").get(0).body();
        assertThat(ack).contains("a=x-pbx-answer", "s=-").doesNotContain("o=pbx", "s=pbx-answer");
    }
}
