package io.softswitch.core.e2e;

import static io.softswitch.core.e2e.Peers.DIALED;
import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.config.Provisioning;
import io.softswitch.config.provisioning.NumberNormalization;
import io.softswitch.core.testing.FreePorts;
import io.softswitch.core.testing.Sipp;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Trunk CPS and concurrency limits (DESIGN.md §3 step 4) under a SIPp storm: the excess calls get
 * exactly Twilio's 503 reason phrases, the admitted ones connect, and every permit is given back.
 */
class LimitsTest {
    private static final String CPS_EXCEEDED = "503 Trunk CPS limit exceeded";
    private static final String CONCURRENCY_EXCEEDED = "503 Trunk concurrent call limit exceeded";

    private static Provisioning limited(int cps, int concurrent, int carrierPort) {
        return Demo.of(List.of(Demo.trunk("pbx", List.of("127.0.0.0/8"), List.of(), NumberNormalization.STRICT, cps,
                concurrent, List.of())), List.of(Demo.carrier("carrier", List.of(), carrierPort)), List.of(),
                List.of(Demo.defaultRoute("carrier")));
    }

    /** {@code n} calls started 10 ms apart, each held {@code holdMs} once answered. */
    private static Sipp storm(int n, int holdMs) {
        return Peers.pbx("uac-final.xml", DIALED).calls(n).arg("-r", "100", "-l", Integer.toString(n),
                "-d", Integer.toString(holdMs));
    }

    @Test
    void callsAboveTheTrunkCpsLimitGet503TrunkCpsLimitExceeded() throws Exception {
        int gw = FreePorts.udpAndTcp();
        try (E2eDaemon d = new E2eDaemon(limited(1, 0, gw));
                Sipp.Running carrier = Sipp.scenario("uas-answer.xml").localPort(gw).calls(5).startServer()) {
            Sipp.Result pbx = storm(5, 0).runAgainst(d.sipPort);
            assertThat(pbx.allCallsSucceeded()).as(pbx.toString()).isTrue();
            List<String> finals = Peers.finals(pbx);
            long admitted = finals.stream().filter("200 OK"::equals).count();
            long refused = finals.stream().filter(CPS_EXCEEDED::equals).count();
            assertThat(finals).as(finals.toString()).hasSize(5);
            assertThat(admitted + refused).as(finals.toString()).isEqualTo(5);
            // A bucket of one second's worth (1 call): 5 calls within 50 ms leave 3 or 4 over the limit
            // even on a slow machine.
            assertThat(refused).as(finals.toString()).isBetween(3L, 4L);
            d.awaitCalls("completed", (int) admitted);
            d.awaitCalls("failed", (int) refused);
            assertThat(carrier.stop().received("INVITE")).hasSize((int) admitted);
        }
    }

    @Test
    void callsAboveTheTrunkConcurrencyLimitGet503AndThePermitsComeBack() throws Exception {
        int gw = FreePorts.udpAndTcp();
        try (E2eDaemon d = new E2eDaemon(limited(0, 2, gw));
                Sipp.Running carrier = Sipp.scenario("uas-answer.xml").localPort(gw).calls(4).startServer()) {
            // 5 calls within 50 ms, each held 1.5 s: the first two take the trunk, the others are refused.
            Sipp.Result pbx = storm(5, 1500).runAgainst(d.sipPort);
            assertThat(pbx.allCallsSucceeded()).as(pbx.toString()).isTrue();
            assertThat(Peers.finals(pbx)).as(pbx.toString()).containsExactlyInAnyOrder("200 OK", "200 OK",
                    CONCURRENCY_EXCEEDED, CONCURRENCY_EXCEEDED, CONCURRENCY_EXCEEDED);
            d.awaitCalls("completed", 2);
            assertThat(d.calls("failed")).isEqualTo(3);
            // The counter is back at zero: two simultaneous calls fit again.
            Sipp.Result again = storm(2, 500).runAgainst(d.sipPort);
            assertThat(Peers.finals(again)).as(again.toString()).containsExactly("200 OK", "200 OK");
            Sipp.Result uas = carrier.await();
            assertThat(uas.allCallsSucceeded()).as(uas.toString()).isTrue();
            d.awaitCalls("completed", 4);
            assertThat(d.calls("failed")).isEqualTo(3);
        }
    }

    @Test
    void aFullCarrierIsSkippedAndItsPermitComesBack() throws Exception {
        int gw = FreePorts.udpAndTcp();
        Provisioning p = Demo.termination(Demo.carrier("carrier", List.of(), 2000, "udp", 1, gw));
        try (E2eDaemon d = new E2eDaemon(p);
                Sipp.Running carrier = Sipp.scenario("uas-answer.xml").localPort(gw).calls(2).startServer()) {
            Sipp.Result pbx = storm(2, 1500).runAgainst(d.sipPort);
            assertThat(Peers.finals(pbx)).as(pbx.toString()).containsExactlyInAnyOrder("200 OK",
                    "503 Carrier limit exceeded");
            d.awaitCalls("completed", 1);
            Sipp.Result again = storm(1, 0).runAgainst(d.sipPort);
            assertThat(Peers.finals(again)).as(again.toString()).containsExactly("200 OK");
            assertThat(carrier.await().allCallsSucceeded()).isTrue();
            d.awaitCalls("completed", 2);
        }
    }
}
