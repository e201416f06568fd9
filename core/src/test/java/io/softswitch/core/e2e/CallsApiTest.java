package io.softswitch.core.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.type.PhoneNumber;
import com.twilio.type.Twiml;
import io.softswitch.config.provisioning.NumberNormalization;
import io.softswitch.core.testing.FreePorts;
import io.softswitch.core.testing.RtpReceiver;
import io.softswitch.core.testing.Sipp;
import io.softswitch.core.testing.TestSwitch;
import io.softswitch.core.testing.WebhookServer;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, {@code POST Calls}: Twilio's own Java helper library creates calls; a SIPp carrier
 * answers (or refuses); a UDP socket is the carrier's media and hears the TwiML's audio; an in-test
 * HTTP server receives the status callbacks and checks each signature with Twilio's
 * {@code RequestValidator}.
 */
class CallsApiTest {
    private static final String NUMBER = "+14155550142";
    private static final String CALLEE = "+14155550100";

    /** Closed after each test, its webhook servers first. */
    @AutoClose
    private TestSwitch sw;
    private TwilioRestClient client;
    private WebhookServer webhooks;
    private String base;
    private int carrierPort;
    private List<Map<String, String>> callbacks;
    private List<String> badSignatures;

    @BeforeEach
    void start() throws Exception {
        sw = TestSwitch.start("calls-api");
        client = sw.client();
        webhooks = sw.callbackWebhooks();
        callbacks = webhooks.requests().all();
        badSignatures = webhooks.requests().badSignatures();
        base = webhooks.base();
        carrierPort = FreePorts.udpAndTcp();
        provision(0);
    }

    /** The caller number on trunk "pbx" (CPS {@code cps}, 0 = unlimited), one carrier, a default route, 1900 blocked. */
    private void provision(int cps) {
        provision(cps, 0);
    }

    /** As {@link #provision(int)}, with at most {@code concurrent} calls at once on the trunk (0 = unlimited). */
    private void provision(int cps, int concurrent) {
        sw.daemon().snapshots().replace(Demo.withNumber(Demo.trunk("pbx", List.of("127.0.0.1/32"), List.of(),
                NumberNormalization.STRICT, cps, concurrent, List.of()), carrierPort,
                Demo.trunkNumber(sw.accountSid(), NUMBER),
                List.of(Demo.block("1900"), Demo.defaultRoute("carrier"))));
    }

