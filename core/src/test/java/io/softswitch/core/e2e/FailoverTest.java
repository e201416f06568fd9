package io.softswitch.core.e2e;

import static io.softswitch.core.e2e.Peers.DIALED;
import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.core.testing.FreePorts;
import io.softswitch.core.testing.Sipp;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Gateway failover (DESIGN.md §3 step 8): retryable answers and silence move on; final answers stop. */
class FailoverTest {

    @Test
    void carrier503OnGateway1FailsOverToGateway2() throws Exception {
        int gw1 = FreePorts.udpAndTcp();
        int gw2 = FreePorts.udpAndTcp();
        try (E2eDaemon d = new E2eDaemon(Demo.termination(Demo.carrier("carrier", List.of(), gw1, gw2)));
                Sipp.Running first = Peers.unavailable(gw1).startServer();
                Sipp.Running second = Sipp.scenario("uas-answer.xml").localPort(gw2).startServer()) {
            Sipp.Result pbx = Peers.pbx("uac-final.xml", DIALED).runAgainst(d.sipPort);
            assertThat(pbx.allCallsSucceeded()).as(pbx.toString()).isTrue();
            assertThat(Peers.finals(pbx)).containsExactly("200 OK");
            Sipp.Result r1 = first.await();
            Sipp.Result r2 = second.await();
            assertThat(r1.allCallsSucceeded()).as(r1.toString()).isTrue();
            assertThat(r1.logged("RURI-USER")).containsExactly(DIALED);
            assertThat(r2.allCallsSucceeded()).as(r2.toString()).isTrue();
            assertThat(r2.logged("RURI-USER")).containsExactly(DIALED);
            d.awaitCalls("completed", 1);
        }
    }

    @Test
    void carrier486DoesNotFailOverAndThePbxGets486() throws Exception {
        int gw1 = FreePorts.udpAndTcp();
        int gw2 = FreePorts.udpAndTcp();
        try (E2eDaemon d = new E2eDaemon(Demo.termination(Demo.carrier("carrier", List.of(), gw1, gw2)));
                Sipp.Running first = Peers.busy(gw1).startServer();
                Sipp.Running second = Sipp.scenario("uas-answer.xml").localPort(gw2).startServer()) {
            Sipp.Result pbx = Peers.pbx("uac-final.xml", DIALED).runAgainst(d.sipPort);
            assertThat(pbx.allCallsSucceeded()).as(pbx.toString()).isTrue();
            assertThat(Peers.finals(pbx)).containsExactly("486 Busy Here");
            Sipp.Result r1 = first.await();
            assertThat(r1.allCallsSucceeded()).as(r1.toString()).isTrue();
            d.awaitCalls("busy", 1);
            assertThat(second.stop().received("INVITE")).isEmpty();
        }
    }

    @Test
    void silentGateway1FailsOverToGateway2AfterTheAttemptTimerAndIsCancelled() throws Exception {
        int gw1 = FreePorts.udpAndTcp();
        int gw2 = FreePorts.udpAndTcp();
        try (E2eDaemon d = new E2eDaemon(Demo.termination(Demo.carrier("carrier", List.of(), 1000, "udp", 0, gw1, gw2)));
                Sipp.Running first = Sipp.scenario("uas-silent.xml").localPort(gw1).startServer();
                Sipp.Running second = Sipp.scenario("uas-answer.xml").localPort(gw2).startServer()) {
            long t0 = System.nanoTime();
            Sipp.Result pbx = Peers.pbx("uac-final.xml", DIALED).runAgainst(d.sipPort);
            assertThat(pbx.allCallsSucceeded()).as(pbx.toString()).isTrue();
            assertThat(Peers.finals(pbx)).containsExactly("200 OK");
            assertThat(System.nanoTime() - t0).as("waited for the 1 s attempt timer").isGreaterThan(1_000_000_000L);
            // The abandoned attempt got a CANCEL, answered it 200 + 487 and got the ACK for its 487.
            Sipp.Result r1 = first.await();
            assertThat(r1.allCallsSucceeded()).as(r1.toString()).isTrue();
            assertThat(r1.received("CANCEL")).isNotEmpty();
            assertThat(second.await().allCallsSucceeded()).isTrue();
            d.awaitCalls("completed", 1);
        }
    }
}
