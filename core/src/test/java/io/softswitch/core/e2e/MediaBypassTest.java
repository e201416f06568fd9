package io.softswitch.core.e2e;

import static io.softswitch.core.e2e.Peers.DIALED;
import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.core.testing.FreePorts;
import io.softswitch.core.testing.Sipp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code media.mode: bypass}: the call is set up and recorded as usual, but the SDP reaches each
 * side exactly as the other sent it (RTP flows end to end) and no relay exists.
 */
class MediaBypassTest {

    @Test
    void sdpPassesUnchangedBothWaysAndNoRelayRuns() throws Exception {
        int carrierPort = FreePorts.udpAndTcp();
        try (E2eDaemon d = new E2eDaemon(Demo.termination(Demo.carrier("carrier", List.of(), carrierPort)),
                "mode: bypass");
                Sipp.Running carrier = Sipp.scenario("uas-answer.xml").localPort(carrierPort).startServer()) {
            Sipp.Result pbx = Sipp.scenario("uac-call.xml").arg("-s", DIALED).runAgainst(d.sipPort);
            Sipp.Result uas = carrier.await();
            assertThat(pbx.allCallsSucceeded()).as(pbx.toString()).isTrue();
            assertThat(uas.allCallsSucceeded()).as(uas.toString()).isTrue();

            String offered = pbx.sent().get(0).body();
            String answered = uas.sent().stream().filter(m -> m.status() == 200 && !m.body().isEmpty())
                    .findFirst().orElseThrow().body();
            assertThat(offered).contains("m=audio");
            assertThat(uas.received("INVITE").get(0).body()).isEqualTo(offered);
            assertThat(pbx.receivedResponses(200).get(0).body()).isEqualTo(answered);

            assertThat(d.daemon.metrics().registry().find("media.sessions.active").gauge())
                    .as("no relay in bypass mode").isNull();
            d.awaitCalls("completed", 1);
            Map<String, Object> cdr = d.awaitCdrs(1).get(0);
            assertThat(cdr).containsEntry("status", "completed");
        }
    }
}
