package io.softswitch.core.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.core.testing.FreePorts;
import io.softswitch.core.testing.Sipp;
import io.softswitch.sip.SipUri;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The B2BUA between two real SIPp peers: a PBX (UAC) and a carrier (UAS). */
class B2buaCallTest {

    private static CallRouter toGateway(int... ports) {
        return invite -> {
            List<OutboundInvite> attempts = java.util.Arrays.stream(ports).mapToObj(p -> new OutboundInvite(
                    new SipUri(null, "127.0.0.1", p, null), invite.requestUser(), invite.from().user(), null,
                    List.of(), null, null, 2000, code -> code < 300 || code == 486, "test-carrier", "gw" + p))
                    .toList();
            return new Decision.Proceed(new RoutePlan(Direction.TRUNKING_TERMINATING, "ACtest", "test-trunk",
                    invite.from().user(), invite.requestUser(), false, attempts, RoutePlan.Limits.NONE));
        };
    }

    @Test
    void basicCallIsBridgedAndRecorded() throws Exception {
        int carrier = FreePorts.udpAndTcp();
        try (EngineHarness h = new EngineHarness(toGateway(carrier), new DirectMedia());
                Sipp.Running uas = Sipp.scenario("uas-answer.xml").localPort(carrier).startServer()) {
            Sipp.Result uac = Sipp.scenario("uac-call.xml").arg("-s", "+14155550100").runAgainst(h.port);
            Sipp.Result uasResult = uas.await();
            assertThat(uac.allCallsSucceeded()).as(uac.toString()).isTrue();
            assertThat(uasResult.allCallsSucceeded()).as(uasResult.toString()).isTrue();
            CallSummary cdr = h.awaitRecord(Duration.ofSeconds(5));
            assertThat(cdr.status()).isEqualTo(CallStatus.COMPLETED);
            assertThat(cdr.hangupBy()).isEqualTo(HangupBy.CALLER);
            assertThat(cdr.attempts()).isEqualTo(1);
            assertThat(cdr.sid()).matches("CA[0-9a-f]{32}");
            assertThat(h.engine.activeCalls()).isZero();
        }
    }

    @Test
    void basicCallOverTcp() throws Exception {
        int carrier = FreePorts.udpAndTcp();
        try (EngineHarness h = new EngineHarness(toGateway(carrier), new DirectMedia());
                Sipp.Running uas = Sipp.scenario("uas-answer.xml").localPort(carrier).startServer()) {
            Sipp.Result uac = Sipp.scenario("uac-call.xml").tcp().arg("-s", "+14155550100").runAgainst(h.port);
            assertThat(uac.allCallsSucceeded()).as(uac.toString()).isTrue();
            assertThat(uas.await().allCallsSucceeded()).isTrue();
            assertThat(h.awaitRecord(Duration.ofSeconds(5)).status()).isEqualTo(CallStatus.COMPLETED);
        }
    }
}
