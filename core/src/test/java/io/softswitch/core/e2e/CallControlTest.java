package io.softswitch.core.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.Account;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.rest.api.v2010.account.call.Notification;
import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Pause;
import com.twilio.twiml.voice.Reject;
import io.softswitch.config.provisioning.NumberNormalization;
import io.softswitch.config.provisioning.OriginationUrl;
import io.softswitch.config.provisioning.PhoneNumber;
import io.softswitch.config.provisioning.Trunk;
import io.softswitch.config.provisioning.VoiceWebhooks;
import io.softswitch.core.testing.FreePorts;
import io.softswitch.core.testing.Sipp;
import io.softswitch.core.testing.TestSwitch;
import io.softswitch.core.testing.WebhookServer;
import io.softswitch.core.testing.TwilioLoopback;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 19: live calls driven through {@code POST .../Calls/{Sid}.json} with Twilio's own Java
 * helper library, against real peers: SIPp PBX and carrier for trunk calls, SIPp caller and an
 * in-test webhook server (checking every signature with Twilio's {@code RequestValidator}) for a
 * number's TwiML calls. Every assertion is on what a peer saw (BYE, CANCEL, 487, webhook requests)
 * or on the call record.
 */
class CallControlTest {
    private static final String NUMBER = "+14155550142";
    private static final String CARRIER_IP = "127.0.0.2";

    /** Closed after each test, its webhook servers first. */
    @AutoClose
    private TestSwitch sw;
    private int carrierPort;
    private TwilioRestClient client;
    private WebhookServer webhooks;
    private String base;
    private List<Map<String, String>> requests;
    private List<String> badSignatures;

    @BeforeEach
    void start() throws Exception {
        sw = TestSwitch.start("control");
        carrierPort = FreePorts.udpAndTcp();
        client = sw.client();
        webhooks = sw.twimlWebhooks();
        requests = webhooks.requests().all();
        badSignatures = webhooks.requests().badSignatures();
        base = webhooks.base();
        Trunk pbx = new Trunk(null, sw.accountSid(), "pbx", null, List.of("127.0.0.1/32"), List.of(), null,
                NumberNormalization.STRICT, "US", 0, 0, false, false, List.of(), List.of(), List.of());
        sw.daemon().snapshots().replace(Demo.withNumber(pbx, carrierPort, Demo.twimlNumber(sw.accountSid(), NUMBER,
                new VoiceWebhooks(base + "/voice", "POST", base + "/fallback", "POST", null, "POST")),
                List.of(Demo.defaultRoute("carrier"))));
    }

    @Test
    void completedHangsUpALiveTrunkCallWithByeToBothPartiesAndTheRecordSaysApi() throws Exception {
        try (Sipp.Running carrier = Sipp.scenario("uas-answer.xml").localPort(carrierPort).startServer();
                Sipp.Running pbx = Sipp.scenario("uac-call-until-bye.xml").arg("-s", Peers.DIALED)
                        .startAgainst(sw.sipPort())) {
            Call live = awaitLive(Call.Status.IN_PROGRESS);
            assertThat(live.getDirection()).isEqualTo("trunking-terminating");
            assertThat(live.getTo()).isEqualTo(Peers.DIALED);
            assertThat(live.getStartTime()).isNotNull();
            assertThat(live.getEndTime()).isNull();
            Call fetched = Call.fetcher(live.getSid()).fetch(client);
            assertThat(fetched.getStatus()).isEqualTo(Call.Status.IN_PROGRESS);

            Call updated = Call.updater(live.getSid()).setStatus(Call.UpdateStatus.COMPLETED).update(client);
            assertThat(updated.getStatus()).isEqualTo(Call.Status.COMPLETED);

            Sipp.Result caller = pbx.await();
            assertThat(caller.allCallsSucceeded()).as(caller.toString()).isTrue();
            assertThat(caller.received("BYE")).hasSize(1);
            Sipp.Result callee = carrier.await();
            assertThat(callee.allCallsSucceeded()).as(callee.toString()).isTrue();
            assertThat(callee.received("BYE")).hasSize(1);

            Map<String, Object> cdr = awaitRecord(live.getSid());
            assertThat(cdr).containsEntry("status", "completed").containsEntry("hangup_by", "api");
            ApiException finished = catchApi(() -> Call.updater(live.getSid()).setStatus(Call.UpdateStatus.COMPLETED)
                    .update(client));
            assertThat(finished.getStatusCode()).isEqualTo(400);
            assertThat(finished.getCode()).isEqualTo(21220);
            assertThat(Call.fetcher(live.getSid()).fetch(client).getStatus()).isEqualTo(Call.Status.COMPLETED);
        }
    }

    @Test
    void canceledCancelsARingingTrunkCallTheCarrierSeesCancelAndThePbx487() throws Exception {
        try (Sipp.Running carrier = Sipp.scenario("uas-ring-cancel.xml").localPort(carrierPort).startServer();
                Sipp.Running pbx = Peers.pbx("uac-final.xml", Peers.DIALED).startAgainst(sw.sipPort())) {
            Call ringing = awaitLive(Call.Status.RINGING);
            Call updated = Call.updater(ringing.getSid()).setStatus(Call.UpdateStatus.CANCELED).update(client);
            assertThat(updated.getStatus()).isEqualTo(Call.Status.CANCELED);

            Sipp.Result callee = carrier.await();
            assertThat(callee.allCallsSucceeded()).as(callee.toString()).isTrue();
            assertThat(callee.received("CANCEL")).hasSize(1);
            Sipp.Result caller = pbx.await();
            assertThat(Peers.finals(caller)).as(caller.toString()).containsExactly("487 Request Terminated");
            assertThat(awaitRecord(ringing.getSid())).containsEntry("status", "canceled")
                    .containsEntry("hangup_by", "api");
        }
    }

    @Test
    void canceledLeavesAnAnsweredCallUpAndRedirectOfATrunkCallIsRefused() throws Exception {
        try (Sipp.Running carrier = Sipp.scenario("uas-answer.xml").localPort(carrierPort).startServer();
                Sipp.Running pbx = Sipp.scenario("uac-call-until-bye.xml").arg("-s", Peers.DIALED)
                        .startAgainst(sw.sipPort())) {
            Call live = awaitLive(Call.Status.IN_PROGRESS);
            Call after = Call.updater(live.getSid()).setStatus(Call.UpdateStatus.CANCELED).update(client);
            assertThat(after.getStatus()).isEqualTo(Call.Status.IN_PROGRESS);
            ApiException redirect = catchApi(() -> Call.updater(live.getSid())
                    .setUrl(URI.create(base + "/next")).update(client));
            assertThat(redirect.getStatusCode()).isEqualTo(400);
            assertThat(Call.fetcher(live.getSid()).fetch(client).getStatus()).isEqualTo(Call.Status.IN_PROGRESS);
            Call.updater(live.getSid()).setStatus(Call.UpdateStatus.COMPLETED).update(client);
            assertThat(pbx.await().received("BYE")).hasSize(1);
            assertThat(carrier.await().received("BYE")).hasSize(1);
        }
    }

    @Test
    void urlRedirectsALiveTwimlCallWhoseNewDocumentHangsUp() throws Exception {
        webhooks.document("/voice", pauseFor(60));
        try (DatagramSocket rtp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                Sipp.Running caller = twimlCaller(rtp)) {
            Call live = awaitLive(Call.Status.IN_PROGRESS);
            assertThat(live.getTo()).isEqualTo(NUMBER);
            Call.updater(live.getSid()).setUrl(URI.create(base + "/next")).setMethod(com.twilio.http.HttpMethod.GET)
                    .update(client);
            Sipp.Result result = caller.await();
            // The BYE may come during the caller's scripted pause (SIPp then calls it unexpected): it is the BYE.
            assertThat(result.received("BYE")).as(result.toString()).hasSize(1);
            assertThat(requests).extracting(p -> p.get("_path")).containsExactly("/voice", "/next");
            assertThat(requests.get(1)).containsEntry("CallSid", live.getSid()).containsEntry("CallStatus", "in-progress");
            assertThat(badSignatures).isEmpty();
            assertThat(awaitRecord(live.getSid())).containsEntry("status", "completed");
        }
    }

    @Test
    void twimlGivesALiveCallNewInstructionsInline() throws Exception {
        webhooks.document("/voice", pauseFor(60));
        try (DatagramSocket rtp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                Sipp.Running caller = twimlCaller(rtp)) {
            Call live = awaitLive(Call.Status.IN_PROGRESS);
            Call.updater(live.getSid()).setTwiml(new VoiceResponse.Builder()
                    .redirect(new com.twilio.twiml.voice.Redirect.Builder(base + "/inline-next").build()).build().toXml())
                    .update(client);
            Sipp.Result result = caller.await();
            assertThat(result.received("BYE")).as(result.toString()).hasSize(1);
            assertThat(requests).extracting(p -> p.get("_path")).containsExactly("/voice", "/inline-next");
            ApiException bad = catchApi(() -> Call.updater(live.getSid()).setTwiml("<Response><Dance/></Response>")
                    .update(client));
            assertThat(bad.getStatusCode()).isEqualTo(400);
        }
    }

    @Test
    void completedHangsUpALiveTwimlCall() throws Exception {
        webhooks.document("/voice", pauseFor(60));
        try (DatagramSocket rtp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                Sipp.Running caller = twimlCaller(rtp)) {
            Call live = awaitLive(Call.Status.IN_PROGRESS);
            Call.updater(live.getSid()).setStatus(Call.UpdateStatus.COMPLETED).update(client);
            Sipp.Result result = caller.await();
            assertThat(result.received("BYE")).as(result.toString()).hasSize(1);
            assertThat(awaitRecord(live.getSid())).containsEntry("status", "completed")
                    .containsEntry("hangup_by", "api");
        }
    }

    @Test
    void canceledRefusesARingingTwimlCall487() throws Exception {
        CountDownLatch holdVoice = new CountDownLatch(1);
        webhooks.hold("/voice", holdVoice); // the application has not answered yet: the call rings
        webhooks.document("/voice", pauseFor(60));
        try (Sipp.Running caller = Peers.pbx("uac-final.xml", NUMBER).localIp(CARRIER_IP).startAgainst(sw.sipPort())) {
            Call ringing = awaitLive(Call.Status.RINGING);
            Call.updater(ringing.getSid()).setStatus(Call.UpdateStatus.CANCELED).update(client);
            Sipp.Result result = caller.await();
            assertThat(Peers.finals(result)).as(result.toString()).containsExactly("487 Request Terminated");
            holdVoice.countDown();
            assertThat(awaitRecord(ringing.getSid())).containsEntry("status", "canceled")
                    .containsEntry("hangup_by", "api");
        }
    }

    @Test
    void anotherAccountsLiveCallAndAnUnknownSidAre404() throws Exception {
        Account sub = Account.creator().setFriendlyName("tenant").create(client);
        TwilioRestClient other = TwilioLoopback.client(sw.daemon().httpPort(), sub.getSid(), sub.getAuthToken());
        try (Sipp.Running carrier = Sipp.scenario("uas-answer.xml").localPort(carrierPort).startServer();
                Sipp.Running pbx = Sipp.scenario("uac-call-until-bye.xml").arg("-s", Peers.DIALED)
                        .startAgainst(sw.sipPort())) {
            Call live = awaitLive(Call.Status.IN_PROGRESS);
            assertThat(catchApi(() -> Call.updater(live.getSid()).setStatus(Call.UpdateStatus.COMPLETED)
                    .update(other)).getStatusCode()).isEqualTo(404);
            assertThat(catchApi(() -> Call.fetcher(live.getSid()).fetch(other)).getStatusCode()).isEqualTo(404);
            assertThat(Call.reader().read(other).iterator().hasNext()).isFalse();
            assertThat(catchApi(() -> Call.updater("CA" + "0".repeat(32)).setStatus(Call.UpdateStatus.COMPLETED)
                    .update(client)).getStatusCode()).isEqualTo(404);
            // Still up: the refused requests changed nothing.
            assertThat(Call.fetcher(live.getSid()).fetch(client).getStatus()).isEqualTo(Call.Status.IN_PROGRESS);
            Call.updater(live.getSid()).setStatus(Call.UpdateStatus.COMPLETED).update(client);
            assertThat(pbx.await().received("BYE")).hasSize(1);
            carrier.await();
        }
    }

    @Test
    void listFiltersLiveCallsByStatusToAndStartTime() throws Exception {
        try (Sipp.Running carrier = Sipp.scenario("uas-answer.xml").localPort(carrierPort).startServer();
                Sipp.Running pbx = Sipp.scenario("uac-call-until-bye.xml").arg("-s", Peers.DIALED)
                        .startAgainst(sw.sipPort())) {
            Call live = awaitLive(Call.Status.IN_PROGRESS);
            assertThat(sids(Call.reader().setTo(new com.twilio.type.PhoneNumber(Peers.DIALED)))).containsExactly(live.getSid());
            assertThat(sids(Call.reader().setTo(new com.twilio.type.PhoneNumber("+14155550111")))).isEmpty();
            assertThat(sids(Call.reader().setStatus(Call.Status.RINGING))).isEmpty();
            assertThat(sids(Call.reader().setStartTimeAfter(live.getStartTime().minusMinutes(1)))).containsExactly(live.getSid());
            assertThat(sids(Call.reader().setStartTimeBefore(live.getStartTime().minusMinutes(1)))).isEmpty();
            assertThat(sids(Call.reader().setEndTimeAfter(live.getStartTime().minusMinutes(1)))).isEmpty();
            Call.updater(live.getSid()).setStatus(Call.UpdateStatus.COMPLETED).update(client);
            pbx.await();
            carrier.await();
            awaitRecord(live.getSid());
            assertThat(sids(Call.reader().setStatus(Call.Status.COMPLETED))).containsExactly(live.getSid());
            assertThat(sids(Call.reader().setStatus(Call.Status.IN_PROGRESS))).isEmpty();
        }
    }

    @Test
    void webhookFailuresBecomeTheCallsNotificationsAfterOneFallback() throws Exception {
        webhooks.answer("/voice", 500, "text/xml");
        webhooks.document("/fallback", "<Response><Dance/></Response>");
        Sipp.Result caller = Peers.pbx("uac-final.xml", NUMBER).localIp(CARRIER_IP).runAgainst(sw.sipPort());
        assertThat(Peers.finals(caller)).as(caller.toString()).containsExactly("480 Temporarily Unavailable");
        assertThat(requests).extracting(p -> p.get("_path")).containsExactly("/voice", "/fallback");
        assertThat(requests.get(1)).containsEntry("ErrorCode", "11200").containsEntry("ErrorUrl", base + "/voice");
        String callSid = requests.get(0).get("CallSid");
        List<Notification> notes = await().atMost(Duration.ofSeconds(10)).until(() -> StreamSupport.stream(
                Notification.reader(callSid).read(client).spliterator(), false).toList(), l -> l.size() == 2);
        assertThat(notes).extracting(n -> n.getErrorCode() + " " + n.getRequestUrl() + " " + n.getRequestMethod()
                + " " + n.getLog()).containsExactlyInAnyOrder("11200 " + base + "/voice POST 0",
                        "12100 " + base + "/fallback POST 0");
        assertThat(notes).allSatisfy(n -> {
            assertThat(n.getCallSid()).isEqualTo(callSid);
            assertThat(n.getMessageText()).isNotBlank();
            assertThat(Notification.fetcher(callSid, n.getSid()).fetch(client).getErrorCode())
                    .isEqualTo(n.getErrorCode());
        });
        assertThat(StreamSupport.stream(com.twilio.rest.api.v2010.account.Notification.reader().read(client)
                .spliterator(), false)).hasSize(2);
        assertThat(webhooks("11200")).isEqualTo(1.0);
        assertThat(webhooks("12100")).isEqualTo(1.0);
        // Another account sees none of them, under its own path or the owner's.
        Account sub = Account.creator().setFriendlyName("tenant").create(client);
        TwilioRestClient other = TwilioLoopback.client(sw.daemon().httpPort(), sub.getSid(), sub.getAuthToken());
        assertThat(Notification.reader(callSid).read(other).iterator().hasNext()).isFalse();
        assertThat(catchApi(() -> Notification.reader(sw.accountSid(), callSid).read(other).iterator().hasNext())
                .getStatusCode()).isEqualTo(404);
        assertThat(catchApi(() -> Notification.fetcher(callSid, notes.get(0).getSid()).fetch(other))
                .getStatusCode()).isEqualTo(404);
        assertThat(badSignatures).isEmpty();
        assertThat(awaitRecord(callSid)).containsEntry("status", "no-answer");
    }

    @Test
    void aWrongContentTypeIsError12300AndTheCallEndsCleanly() throws Exception {
        webhooks.answer("/voice", 200, "application/json");
        Sipp.Result caller = Peers.pbx("uac-final.xml", NUMBER).localIp(CARRIER_IP).runAgainst(sw.sipPort());
        assertThat(Peers.finals(caller)).as(caller.toString()).containsExactly("480 Temporarily Unavailable");
        String callSid = requests.get(0).get("CallSid");
        List<Notification> notes = await().atMost(Duration.ofSeconds(10)).until(() -> StreamSupport.stream(
                Notification.reader(callSid).read(client).spliterator(), false).toList(), l -> l.size() == 1);
        assertThat(notes.get(0).getErrorCode()).isEqualTo("12300");
        assertThat(webhooks("12300")).isEqualTo(1.0);
        await().atMost(Duration.ofSeconds(10)).until(() -> sw.daemon().engine().activeCalls() == 0);
    }

    @Test
    void whenEveryOriginationUrlFailsTheTrunksDisasterRecoveryTwimlTakesTheCall() throws Exception {
        int pbxPort = FreePorts.udpAndTcp();
        webhooks.document("/dr", new VoiceResponse.Builder()
                .reject(new Reject.Builder().reason(Reject.Reason.BUSY).build()).build().toXml());
        Trunk trunk = new Trunk(null, sw.accountSid(), "dr-pbx", null, List.of("127.0.0.1/32"), List.of(), null,
                NumberNormalization.STRICT, "US", 0, 0, false, false,
                List.of(new OriginationUrl("ou", "sip:127.0.0.1:" + pbxPort, 10, 10, true)), List.of(), List.of(),
                new VoiceWebhooks(base + "/dr", "POST", null, null, null, null));
        sw.daemon().snapshots().replace(Demo.of(List.of(trunk),
                List.of(Demo.carrier("carrier", List.of(CARRIER_IP + "/32"), carrierPort)),
                List.of(new PhoneNumber(null, sw.accountSid(), NUMBER, "dr-pbx")), List.of()));
        try (Sipp.Running pbx = Peers.unavailable(pbxPort).startServer()) {
            Sipp.Result caller = Peers.pbx("uac-final.xml", NUMBER).localIp(CARRIER_IP).runAgainst(sw.sipPort());
            assertThat(Peers.finals(caller)).as(caller.toString()).containsExactly("486 Busy Here");
            assertThat(pbx.await().received("INVITE")).hasSize(1);
        }
        assertThat(requests).extracting(p -> p.get("_path")).containsExactly("/dr");
        assertThat(requests.get(0)).containsEntry("To", NUMBER).containsEntry("CallStatus", "ringing")
                .containsEntry("AccountSid", sw.accountSid());
        assertThat(badSignatures).isEmpty();
        assertThat(awaitRecord(requests.get(0).get("CallSid"))).containsEntry("status", "busy");
    }

    private double webhooks(String outcome) {
        var c = sw.daemon().metrics().registry().find("webhook.requests").tag("outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }

    private List<String> sids(com.twilio.rest.api.v2010.account.CallReader reader) {
        return StreamSupport.stream(reader.read(client).spliterator(), false).map(Call::getSid).toList();
    }

    private Sipp.Running twimlCaller(DatagramSocket rtp) throws Exception {
        return Sipp.scenario("uac-twiml.xml").localIp(CARRIER_IP).arg("-s", NUMBER)
                .key("rtp_port", Integer.toString(rtp.getLocalPort()))
                .arg("-mp", Integer.toString(FreePorts.sippMedia())).startAgainst(sw.sipPort());
    }

    private static String pauseFor(int seconds) {
        return new VoiceResponse.Builder().pause(new Pause.Builder().length(seconds).build()).build().toXml();
    }

    /** The one live call of the account once it has {@code status} (read through the list). */
    private Call awaitLive(Call.Status status) {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            List<Call> calls = StreamSupport.stream(Call.reader().setStatus(status).read(client).spliterator(), false)
                    .toList();
            return calls.isEmpty() ? null : calls.get(0);
        }, c -> c != null);
    }

    private Map<String, Object> awaitRecord(String sid) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> sw.daemon().provisioning().rows()
                .select("SELECT * FROM calls WHERE sid = ?", sid), l -> l.size() == 1).get(0);
    }

    private static ApiException catchApi(Runnable request) {
        try {
            request.run();
        } catch (ApiException e) {
            return e;
        }
        throw new AssertionError("the request succeeded");
    }
}
