package io.softswitch.core.e2e;

import static io.softswitch.core.e2e.Peers.DIALED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.softswitch.config.provisioning.Trunk;
import io.softswitch.core.testing.FreePorts;
import io.softswitch.core.testing.Sipp;
import io.softswitch.core.testing.TonePcap;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trunk recording (issue 19) with real SIPp on both sides, each playing its own G.711 tone from a
 * pcap through the relay: the PBX 440 Hz, the carrier 1000 Hz. The relay's WAV must hold them on
 * their own channels (dual) or mixed (mono), as long as the answered call.
 */
class TrunkRecordingTest {
    private static final double PBX_HZ = 440;
    private static final double CARRIER_HZ = 1000;

    @TempDir
    Path tmp;

    private Map<String, Object> recordCall(String mode) throws Exception {
        Path pbxTone = TonePcap.write(tmp.resolve("pbx.pcap"), PBX_HZ, 8000, 2.5);
        Path carrierTone = TonePcap.write(tmp.resolve("carrier.pcap"), CARRIER_HZ, 8000, 2.5);
        int carrierPort = FreePorts.udpAndTcp();
        var provisioning = Demo.termination(Demo.carrier("carrier", List.of(), carrierPort));
        try (E2eDaemon d = new E2eDaemon(provisioning);
                Sipp.Running carrier = Sipp.scenario("uas-record.xml").localPort(carrierPort)
                        .key("pcap", carrierTone.toString()).arg("-mp", Integer.toString(FreePorts.sippMedia()))
                        .startServer()) {
            // The trunk in the store (its SID is what calls carry), with the mode set as the API does.
            var store = d.daemon.provisioning();
            Trunk open = provisioning.trunks().get(0);
            store.apply(new io.softswitch.config.Provisioning(List.of(new Trunk(null, store.mainAccountSid(),
                    open.name(), open.domainName(), open.ipAcl(), open.credentials(), open.realm(), open.normalization(),
                    open.defaultRegion(), open.cpsLimit(), open.concurrentCallLimit(), open.symmetricRtp(),
                    open.callerIdMustBeOwned(), open.originationUrls(), open.calledRewrites(), open.callingRewrites())),
                    provisioning.carriers(), provisioning.numbers(), provisioning.routes()));
            String trunkSid = (String) store.rows().find("trunks", "friendly_name = ?", open.name()).orElseThrow().get("sid");
            store.write(() -> store.rows().update("trunks", trunkSid, Map.of("recording_mode", mode)));

            Sipp.Result pbx = Sipp.scenario("uac-record.xml").arg("-s", DIALED).key("pcap", pbxTone.toString())
                    .arg("-mp", Integer.toString(FreePorts.sippMedia())).runAgainst(d.sipPort);
            assertThat(pbx.allCallsSucceeded()).as(pbx.toString()).isTrue();
            assertThat(carrier.await().allCallsSucceeded()).isTrue();
            d.awaitCalls("completed", 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> store.rows()
                    .find("recordings", "status <> 'in-progress'").isPresent());
            Map<String, Object> rec = store.rows().find("recordings", "status <> 'in-progress'").orElseThrow();
            Map<String, Object> call = store.rows().find("calls", "sid = ?", rec.get("call_sid")).orElseThrow();
            rec.put("_call", call);
            rec.put("_wav", Files.readAllBytes(d.daemon.recordings().file((String) rec.get("sid"))));
            return rec;
        }
    }

    @Test
    void dualRecordingFromAnswerPutsTheCallerLeftAndTheCarrierRightForTheWholeCall() throws Exception {
        Map<String, Object> rec = recordCall("record-from-answer-dual");
        assertThat(rec).containsEntry("status", "completed").containsEntry("source", "Trunking")
                .containsEntry("channels", 2);
        short[][] wav = pcm((byte[]) rec.get("_wav"), 2);
        assertThat(tone(wav[0], PBX_HZ)).as("caller tone, left").isGreaterThan(1000);
        assertThat(tone(wav[0], CARRIER_HZ)).as("carrier tone, left").isLessThan(100);
        assertThat(tone(wav[1], CARRIER_HZ)).as("carrier tone, right").isGreaterThan(1000);
        assertThat(tone(wav[1], PBX_HZ)).as("caller tone, right").isLessThan(100);
        @SuppressWarnings("unchecked")
        Map<String, Object> call = (Map<String, Object>) rec.get("_call");
        double talk = Duration.between((Instant) call.get("answer_time"), (Instant) call.get("end_time")).toMillis() / 1000.0;
        assertThat(wav[0].length / 8000.0).as("recording vs answered call").isCloseTo(talk,
                org.assertj.core.data.Offset.offset(0.5));
        assertThat(((Number) rec.get("duration_ms")).longValue()).isEqualTo(wav[0].length / 8L);
    }

    @Test
    void monoRecordingMixesBothParties() throws Exception {
        Map<String, Object> rec = recordCall("record-from-ringing");
        assertThat(rec).containsEntry("status", "completed").containsEntry("channels", 1);
        short[][] wav = pcm((byte[]) rec.get("_wav"), 1);
        assertThat(tone(wav[0], PBX_HZ)).isGreaterThan(1000);
        assertThat(tone(wav[0], CARRIER_HZ)).isGreaterThan(1000);
    }

    /** The channels of a canonical 8 kHz 16-bit WAV whose header sizes match the file. */
    static short[][] pcm(byte[] wav, int channels) {
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt(0)).isEqualTo(0x46464952); // RIFF
        assertThat(b.getShort(20)).isEqualTo((short) 1); // PCM
        assertThat(b.getShort(22)).isEqualTo((short) channels);
        assertThat(b.getInt(24)).isEqualTo(8000);
        assertThat(b.getShort(34)).isEqualTo((short) 16);
        assertThat(b.getInt(40)).isEqualTo(wav.length - 44);
        short[][] out = new short[channels][(wav.length - 44) / 2 / channels];
        for (int i = 0; i < out[0].length; i++) {
            for (int c = 0; c < channels; c++) {
                out[c][i] = b.getShort(44 + (i * channels + c) * 2);
            }
        }
        return out;
    }

    /** The amplitude of {@code hz} over the whole signal (Goertzel, normalized). */
    static double tone(short[] x, double hz) {
        double coeff = 2 * Math.cos(2 * Math.PI * hz / 8000);
        double s1 = 0;
        double s2 = 0;
        for (short v : x) {
            double s0 = v + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        return x.length == 0 ? 0 : 2 * Math.sqrt(Math.max(0, s1 * s1 + s2 * s2 - coeff * s1 * s2)) / x.length;
    }
}
