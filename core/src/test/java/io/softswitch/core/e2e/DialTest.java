package io.softswitch.core.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Dial;
import com.twilio.twiml.voice.Hangup;
import com.twilio.twiml.voice.Number;
import com.twilio.twiml.voice.Pause;
import io.softswitch.config.provisioning.VoiceWebhooks;
import io.softswitch.core.testing.FreePorts;
import io.softswitch.core.testing.RtpReceiver;
import io.softswitch.core.testing.Sipp;
import io.softswitch.core.testing.TestSwitch;
import io.softswitch.core.testing.WebhookServer;
import io.softswitch.media.codec.G711;
import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, {@code <Dial>}: a SIPp caller reaches a TwiML number whose document dials a number; the
 * child call goes over the dial plan to a SIPp carrier. The caller's RTP socket must hear the
 * callee's audio through the bridge, and the action URL gets {@code DialCallStatus} and the rest,
 * signed (Twilio's {@code RequestValidator}); the child is a call record of its own.
 */
class DialTest {
    private static final String CARRIER_IP = "127.0.0.2";
    private static final String NUMBER = "+14155550142";
    private static final String CALLEE = "+14155550100";

    /** Closed after each test, its webhook servers first. */
    @AutoClose
    private TestSwitch sw;
    private int carrierPort;
    private WebhookServer webhooks;
    private List<Map<String, String>> requests;
    private List<String> badSignatures;

    @BeforeEach
    void start() throws Exception {
        sw = TestSwitch.start("dial");
        webhooks = sw.twimlWebhooks();
        requests = webhooks.requests().all();
        badSignatures = webhooks.requests().badSignatures();
        carrierPort = FreePorts.udpAndTcp();
        sw.daemon().snapshots().replace(Demo.withNumber(carrierPort, Demo.twimlNumber(sw.accountSid(), NUMBER,
                new VoiceWebhooks(webhooks.base() + "/voice", "POST", null, null, null, "POST")),
                List.of(Demo.defaultRoute("carrier"))));
    }

    private void dialDocument(int timeout) {
        webhooks.document("/voice", () -> new VoiceResponse.Builder().dial(new Dial.Builder().action("/dialed")
                .timeout(timeout).number(new Number.Builder(CALLEE).build()).build()).build().toXml());
    }

    @Test
    void dialNumberBridgesTheCallerToTheCarrierAndTheActionGetsCompleted() throws Exception {
        dialDocument(20);
        bridgeToAPlayingCarrier();
        await().atMost(Duration.ofSeconds(5)).until(() -> requests.size() >= 2);
        Map<String, String> dialed = requests.get(1);
        assertThat(dialed).containsEntry("_path", "/dialed").containsEntry("DialCallStatus", "completed")
                .containsEntry("DialSipResponseCode", "200").containsEntry("CallStatus", "in-progress");
        assertThat(dialed.get("DialCallSid")).startsWith("CA").isNotEqualTo(dialed.get("CallSid"));
        assertThat(Integer.parseInt(dialed.get("DialCallDuration"))).isBetween(2, 4);
        assertThat(badSignatures).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> sw.daemon().engine().activeCalls() == 0);
    }

    @Test
    void dialRecordFromAnswerDualRecordsTheBridgedCallForTheParentAndTellsTheCallback() throws Exception {
        webhooks.document("/voice", () -> new VoiceResponse.Builder().dial(new Dial.Builder().action("/dialed").timeout(20)
                .record(Dial.Record.RECORD_FROM_ANSWER_DUAL).recordingStatusCallback("/recorded")
                .number(new Number.Builder(CALLEE).build()).build()).build().toXml());
        bridgeToAPlayingCarrier();
        await().atMost(Duration.ofSeconds(15)).until(() -> webhooks.requests().arrived("/recorded")
                && webhooks.requests().arrived("/dialed"));
        Map<String, String> dialed = webhooks.requests().first("/dialed");
        Map<String, String> recorded = webhooks.requests().first("/recorded");
        // Twilio: the recording of a <Dial> belongs to the parent call.
        assertThat(recorded).containsEntry("CallSid", dialed.get("CallSid")).containsEntry("AccountSid", sw.accountSid())
                .containsEntry("RecordingStatus", "completed").containsEntry("RecordingSource", "DialVerb")
                .containsEntry("RecordingChannels", "2");
        assertThat(badSignatures).isEmpty();

        byte[] wav = sw.get(recorded.get("RecordingUrl") + ".wav");
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getShort(22)).as("channels").isEqualTo((short) 2);
        int frames = (wav.length - 44) / 4;
        double seconds = frames / 8000.0;
        // From the callee's answer to its BYE 2.5 s later (DialCallDuration counts whole seconds).
        assertThat(seconds).isBetween(2.0, 3.5);
        assertThat(Math.abs(seconds - Integer.parseInt(dialed.get("DialCallDuration")))).isLessThan(1.0);
        double right = 0;
        for (int i = 0; i < frames; i++) {
            double v = b.getShort(44 + 4 * i + 2);
            right += v * v;
        }
        assertThat(Math.sqrt(right / frames)).as("right channel: the callee's 2 s tone").isGreaterThan(3000);
        String list = new String(sw.get(sw.apiBase() + "/2010-04-01/Accounts/" + sw.accountSid()
                + "/Calls/" + dialed.get("CallSid") + "/Recordings.json"), StandardCharsets.UTF_8);
        assertThat(list).contains(recorded.get("RecordingSid")).contains("\"source\":\"DialVerb\"");
    }

    /** A SIPp caller calls the number; the carrier answers the dialed call and plays 2 s of a tone, BYE at 2.5 s. */
    private void bridgeToAPlayingCarrier() throws Exception {
        Path pcap = Files.createTempFile("tone", ".pcap");
        Files.write(pcap, tonePcap(1000, 100));
        Path scenario = Files.createTempFile("uas-answer-play", ".xml");
        Files.writeString(scenario, Files.readString(Sipp.SCENARIOS.resolve("uas-answer-play.xml"))
                .replace("[pcap]", pcap.toString()));
        try (DatagramSocket rtp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                Sipp.Running carrier = Sipp.scenario(scenario.toString()).localPort(carrierPort)
                        .arg("-mp", Integer.toString(FreePorts.sippMedia())).startServer()) {
            Loudness heard = new Loudness();
            RtpReceiver listener = RtpReceiver.start(rtp, "test-rtp", heard);
            Sipp.Result caller = Sipp.scenario("uac-twiml.xml").localIp(CARRIER_IP).arg("-s", NUMBER)
                    .key("rtp_port", Integer.toString(rtp.getLocalPort()))
                    .arg("-mp", Integer.toString(FreePorts.sippMedia()))
                    .runAgainst(sw.sipPort());
            Sipp.Result callee = carrier.await();
            listener.stop();
            assertThat(caller.allCallsSucceeded()).as(caller.toString()).isTrue();
            assertThat(callee.allCallsSucceeded()).as(callee.toString()).isTrue();
            assertThat(callee.logged("RURI-USER")).containsExactly(CALLEE);
            // 2 s of a 1 kHz tone at half scale, through the relay and the bridge: about 100 loud frames.
            assertThat(heard.loudFrames).as("frames of the callee's tone the caller heard").isGreaterThan(60);
        }
    }

    @Test
    void aBusyCalleeGivesBusyAndANoAnswerGivesNoAnswer() throws Exception {
        dialDocument(5);
        // The caller's scenario expects the BYE after its own 1 s of media: the action's document waits.
        webhooks.document("/dialed", () -> new VoiceResponse.Builder().pause(new Pause.Builder().length(2).build())
                .hangup(new Hangup.Builder().build()).build().toXml());
        try (Sipp.Running carrier = Peers.busy(carrierPort).startServer()) {
            Sipp.Result caller = caller().runAgainst(sw.sipPort());
            assertThat(carrier.await().allCallsSucceeded()).isTrue();
            assertThat(caller.allCallsSucceeded()).as(caller.toString()).isTrue();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> requests.size() >= 2);
        assertThat(requests.get(1)).containsEntry("_path", "/dialed").containsEntry("DialCallStatus", "busy")
                .containsEntry("DialSipResponseCode", "486");

        webhooks.requests().clear();
        try (Sipp.Running carrier = Sipp.scenario("uas-ring-cancel.xml").localPort(carrierPort).startServer()) {
            Sipp.Result caller = caller().runAgainst(sw.sipPort());
            Sipp.Result callee = carrier.await();
            assertThat(callee.allCallsSucceeded()).as("the carrier saw CANCEL after the 5 s timeout: " + callee).isTrue();
            assertThat(caller.allCallsSucceeded()).as(caller.toString()).isTrue();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> requests.size() >= 2);
        assertThat(requests.get(1)).containsEntry("_path", "/dialed").containsEntry("DialCallStatus", "no-answer");
        assertThat(badSignatures).isEmpty();
    }

    /** A caller that waits for the switch's BYE (its media goes to an unused port). */
    private Sipp caller() {
        return Sipp.scenario("uac-twiml.xml").localIp(CARRIER_IP).arg("-s", NUMBER)
                .key("rtp_port", Integer.toString(FreePorts.udpAndTcp()))
                .arg("-mp", Integer.toString(FreePorts.sippMedia()));
    }

    /**
     * A libpcap file of {@code frames} RTP packets (PCMU, 20 ms each) of a {@code hz} tone at half scale,
     * 127.0.0.1 to 127.0.0.1 over UDP: what SIPp's {@code play_pcap_audio} sends.
     */
    private static byte[] tonePcap(int hz, int frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer global = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        global.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        out.writeBytes(global.array());
        for (int f = 0; f < frames; f++) {
            int payload = 12 + 160;
            int udp = 8 + payload;
            int ip = 20 + udp;
            ByteBuffer p = ByteBuffer.allocate(16 + 14 + ip);
            p.order(ByteOrder.LITTLE_ENDIAN).putInt(f / 50).putInt((f % 50) * 20_000).putInt(14 + ip).putInt(14 + ip);
            p.order(ByteOrder.BIG_ENDIAN);
            p.put(new byte[12]).putShort((short) 0x0800); // Ethernet: no addresses, IPv4
            p.put((byte) 0x45).put((byte) 0).putShort((short) ip).putInt(0).put((byte) 64).put((byte) 17).putShort((short) 0)
                    .put(new byte[] {127, 0, 0, 1}).put(new byte[] {127, 0, 0, 1});
            p.putShort((short) 4000).putShort((short) 4002).putShort((short) udp).putShort((short) 0);
            p.put((byte) 0x80).put((byte) 0).putShort((short) f).putInt(f * 160).putInt(0x1234);
            for (int i = 0; i < 160; i++) {
                int n = f * 160 + i;
                p.put(G711.linearToUlaw((short) (16384 * Math.sin(2 * Math.PI * hz * n / 8000.0))));
            }
            out.writeBytes(p.array());
        }
        return out.toByteArray();
    }

    /** Counts the PCMU frames a socket receives whose decoded RMS is above 4000 (the tone, not silence). */
    private static final class Loudness implements RtpReceiver.Handler {
        volatile int loudFrames;

        @Override
        public void packet(DatagramSocket socket, DatagramPacket p) {
            byte[] buf = p.getData();
            if (p.getLength() <= 12 || (buf[1] & 0x7f) != 0) {
                return;
            }
            double sum = 0;
            for (int i = 12; i < p.getLength(); i++) {
                double s = G711.ulawToLinear(buf[i]);
                sum += s * s;
            }
            if (Math.sqrt(sum / (p.getLength() - 12)) > 4000) {
                loudFrames++;
            }
        }
    }
}
