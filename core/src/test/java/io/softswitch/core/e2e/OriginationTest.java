package io.softswitch.core.e2e;

import static io.softswitch.core.e2e.Peers.DIALED;
import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.config.Provisioning;
import io.softswitch.config.provisioning.NumberNormalization;
import io.softswitch.config.provisioning.OriginationUrl;
import io.softswitch.config.provisioning.PhoneNumber;
import io.softswitch.core.testing.FreePorts;
import io.softswitch.core.testing.Sipp;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Carrier -> softswitch -> PBX (DESIGN.md §3, origination). Every peer is on loopback, so the
 * carrier sends from 127.0.0.2 (its inbound IP) and the PBX trunk's ACL is 127.0.0.1/32 only.
 */
class OriginationTest {
    private static final String CARRIER_IP = "127.0.0.2";

    private static Provisioning numberOnTrunk(int firstPort, int secondPort) {
        var trunk = Demo.trunk("pbx", List.of("127.0.0.1/32"), List.of(), NumberNormalization.STRICT, 0, 0, List.of(
                new OriginationUrl("ou20", "sip:127.0.0.1:" + secondPort, 20, 10, true),
                new OriginationUrl("ou10", "sip:127.0.0.1:" + firstPort, 10, 10, true)));
        return Demo.of(List.of(trunk), List.of(Demo.carrier("carrier", List.of(CARRIER_IP + "/32"), FreePorts.udpAndTcp())),
                List.of(new PhoneNumber(null, Demo.ACCOUNT, DIALED, "pbx")), List.of());
    }

    @Test
    void carrierCallForANumberReachesThePriority10UrlWithDiversion() throws Exception {
        int first = FreePorts.udpAndTcp();
        int second = FreePorts.udpAndTcp();
        try (E2eDaemon d = new E2eDaemon(numberOnTrunk(first, second));
                Sipp.Running pbx = Sipp.scenario("uas-answer.xml").localPort(first).startServer();
                Sipp.Running backup = Sipp.scenario("uas-answer.xml").localPort(second).startServer()) {
            Sipp.Result carrier = Sipp.scenario("uac-call.xml").localIp(CARRIER_IP).arg("-s", DIALED)
                    .runAgainst(d.sipPort);
            Sipp.Result uas = pbx.await();
            assertThat(carrier.allCallsSucceeded()).as(carrier.toString()).isTrue();
            assertThat(uas.allCallsSucceeded()).as(uas.toString()).isTrue();
            assertThat(uas.logged("RURI-USER")).containsExactly(DIALED);
            assertThat(uas.received("INVITE").get(0).header("Diversion")).hasValueSatisfying(
                    v -> assertThat(v).contains("<sip:" + DIALED + "@").contains("reason=unconditional"));
            d.awaitCalls("completed", 1);
            assertThat(backup.stop().received("INVITE")).isEmpty();
        }
    }

    @Test
    void whenThePriority10UrlAnswers503ThePriority20UrlGetsTheCall() throws Exception {
        int first = FreePorts.udpAndTcp();
        int second = FreePorts.udpAndTcp();
        try (E2eDaemon d = new E2eDaemon(numberOnTrunk(first, second));
                Sipp.Running pbx = Peers.unavailable(first).startServer();
                Sipp.Running backup = Sipp.scenario("uas-answer.xml").localPort(second).startServer()) {
            Sipp.Result carrier = Sipp.scenario("uac-call.xml").localIp(CARRIER_IP).arg("-s", DIALED)
                    .runAgainst(d.sipPort);
            assertThat(carrier.allCallsSucceeded()).as(carrier.toString()).isTrue();
            Sipp.Result refused = pbx.await();
            Sipp.Result answered = backup.await();
            assertThat(refused.allCallsSucceeded()).as(refused.toString()).isTrue();
            assertThat(refused.logged("RURI-USER")).containsExactly(DIALED);
            assertThat(answered.allCallsSucceeded()).as(answered.toString()).isTrue();
            assertThat(answered.received("INVITE").get(0).header("Diversion")).isPresent();
            d.awaitCalls("completed", 1);
        }
    }
}
