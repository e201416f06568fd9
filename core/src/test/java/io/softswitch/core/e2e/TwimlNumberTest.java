package io.softswitch.core.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Gather;
import com.twilio.twiml.voice.Hangup;
import com.twilio.twiml.voice.Reject;
import com.twilio.twiml.voice.Say;
import io.softswitch.config.provisioning.VoiceWebhooks;
import io.softswitch.core.testing.FreePorts;
import io.softswitch.core.testing.RtpReceiver;
import io.softswitch.core.testing.Sipp;
import io.softswitch.core.testing.TestSwitch;
import io.softswitch.core.testing.WebhookServer;
import io.softswitch.media.codec.G711;
import io.softswitch.voice.tts.PcmAudio;
import io.softswitch.voice.tts.Wav;
import com.twilio.twiml.voice.Play;
import com.twilio.twiml.voice.Redirect;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 18 phase 2: a carrier's call to a number with a VoiceUrl and no trunk is answered by the
 * TwiML engine. Real peers: SIPp calls, an in-test HTTP server answers TwiML built with Twilio's
 * {@code VoiceResponse} and checks every request's {@code X-Twilio-Signature} with Twilio's
 * {@code RequestValidator}; a UDP socket is the caller's RTP and hears the audio.
 */
class TwimlNumberTest {
    private static final String CARRIER_IP = "127.0.0.2";
    private static final String NUMBER = "+14155550142";

    /** Closed after each test, its webhook servers first. */
    @AutoClose
    private TestSwitch sw;
    private WebhookServer webhooks;
    private List<Map<String, String>> requests;
    private List<String> badSignatures;

    @BeforeEach
    void start() throws Exception {
        sw = TestSwitch.start("twiml");
        webhooks = sw.twimlWebhooks();
        requests = webhooks.requests().all();
        badSignatures = webhooks.requests().badSignatures();
        webhooks.file("/tone.wav", "audio/wav", Wav.write(new PcmAudio(tone(1000, 2.0))));
        String base = webhooks.base();
        sw.daemon().snapshots().replace(Demo.withNumber(FreePorts.udpAndTcp(),
                Demo.twimlNumber(sw.accountSid(), NUMBER,
                        new VoiceWebhooks(base + "/voice", "POST", null, null, base + "/status", "POST")), List.of()));
    }

    @Test
    void rejectRefusesTheCallUnansweredWith603AndBusyWith486() throws Exception {
        webhooks.document("/voice", () -> new VoiceResponse.Builder().reject(new Reject.Builder().build()).build().toXml());
        Sipp.Result rejected = Peers.pbx("uac-final.xml", NUMBER).localIp(CARRIER_IP).runAgainst(sw.sipPort());
        assertThat(rejected.logged("FINAL")).as(rejected.toString()).containsExactly("603 Decline");

        webhooks.document("/voice", () -> new VoiceResponse.Builder()
                .reject(new Reject.Builder().reason(Reject.Reason.BUSY).build()).build().toXml());
        Sipp.Result busy = Peers.pbx("uac-final.xml", NUMBER).localIp(CARRIER_IP).runAgainst(sw.sipPort());
        assertThat(busy.logged("FINAL")).as(busy.toString()).containsExactly("486 Busy Here");

        await().atMost(Duration.ofSeconds(5)).until(() -> requests.size() >= 4);
        assertThat(requests).filteredOn(p -> p.get("_path").equals("/status"))
                .extracting(p -> p.get("CallStatus") + " " + p.get("SipResponseCode") + " " + p.get("CallbackSource"))
                .containsExactly("failed 603 call-progress-events", "busy 486 call-progress-events");
        assertThat(requests).filteredOn(p -> p.get("_path").equals("/voice")).hasSize(2).allSatisfy(p -> {
            assertThat(p).containsEntry("To", NUMBER).containsEntry("From", "+14155550199")
                    .containsEntry("AccountSid", sw.accountSid()).containsEntry("Direction", "inbound")
                    .containsEntry("CallStatus", "ringing").containsEntry("ApiVersion", "2010-04-01");
            assertThat(p.get("CallSid")).startsWith("CA");
        });
        assertThat(badSignatures).isEmpty();
        assertThat(webhooks("ok")).isEqualTo(2.0);
    }

