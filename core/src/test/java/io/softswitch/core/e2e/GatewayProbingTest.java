package io.softswitch.core.e2e;

import static io.softswitch.core.e2e.Peers.DIALED;
import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.config.provisioning.Carrier;
import io.softswitch.core.testing.FreePorts;
import io.softswitch.core.testing.Sipp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * OPTIONS health probing feeds routing (DESIGN.md §3 step 8): a gateway that answers its probes
 * with 503 is marked down ({@code carrier.gateway.up} = 0) and new calls skip it instead of paying
 * a failed attempt; with every gateway down the PBX is refused at once.
 */
class GatewayProbingTest {
    /** Long enough that a call which waited for it could not pass for one refused at once. */
    private static final int FAILOVER_TIMER_MS = 8000;
    /** Probes a 503 gateway may get before the test stops it (the prober sends one a second). */
    private static final String MANY = "1000";

    private static Carrier probed(int... gatewayPorts) {
        return Demo.withProbing(Demo.carrier("carrier", List.of(), FAILOVER_TIMER_MS, "udp", 0, gatewayPorts), 1);
    }

    private static void awaitDown(E2eDaemon d, String gateway) {
        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> Double.valueOf(0).equals(d.gauge("carrier.gateway.up", "gateway", gateway)));
    }

    @Test
    void gatewayMarkedDownByProbesIsSkippedAndTheCallGoesStraightToGateway2() throws Exception {
        int gw1 = FreePorts.udpAndTcp();
        int gw2 = FreePorts.udpAndTcp();
        try (Sipp.Running first = Sipp.scenario("uas-options-503.xml").localPort(gw1).arg("-m", MANY).startServer();
                Sipp.Running second = Sipp.scenario("uas-answer-probed.xml").localPort(gw2).arg("-m", MANY)
                        .startServer();
                E2eDaemon d = new E2eDaemon(Demo.termination(probed(gw1, gw2)))) {
            awaitDown(d, "gw1");
            long t0 = System.nanoTime();
            Sipp.Result pbx = Peers.pbx("uac-final.xml", DIALED).runAgainst(d.sipPort);
            assertThat(pbx.allCallsSucceeded()).as(pbx.toString()).isTrue();
            assertThat(Peers.finals(pbx)).containsExactly("200 OK");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("no attempt waited on gw1")
                    .isLessThan(Duration.ofMillis(FAILOVER_TIMER_MS / 2));
            d.awaitCalls("completed", 1);
            Map<String, Object> cdr = d.awaitCdrs(1).get(0);
            assertThat(((Number) cdr.get("attempts")).intValue()).isEqualTo(1);
            assertThat(cdr).containsEntry("status", "completed");
            Sipp.Result down = first.stop();
            assertThat(down.received("OPTIONS")).as("gw1 was probed").hasSizeGreaterThanOrEqualTo(3);
            assertThat(down.received("INVITE")).as("gw1 got no INVITE").isEmpty();
            Sipp.Result up = second.stop();
            assertThat(up.received("INVITE")).hasSize(1);
            assertThat(up.logged("RURI-USER")).containsExactly(DIALED);
            Double gw2Up = d.gauge("carrier.gateway.up", "gateway", "gw2"); // registered on the first change only
            assertThat(gw2Up == null || gw2Up == 1.0).as("gw2 never went down: %s", gw2Up).isTrue();
        }
    }

    @Test
    void allGatewaysDownRefusesThePbxWith503AtOnceAndNoInviteLeaves() throws Exception {
        int gw1 = FreePorts.udpAndTcp();
        int gw2 = FreePorts.udpAndTcp();
        try (Sipp.Running first = Sipp.scenario("uas-options-503.xml").localPort(gw1).arg("-m", MANY).startServer();
                Sipp.Running second = Sipp.scenario("uas-options-503.xml").localPort(gw2).arg("-m", MANY)
                        .startServer();
                E2eDaemon d = new E2eDaemon(Demo.termination(probed(gw1, gw2)))) {
            awaitDown(d, "gw1");
            awaitDown(d, "gw2");
            long t0 = System.nanoTime();
            Sipp.Result pbx = Peers.pbx("uac-final.xml", DIALED).runAgainst(d.sipPort);
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(pbx.allCallsSucceeded()).as(pbx.toString()).isTrue();
            assertThat(Peers.finals(pbx)).singleElement().asString().startsWith("503");
            assertThat(took).as("refused without waiting for a failover timer").isLessThan(Duration.ofMillis(
                    FAILOVER_TIMER_MS / 4));
            Map<String, Object> cdr = d.awaitCdrs(1).get(0);
            assertThat(cdr).containsEntry("status", "failed");
            assertThat(((Number) cdr.get("sip_response_code")).intValue()).isEqualTo(503);
            assertThat(((Number) cdr.get("attempts")).intValue()).isZero();
            assertThat(first.stop().received("INVITE")).isEmpty();
            assertThat(second.stop().received("INVITE")).isEmpty();
            Peers.awaitIdle(d);
        }
    }
}
