package io.softswitch.core.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.rest.api.v2010.account.Recording;
import com.twilio.type.PhoneNumber;
import com.twilio.type.Twiml;
import io.softswitch.core.testing.FreePorts;
import io.softswitch.core.testing.Sipp;
import io.softswitch.core.testing.TestSwitch;
import io.softswitch.core.testing.WebhookServer;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, {@code Record=true} when the disk guard refuses ({@code recordings.min_free_mb} above
 * the free space): the call goes on unrecorded, no Recording exists, and a
 * {@code RecordingStatusCallbackEvent=absent} subscriber is told {@code absent}, signed.
 */
class CallsApiRecordingAbsentTest {
    private static final String NUMBER = "+14155550142";
    private static final String CALLEE = "+14155550100";

    /** Closed after each test, its webhook servers first. */
    @AutoClose
    private TestSwitch sw;
    private WebhookServer webhooks;

    @BeforeEach
    void start() throws Exception {
        sw = TestSwitch.start("calls-absent", "recordings:\n  min_free_mb: 1000000\n"); // 1 TB free needed: refused
        webhooks = sw.callbackWebhooks();
    }

    @Test
    void aRefusedRecordingLeavesTheCallAloneAndTellsAbsent() throws Exception {
        List<Map<String, String>> callbacks = webhooks.requests().all();
        int carrierPort = FreePorts.udpAndTcp();
        sw.daemon().snapshots().replace(Demo.withNumber(carrierPort, Demo.trunkNumber(sw.accountSid(), NUMBER),
                List.of(Demo.defaultRoute("carrier"))));
        TwilioRestClient client = sw.client();
        try (DatagramSocket rtp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                Sipp.Running carrier = Peers.answering(carrierPort, rtp).startServer()) {
            Call call = Call.creator(new PhoneNumber(CALLEE), new PhoneNumber(NUMBER),
                    new Twiml("<Response><Pause length=\"1\"/></Response>"))
                    .setRecord(true).setRecordingStatusCallback(webhooks.base() + "/recording")
                    .setRecordingStatusCallbackEvent(List.of("completed", "absent"))
                    .create(client);
            Sipp.Result seen = carrier.await();
            assertThat(seen.allCallsSucceeded()).as("the call went on unrecorded: " + seen).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> !callbacks.isEmpty());
            assertThat(callbacks).singleElement().satisfies(p -> assertThat(p).containsEntry("_path", "/recording")
                    .containsEntry("CallSid", call.getSid()).containsEntry("RecordingStatus", "absent")
                    .containsEntry("RecordingSource", "OutboundAPI").doesNotContainKey("RecordingSid"));
            assertThat(webhooks.requests().badSignatures()).isEmpty();
            assertThat(Recording.reader().setCallSid(call.getSid()).read(client)).isEmpty();
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> assertThat(
                    Call.fetcher(call.getSid()).fetch(client).getStatus()).isEqualTo(Call.Status.COMPLETED));
        }
    }
}