    @Test
    void gatherHearsTheCallersRfc4733DigitWhileTheCallerHearsTheSpokenPrompt() throws Exception {
        webhooks.document("/voice", () -> new VoiceResponse.Builder()
                .gather(new Gather.Builder().numDigits(1).timeout(10).action("/gathered")
                        .say(new Say.Builder("Press one for sales, two for support, or stay on the line to hear"
                                + " this long menu again and again.").build()).build())
                .build().toXml());
        webhooks.document("/gathered", () -> new VoiceResponse.Builder().hangup(new Hangup.Builder().build()).build().toXml());
        try (DatagramSocket rtp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            AudioProbe probe = new AudioProbe();
            RtpReceiver listener = RtpReceiver.start(rtp, "test-rtp", probe);
            Sipp.Result caller = Sipp.scenario("uac-twiml.xml").localIp(CARRIER_IP).arg("-s", NUMBER)
                    .key("rtp_port", Integer.toString(rtp.getLocalPort()))
                    .arg("-mp", Integer.toString(FreePorts.sippMedia()))
                    .runAgainst(sw.sipPort());
            listener.stop();
            assertThat(caller.allCallsSucceeded()).as(caller.toString()).isTrue();
            assertThat(probe.frames).as("RTP frames heard").isGreaterThan(10);
            assertThat(probe.rms()).as("RMS of the decoded <Say> audio").isGreaterThan(300);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> requests.size() >= 2);
        assertThat(requests.get(0)).containsEntry("_path", "/voice");
        assertThat(requests.get(1)).containsEntry("_path", "/gathered").containsEntry("Digits", "1")
                .containsEntry("CallStatus", "in-progress");
        await().atMost(Duration.ofSeconds(5)).until(() -> requests.size() >= 3);
        assertThat(requests.get(2)).containsEntry("_path", "/status").containsEntry("CallStatus", "completed")
                .containsEntry("SequenceNumber", "0").containsKey("CallDuration").containsKey("Timestamp");
        assertThat(badSignatures).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> sw.daemon().engine().activeCalls() == 0);
    }

    @Test
    void redirectFetchesTheNextDocumentWhoseRejectRefusesTheCall() throws Exception {
        webhooks.document("/voice", () -> new VoiceResponse.Builder()
                .redirect(new Redirect.Builder("/next").build()).build().toXml());
        webhooks.document("/next", () -> new VoiceResponse.Builder().reject(new Reject.Builder().build()).build().toXml());
        Sipp.Result caller = Peers.pbx("uac-final.xml", NUMBER).localIp(CARRIER_IP).runAgainst(sw.sipPort());
        assertThat(caller.logged("FINAL")).as(caller.toString()).containsExactly("603 Decline");
        assertThat(requests).extracting(p -> p.get("_path")).startsWith("/voice", "/next");
        assertThat(requests.get(1)).containsEntry("CallStatus", "ringing").containsEntry("To", NUMBER);
        assertThat(badSignatures).isEmpty();
    }

    @Test
    void aTrunksPbxCallingTheOwnedNumberReachesItsApplicationOnNet() throws Exception {
        webhooks.document("/voice", () -> new VoiceResponse.Builder().reject(new Reject.Builder().build()).build().toXml());
        Sipp.Result pbx = Peers.pbx("uac-final.xml", NUMBER).runAgainst(sw.sipPort()); // from 127.0.0.1: trunk "pbx"
        assertThat(pbx.logged("FINAL")).as(pbx.toString()).containsExactly("603 Decline");
        assertThat(requests).first().satisfies(p -> assertThat(p).containsEntry("To", NUMBER).containsEntry("_path", "/voice"));
        assertThat(badSignatures).isEmpty();
    }

    @Test
    void playSendsTheFetchedWavToTheCallerThenHangupEndsTheCall() throws Exception {
        webhooks.document("/voice", () -> new VoiceResponse.Builder().play(new Play.Builder("/tone.wav").build())
                .hangup(new Hangup.Builder().build()).build().toXml());
        try (DatagramSocket rtp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            AudioProbe probe = new AudioProbe();
            RtpReceiver listener = RtpReceiver.start(rtp, "test-rtp", probe);
            Sipp.Result caller = Sipp.scenario("uac-twiml.xml").localIp(CARRIER_IP).arg("-s", NUMBER)
                    .key("rtp_port", Integer.toString(rtp.getLocalPort()))
                    .arg("-mp", Integer.toString(FreePorts.sippMedia()))
                    .runAgainst(sw.sipPort());
            listener.stop();
            assertThat(caller.allCallsSucceeded()).as(caller.toString()).isTrue();
            // 2 s of a 1 kHz tone at half scale: 100 frames, RMS about 11600.
            assertThat(probe.frames).as("RTP frames heard").isBetween(95, 110);
            assertThat(probe.rms()).isBetween(9000.0, 13000.0);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> sw.daemon().engine().activeCalls() == 0);
    }

    @Test
    void recordStoresTheCallersAudioAsARecordingWhoseUrlTheActionGetsAndTheApiServes() throws Exception {
        webhooks.document("/voice", () -> new VoiceResponse.Builder().record(new com.twilio.twiml.voice.Record.Builder()
                .maxLength(3).timeout(0).playBeep(false).action("/recorded").recordingStatusCallback("/rec-status")
                .build()).build().toXml());
        webhooks.document("/recorded", () -> new VoiceResponse.Builder().hangup(new Hangup.Builder().build()).build().toXml());
        Path voice = io.softswitch.core.testing.TonePcap.write(Files.createTempFile("caller", ".pcap"), 440, 8000, 2.5);
        try (DatagramSocket rtp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            Sipp.Result caller = Sipp.scenario("uac-twiml-talk.xml").localIp(CARRIER_IP).arg("-s", NUMBER)
                    .key("rtp_port", Integer.toString(rtp.getLocalPort())).key("pcap", voice.toString())
                    .arg("-mp", Integer.toString(FreePorts.sippMedia()))
                    .runAgainst(sw.sipPort());
            assertThat(caller.allCallsSucceeded()).as(caller.toString()).isTrue();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> webhooks.requests().arrived("/recorded")
                && webhooks.requests().arrived("/rec-status"));
        Map<String, String> action = webhooks.requests().first("/recorded");
        String sid = action.get("RecordingSid");
        assertThat(sid).startsWith("RE");
        assertThat(action.get("RecordingUrl")).isEqualTo(sw.apiBase() + "/2010-04-01/Accounts/"
                + sw.accountSid() + "/Recordings/" + sid);
        assertThat(action.get("RecordingDuration")).isIn("2", "3");
        assertThat(action).containsEntry("Digits", "").containsEntry("CallSid", action.get("CallSid"));
        Map<String, String> status = webhooks.requests().first("/rec-status");
        assertThat(status).containsEntry("RecordingSid", sid).containsEntry("RecordingStatus", "completed")
                .containsEntry("RecordingUrl", action.get("RecordingUrl")).containsEntry("AccountSid", sw.accountSid());
        assertThat(badSignatures).isEmpty();

        // The URL the application got serves the WAV, with the account's credentials only.
        short[][] pcm = TrunkRecordingTest.pcm(sw.get(action.get("RecordingUrl")), 1);
        assertThat(pcm[0].length / 8000.0).isBetween(2.0, 3.2);
        assertThat(TrunkRecordingTest.tone(pcm[0], 440)).as("the caller's 440 Hz").isGreaterThan(1000);
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        assertThat(client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(action.get("RecordingUrl")))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray()).statusCode()).isEqualTo(401);
        await().atMost(Duration.ofSeconds(10)).until(() -> sw.daemon().engine().activeCalls() == 0);
    }

    private static short[] tone(int hz, double seconds) {
        short[] out = new short[(int) (8000 * seconds)];
        for (int i = 0; i < out.length; i++) {
            out[i] = (short) (16384 * Math.sin(2 * Math.PI * hz * i / 8000.0));
        }
        return out;
    }

    private double webhooks(String outcome) {
        var c = sw.daemon().metrics().registry().find("webhook.requests").tag("outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }

    /** The caller's RTP socket: decodes PCMU frames and keeps their energy. */
    private static final class AudioProbe implements RtpReceiver.Handler {
        volatile int frames;
        private double sumSquares;
        private long samples;

        @Override
        public synchronized void packet(DatagramSocket socket, DatagramPacket p) {
            byte[] buf = p.getData();
            int pt = buf[1] & 0x7f;
            if (p.getLength() <= 12 || pt != 0) {
                return;
            }
            frames++;
            for (int i = 12; i < p.getLength(); i++) {
                double s = G711.ulawToLinear(buf[i]);
                sumSquares += s * s;
                samples++;
            }
        }

        synchronized double rms() {
            return samples == 0 ? 0 : Math.sqrt(sumSquares / samples);
        }
    }
}
