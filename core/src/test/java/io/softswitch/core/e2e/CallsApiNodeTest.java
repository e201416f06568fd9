package io.softswitch.core.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.softswitch.core.testing.Command;
import io.softswitch.core.testing.FreePorts;
import io.softswitch.core.testing.Sipp;
import io.softswitch.core.testing.TestSwitch;
import io.softswitch.core.testing.TwilioNode;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 19 with Twilio's Node helper library ({@code twilio@6.3.1}, {@code npm ci} of the committed
 * lock file): {@code client.calls.create({twiml, to, from})} places a call to a SIPp carrier that
 * answers, the script polls {@code calls(sid).fetch()} until the live call is {@code in-progress},
 * then {@code calls(sid).update({status: 'completed'})} hangs it up: the carrier must see the BYE.
 */
class CallsApiNodeTest {
    private static final String NUMBER = "+14155550142";
    private static final String CALLEE = "+14155550100";

    /** Closed after each test, its webhook servers first. */
    @AutoClose
    private TestSwitch sw;
    private int carrierPort;

    @BeforeEach
    void start() throws Exception {
        sw = TestSwitch.start("calls-node");
        carrierPort = FreePorts.udpAndTcp();
        sw.daemon().snapshots().replace(Demo.withNumber(carrierPort, Demo.trunkNumber(sw.accountSid(), NUMBER),
                List.of(Demo.defaultRoute("carrier"))));
    }

    @Test
    void nodeHelperLibraryCreatesACallAndHangsItUpAndTheCarrierSeesBye() throws Exception {
        try (DatagramSocket rtp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                Sipp.Running carrier = Peers.answering(carrierPort, rtp).startServer()) {
            // The TwiML would hold the call for a minute: only the API's hang-up can end it in time.
            Command.Result run = TwilioNode.script("calls.js", List.of(sw.apiBase(),
                    sw.accountSid(), sw.authToken(), CALLEE, NUMBER, "<Response><Pause length=\"60\"/></Response>"),
                    Duration.ofSeconds(90));
            assertThat(run.exit()).as(run.out() + run.err()).isZero();
            JsonNode result = new ObjectMapper().readTree(run.out().lines().reduce((a, b) -> b).orElseThrow());
            String sid = result.get("sid").asText();
            assertThat(sid).startsWith("CA");
            assertThat(result.get("direction").asText()).isEqualTo("outbound-api");
            assertThat(result.get("seen").get(0).asText()).isEqualTo("queued");
            assertThat(result.get("seen").get(result.get("seen").size() - 1).asText()).isEqualTo("in-progress");
            assertThat(result.get("afterUpdate").asText()).isEqualTo("completed");

            Sipp.Result seen = carrier.await();
            assertThat(seen.allCallsSucceeded()).as(seen.toString()).isTrue();
            assertThat(seen.logged("RURI-USER")).containsExactly(CALLEE);
            assertThat(seen.received("BYE")).as("the API's hang-up reached the carrier").hasSize(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> sw.daemon().engine().activeCalls() == 0);
            // The record: hung up by the API within seconds, not by the TwiML's minute-long pause.
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
                com.twilio.rest.api.v2010.account.Call record = com.twilio.rest.api.v2010.account.Call.fetcher(sid)
                        .fetch(sw.client());
                assertThat(record.getStatus()).isEqualTo(com.twilio.rest.api.v2010.account.Call.Status.COMPLETED);
                assertThat(Integer.parseInt(record.getDuration())).isLessThan(15);
            });
        }
    }
}
