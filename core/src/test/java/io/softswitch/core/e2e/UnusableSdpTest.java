package io.softswitch.core.e2e;

import static io.softswitch.core.e2e.Peers.DIALED;
import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.core.testing.FreePorts;
import io.softswitch.core.testing.Sipp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SDP the relay cannot use is a clear SIP error, never a crash or a half-set-up call: a PBX offer
 * without audio or with a broken m= line gets {@code 488} before any carrier is bothered; a
 * carrier's unusable answer ends its leg cleanly (ACK, BYE) and the PBX gets {@code 488}.
 */
class UnusableSdpTest {

    private static void pbxOfferIsRefusedWith488AndTheCarrierSeesNothing(String mLine) throws Exception {
        int gw = FreePorts.udpAndTcp();
        try (E2eDaemon d = new E2eDaemon(Demo.termination(Demo.carrier("carrier", List.of(), gw)));
                Sipp.Running carrier = Sipp.scenario("uas-answer.xml").localPort(gw).startServer()) {
            Sipp.Result pbx = Peers.pbx("uac-offer.xml", DIALED).key("m_line", mLine).runAgainst(d.sipPort);
            assertThat(pbx.allCallsSucceeded()).as(pbx.toString()).isTrue();
            assertThat(Peers.finals(pbx)).containsExactly("488 Not Acceptable Here");
            Map<String, Object> cdr = d.awaitCdrs(1).get(0);
            assertThat(cdr).containsEntry("status", "failed");
            assertThat(((Number) cdr.get("sip_response_code")).intValue()).isEqualTo(488);
            assertThat(((Number) cdr.get("attempts")).intValue()).isZero();
            Peers.awaitIdle(d);
            assertThat(carrier.stop().messages()).isEmpty();
        }
    }

    @Test
    void pbxOfferWithoutAudioGets488AndTheCarrierSeesNothing() throws Exception {
        pbxOfferIsRefusedWith488AndTheCarrierSeesNothing("video 6000 RTP/AVP 31");
    }

    @Test
    void pbxOfferWithAMalformedMediaLineGets488AndTheCarrierSeesNothing() throws Exception {
        pbxOfferIsRefusedWith488AndTheCarrierSeesNothing("audio 70000 RTP/AVP 0");
    }

    @Test
    void unusableCarrierAnswerGivesThePbx488AndTheCarrierLegIsAckedAndEnded() throws Exception {
        int gw = FreePorts.udpAndTcp();
        try (E2eDaemon d = new E2eDaemon(Demo.termination(Demo.carrier("carrier", List.of(), gw)));
                Sipp.Running carrier = Sipp.scenario("uas-answer-bad-sdp.xml").localPort(gw).startServer()) {
            Sipp.Result pbx = Peers.pbx("uac-final.xml", DIALED).runAgainst(d.sipPort);
            assertThat(pbx.allCallsSucceeded()).as(pbx.toString()).isTrue();
            assertThat(Peers.finals(pbx)).containsExactly("488 Not Acceptable Here");
            // The scenario requires the ACK for its 200 and then a BYE; it answers the BYE 200.
            Sipp.Result uas = carrier.await();
            assertThat(uas.allCallsSucceeded()).as(uas.toString()).isTrue();
            assertThat(uas.received("ACK")).hasSize(1);
            assertThat(uas.received("BYE")).hasSize(1);
            Map<String, Object> cdr = d.awaitCdrs(1).get(0);
            assertThat(cdr).containsEntry("status", "failed").containsEntry("hangup_by", "system");
            assertThat(((Number) cdr.get("sip_response_code")).intValue()).isEqualTo(488);
            assertThat(cdr.get("answer_time")).as("the PBX never got an answer").isNull();
            Peers.awaitIdle(d);
        }
    }
}