    @Test
    void createdCallRingsTheCarrierRunsItsTwimlAndReportsEveryStepInOrder() throws Exception {
        try (DatagramSocket rtp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                Sipp.Running carrier = Peers.answering(carrierPort, rtp).startServer()) {
            RtpCounter heard = new RtpCounter();
            RtpReceiver listener = RtpReceiver.start(rtp, "test-rtp", heard);
            Call call = Call.creator(new PhoneNumber(CALLEE), new PhoneNumber(NUMBER),
                    new Twiml("<Response><Say>Hello from the switch, this is a test call.</Say></Response>"))
                    .setSendDigits("12")
                    .setStatusCallback(URI.create(base + "/status"))
                    .setStatusCallbackEvent(List.of("initiated", "ringing", "answered", "completed"))
                    .create(client);
            assertThat(call.getSid()).startsWith("CA");
            assertThat(call.getStatus()).isEqualTo(Call.Status.QUEUED);
            assertThat(call.getDirection()).isEqualTo("outbound-api");
            assertThat(call.getTo()).isEqualTo(CALLEE);
            assertThat(call.getFrom()).isEqualTo(NUMBER);

            Sipp.Result seen = carrier.await();
            listener.stop();
            assertThat(seen.allCallsSucceeded()).as(seen.toString()).isTrue();
            assertThat(seen.logged("RURI-USER")).containsExactly(CALLEE);
            assertThat(seen.received("BYE")).as("the switch hung up when the TwiML ended").hasSize(1);
            assertThat(heard.frames).as("RTP frames of the <Say> heard by the carrier").isGreaterThan(25);
            // SendDigits: RFC 4733 events (payload type 101 of the offer) once answered, in order.
            assertThat(heard.events).as("telephone-events the carrier heard").containsExactly(1, 2);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(callbacks).hasSize(4));
            assertThat(callbacks).extracting(p -> p.get("CallStatus"))
                    .containsExactly("initiated", "ringing", "in-progress", "completed");
            assertThat(callbacks).extracting(p -> p.get("SequenceNumber")).containsExactly("0", "1", "2", "3");
            assertThat(callbacks).allSatisfy(p -> assertThat(p).containsEntry("CallSid", call.getSid())
                    .containsEntry("Direction", "outbound-api").containsEntry("From", NUMBER)
                    .containsEntry("To", CALLEE).containsEntry("AccountSid", sw.accountSid()));
            assertThat(callbacks.get(3)).containsEntry("SipResponseCode", "200").containsKey("CallDuration");
            assertThat(badSignatures).isEmpty();

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Call record = Call.fetcher(call.getSid()).fetch(client);
                assertThat(record.getStatus()).isEqualTo(Call.Status.COMPLETED);
                assertThat(record.getDirection()).isEqualTo("outbound-api");
            });
        }
    }

    @Test
    void anAnsweredApiCallIsRedirectedToNewTwimlByTheApi() throws Exception {
        try (DatagramSocket rtp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                Sipp.Running carrier = Peers.answering(carrierPort, rtp).startServer()) {
            RtpCounter heard = new RtpCounter();
            RtpReceiver listener = RtpReceiver.start(rtp, "test-rtp", heard);
            // Silence for a minute unless the API gives the call something else to do.
            Call call = Call.creator(new PhoneNumber(CALLEE), new PhoneNumber(NUMBER),
                    new Twiml("<Response><Pause length=\"60\"/></Response>")).create(client);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    Call.fetcher(call.getSid()).fetch(client).getStatus()).isEqualTo(Call.Status.IN_PROGRESS));
            int before = heard.frames;
            Call.updater(call.getSid()).setTwiml("<Response><Say>The plan has changed, goodbye.</Say><Hangup/></Response>")
                    .update(client);
            Sipp.Result seen = carrier.await();
            listener.stop();
            assertThat(seen.allCallsSucceeded()).as(seen.toString()).isTrue();
            assertThat(seen.received("BYE")).as("the new TwiML's <Hangup>").hasSize(1);
            assertThat(heard.frames - before).as("frames of the new <Say> the carrier heard").isGreaterThan(25);
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
                Call record = Call.fetcher(call.getSid()).fetch(client);
                assertThat(record.getStatus()).isEqualTo(Call.Status.COMPLETED);
                assertThat(Integer.parseInt(record.getDuration())).as("ended by the new TwiML, not the pause")
                        .isLessThan(30);
            });
        }
    }

    @Test
    void aBusyCalleeEndsTheCallBusyWithItsSipCode() throws Exception {
        try (Sipp.Running carrier = Peers.busy(carrierPort).startServer()) {
            Call call = Call.creator(new PhoneNumber(CALLEE), new PhoneNumber(NUMBER), URI.create(base + "/voice"))
                    .setStatusCallback(URI.create(base + "/status")).create(client);
            assertThat(carrier.await().allCallsSucceeded()).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> callbacks.size() >= 1);
            assertThat(callbacks).singleElement().satisfies(p -> assertThat(p)
                    .containsEntry("CallSid", call.getSid()).containsEntry("CallStatus", "busy")
                    .containsEntry("SipResponseCode", "486").containsEntry("_path", "/status"));
        }
    }

    @Test
    void badRequestsAreRefusedTwilioShapedAndNothingIsPlaced() throws Exception {
        try (Sipp.Running carrier = Peers.busy(carrierPort).startServer()) {
            assertRefused(() -> Call.creator(new PhoneNumber("12345"), new PhoneNumber(NUMBER),
                    URI.create(base + "/voice")).create(client), 21211, "To");
            assertRefused(() -> Call.creator(new PhoneNumber(CALLEE), new PhoneNumber("+14155550177"),
                    URI.create(base + "/voice")).create(client), 21210, "+14155550177");
            assertRefused(() -> Call.creator(new PhoneNumber(CALLEE), new PhoneNumber(NUMBER),
                    URI.create(base + "/voice")).setTimeout(0).create(client), 100002, "Timeout");
            assertRefused(() -> Call.creator(new PhoneNumber(CALLEE), new PhoneNumber(NUMBER),
                    URI.create("ftp://127.0.0.1/voice")).create(client), 21205, "Url");
            assertRefused(() -> Call.creator(new PhoneNumber("+19005550100"), new PhoneNumber(NUMBER),
                    URI.create(base + "/voice")).create(client), 21215, "+19005550100");
            assertRefused(() -> Call.creator(new PhoneNumber(CALLEE), new PhoneNumber(NUMBER),
                    URI.create(base + "/voice")).setRecord(true).setRecordingChannels("triple").create(client), 100002,
                    "RecordingChannels");
            assertRefused(() -> Call.creator(new PhoneNumber(CALLEE), new PhoneNumber(NUMBER),
                    URI.create(base + "/voice")).setTrim("trim-everything").create(client), 100002, "Trim");
            assertRefused(() -> Call.creator(new PhoneNumber(CALLEE), new PhoneNumber(NUMBER),
                    URI.create(base + "/voice")).setRecord(true).setRecordingTrack("inbound").create(client), 100003,
                    "RecordingTrack");
            assertRefused(() -> Call.creator(new PhoneNumber(CALLEE), new PhoneNumber(NUMBER),
                    URI.create(base + "/voice")).setTimeout(601).create(client), 100002, "Timeout");
            assertRefused(() -> Call.creator(new PhoneNumber(CALLEE), new PhoneNumber(NUMBER),
                    URI.create(base + "/voice")).setSendDigits("12x").create(client), 100002, "SendDigits");
            Sipp.Result seen = carrier.stop();
            assertThat(seen.received("INVITE")).as("no call reached the carrier").isEmpty();
        }
        assertThat(sw.daemon().engine().activeCalls()).isZero();
        assertThat(callbacks).isEmpty();
    }

    @Test
    void aQueuedCallIsCanceledBeforeAnyInviteAndARingingOneIsCanceledOnTheWire() throws Exception {
        provision(0, 1); // one call at a time on the caller's trunk: the second waits in the queue
        try (Sipp.Running carrier = Sipp.scenario("uas-ring-cancel.xml").localPort(carrierPort).startServer()) {
            Call ringing = Call.creator(new PhoneNumber(CALLEE), new PhoneNumber(NUMBER), URI.create(base + "/voice"))
                    .setStatusCallback(URI.create(base + "/status")).create(client);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    Call.fetcher(ringing.getSid()).fetch(client).getStatus()).isEqualTo(Call.Status.RINGING));
            Call queued = Call.creator(new PhoneNumber(CALLEE), new PhoneNumber(NUMBER), URI.create(base + "/voice"))
                    .setStatusCallback(URI.create(base + "/status")).create(client);
            Call live = Call.fetcher(queued.getSid()).fetch(client);
            assertThat(live.getStatus()).as("GET of a call still in the admission queue").isEqualTo(Call.Status.QUEUED);
            assertThat(live.getDirection()).isEqualTo("outbound-api");
            assertThat(live.getStartTime()).isNull();
            assertThat(Call.reader().setStatus(Call.Status.QUEUED).read(client)).extracting(Call::getSid)
                    .containsExactly(queued.getSid());

            Call canceled = Call.updater(queued.getSid()).setStatus(Call.UpdateStatus.CANCELED).update(client);
            assertThat(canceled.getStatus()).isEqualTo(Call.Status.CANCELED);
            // Its record (written off the request's thread) says canceled.
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> assertThat(
                    Call.fetcher(queued.getSid()).fetch(client).getStatus()).isEqualTo(Call.Status.CANCELED));

            assertThat(Call.updater(ringing.getSid()).setStatus(Call.UpdateStatus.CANCELED).update(client).getStatus())
                    .isEqualTo(Call.Status.CANCELED);
            Sipp.Result seen = carrier.await();
            assertThat(seen.allCallsSucceeded()).as("the carrier saw CANCEL for the ringing call: " + seen).isTrue();
            assertThat(seen.received("CANCEL")).hasSize(1);
            assertThat(seen.received("INVITE")).as("the queued call never left the switch").hasSize(1);
            assertThat(seen.logged("RURI-USER")).containsExactly(CALLEE);
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> assertThat(
                    Call.fetcher(ringing.getSid()).fetch(client).getStatus()).isEqualTo(Call.Status.CANCELED));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> callbacks.size() >= 2);
        assertThat(callbacks).extracting(p -> p.get("CallStatus")).containsOnly("canceled");
        assertThat(badSignatures).isEmpty();
        // Nothing was held: the slot the ringing call had is free again, nothing is left queued.
        assertThat(sw.daemon().engine().activeCalls()).isZero();
    }

    @Test
    void recordTrueRecordsTheAnsweredCallOnTwoChannelsAndTellsTheRecordingStatusCallback() throws Exception {
        try (DatagramSocket rtp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                Sipp.Running carrier = Peers.answering(carrierPort, rtp).startServer()) {
            ToneEcho callee = new ToneEcho();
            RtpReceiver talker = RtpReceiver.start(rtp, "test-callee", callee);
            Call call = Call.creator(new PhoneNumber(CALLEE), new PhoneNumber(NUMBER),
                    new Twiml("<Response><Say>This call is recorded on two channels.</Say><Pause length=\"1\"/></Response>"))
                    .setRecord(true).setRecordingChannels("dual").setTrim("do-not-trim")
                    .setRecordingStatusCallback(base + "/recording")
                    .create(client);
            Sipp.Result seen = carrier.await();
            talker.stop();
            assertThat(seen.allCallsSucceeded()).as(seen.toString()).isTrue();
            assertThat(callee.sent).as("tone frames the callee sent back").isGreaterThan(50);

            await().atMost(Duration.ofSeconds(15)).until(() -> callbacks.stream()
                    .anyMatch(p -> "/recording".equals(p.get("_path"))));
            Map<String, String> done = callbacks.stream().filter(p -> "/recording".equals(p.get("_path"))).findFirst()
                    .orElseThrow();
            assertThat(done).containsEntry("CallSid", call.getSid()).containsEntry("AccountSid", sw.accountSid())
                    .containsEntry("RecordingStatus", "completed").containsEntry("RecordingSource", "OutboundAPI")
                    .containsEntry("RecordingChannels", "2");
            assertThat(done.get("RecordingSid")).startsWith("RE");
            assertThat(badSignatures).isEmpty();

            byte[] wav = sw.get(done.get("RecordingUrl") + ".wav");
            assertThat(new String(wav, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(wav).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            assertThat(b.getShort(22)).as("channels").isEqualTo((short) 2);
            assertThat(b.getInt(24)).as("sample rate").isEqualTo(8000);
            int frames = (wav.length - 44) / 4;
            double seconds = frames / 8000.0;
            // The call was answered for the <Say> and the 1 s pause: a few seconds, and the row agrees.
            assertThat(seconds).isBetween(1.5, 15.0);
            assertThat(Math.abs(seconds - Integer.parseInt(done.get("RecordingDuration")))).isLessThan(1.0);
            double[] rms = new double[2];
            for (int i = 0; i < frames; i++) {
                for (int ch = 0; ch < 2; ch++) {
                    double v = b.getShort(44 + 4 * i + 2 * ch);
                    rms[ch] += v * v;
                }
            }
            assertThat(Math.sqrt(rms[0] / frames)).as("left: the switch's side (the <Say>)").isGreaterThan(300);
            assertThat(Math.sqrt(rms[1] / frames)).as("right: the callee's tone").isGreaterThan(3000);
        }
    }

    private static void assertRefused(Runnable create, int code, String mentioned) {
        assertThatThrownBy(create::run).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.getCode()).as(e.getMessage()).isEqualTo(code);
            assertThat(e.getStatusCode()).isEqualTo(400);
            assertThat(e.getMessage()).contains(mentioned);
        });
    }

    @Test
    void fiftyCallsAtOnceAgainstCps5AreQueuedAndPlacedAtTheCpsNoneLost() throws Exception {
        provision(5);
        try (Sipp.Running carrier = Peers.busy(carrierPort).calls(50).startServer()) {
            List<String> sids = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                sids.add(Call.creator(new PhoneNumber(CALLEE), new PhoneNumber(NUMBER), URI.create(base + "/voice"))
                        .setStatusCallback(URI.create(base + "/status")).create(client).getSid());
            }
            assertThat(sids).doesNotHaveDuplicates().hasSize(50);
            Sipp.Result seen = carrier.await();
            assertThat(seen.allCallsSucceeded()).as(seen.toString()).isTrue();
            List<Double> at = inviteTimes(seen.messageTrace());
            assertThat(at).as("INVITEs the carrier received").hasSize(50);
            // Token bucket of 5/s with a burst of 5: 5 at once, then 45 over 9 s.
            double span = at.get(49) - at.get(0);
            assertThat(span).as("seconds from the first INVITE to the last").isBetween(7.5, 12.0);
            for (int i = 0; i < at.size(); i++) {
                int inWindow = 0;
                for (double t : at) {
                    if (t >= at.get(i) && t < at.get(i) + 1.0) {
                        inWindow++;
                    }
                }
                assertThat(inWindow).as("INVITEs within 1 s of INVITE " + i).isLessThanOrEqualTo(10);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> callbacks.size() >= 50);
            assertThat(callbacks).extracting(p -> p.get("CallSid")).containsExactlyInAnyOrderElementsOf(sids);
            assertThat(callbacks).allSatisfy(p -> assertThat(p).containsEntry("CallStatus", "busy"));
        }
    }

    /** Seconds (of the day) at which SIPp traced each received INVITE, in order. */
    private static List<Double> inviteTimes(String trace) {
        Matcher m = Pattern.compile("-{20,} (\\d{4}-\\d\\d-\\d\\d)\\s+(\\d\\d):(\\d\\d):(\\d\\d(?:\\.\\d+)?)"
                + "\\s*\\R(?:UDP|TCP) message received[^\\n]*\\R+INVITE ").matcher(trace);
        List<Double> out = new ArrayList<>();
        while (m.find()) {
            out.add(Integer.parseInt(m.group(2)) * 3600.0 + Integer.parseInt(m.group(3)) * 60.0
                    + Double.parseDouble(m.group(4)));
        }
        return out;
    }

    /**
     * The callee's media: answers every RTP packet from the relay with a frame of a 1 kHz tone at
     * half scale, sent back where the packet came from (the relay's port for this leg).
     */
    static final class ToneEcho implements RtpReceiver.Handler {
        volatile int sent;
        private int seq;

        @Override
        public void packet(DatagramSocket socket, DatagramPacket p) throws IOException {
            byte[] buf = p.getData();
            if (p.getLength() <= 12 || (buf[1] & 0x7f) != 0) {
                return;
            }
            byte[] out = new byte[12 + 160];
            out[0] = (byte) 0x80;
            out[2] = (byte) (seq >> 8);
            out[3] = (byte) seq;
            int ts = seq * 160;
            out[4] = (byte) (ts >> 24);
            out[5] = (byte) (ts >> 16);
            out[6] = (byte) (ts >> 8);
            out[7] = (byte) ts;
            out[11] = 0x42;
            for (int i = 0; i < 160; i++) {
                out[12 + i] = io.softswitch.media.codec.G711.linearToUlaw(
                        (short) (16384 * Math.sin(2 * Math.PI * 1000 * (ts + i) / 8000.0)));
            }
            socket.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
            seq++;
            sent++;
        }
    }

    /** Counts the PCMU frames a socket receives. */
    static final class RtpCounter implements RtpReceiver.Handler {
        volatile int frames;
        /** RFC 4733 event codes, once per event (its first packet's timestamp). */
        final List<Integer> events = new CopyOnWriteArrayList<>();
        private long lastEventTimestamp = -1;

        @Override
        public void packet(DatagramSocket socket, DatagramPacket p) {
            byte[] buf = p.getData();
            if (p.getLength() > 12 && (buf[1] & 0x7f) == 0) {
                frames++;
            } else if (p.getLength() >= 16 && (buf[1] & 0x7f) == 101) {
                long ts = ((buf[4] & 0xffL) << 24) | ((buf[5] & 0xff) << 16) | ((buf[6] & 0xff) << 8) | (buf[7] & 0xff);
                if (ts != lastEventTimestamp) { // RFC 4733 2.5.1.2: one timestamp per event, resent packets share it
                    lastEventTimestamp = ts;
                    events.add((int) buf[12]);
                }
            }
        }
    }
}
