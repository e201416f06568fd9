package io.softswitch.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.media.testing.Pcap;
import io.softswitch.media.testing.RecordingEvents;
import io.softswitch.media.testing.RtpPeer;
import io.softswitch.media.testing.Sdps;
import io.softswitch.media.testing.TestRelays;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 4733 digits from the SIPp captures shipped by Debian's sip-tester. */
class DtmfDetectionTest {
    private static final Path CAPTURES = Path.of("/usr/share/sip-tester");

    @ParameterizedTest(name = "{0}")
    @CsvSource({"dtmf_2833_1.pcap, 1", "dtmf_2833_9.pcap, 9", "dtmf_2833_star.pcap, *", "dtmf_2833_pound.pcap, #"})
    void digitFromTheSippCaptureIsDetectedAndPassesUntouched(String capture, char digit) throws Exception {
        List<Pcap.Datagram> packets = Pcap.udpPayloads(CAPTURES.resolve(capture));
        assertThat(packets).isNotEmpty();
        RecordingEvents events = new RecordingEvents();
        try (MediaRelay relay = MediaRelay.start(TestRelays.loopback(8), events);
                RtpPeer pbx = new RtpPeer(); RtpPeer carrier = new RtpPeer()) {
            MediaSession session = relay.createSession("dtmf", SessionOptions.DEFAULT, events);
            session.offer(Side.A, Sdps.audio("127.0.0.1", pbx.port()));
            session.answer(Side.B, Sdps.audio("127.0.0.1", carrier.port()));
            for (Pcap.Datagram packet : packets) {
                pbx.send(packet.payload(), session.localRtpPort(Side.A));
            }
            for (Pcap.Datagram packet : packets) {
                assertThat(carrier.receive().data()).isEqualTo(packet.payload());
            }
            DtmfEvent start = events.dtmf.poll(2, TimeUnit.SECONDS);
            DtmfEvent end = events.dtmf.poll(2, TimeUnit.SECONDS);
            assertThat(start).isNotNull();
            assertThat(start.digit()).isEqualTo(digit);
            assertThat(start.end()).isFalse();
            assertThat(start.from()).isEqualTo(Side.A);
            assertThat(end).isNotNull();
            assertThat(end.digit()).isEqualTo(digit);
            assertThat(end.end()).isTrue();
            assertThat(end.duration()).isEqualTo(lastDuration(packets));
            assertThat(events.dtmf).isEmpty(); // the repeated end packets report once
        }
    }

    @Test
    void generatedDigitsAreReportedInOrderWithTheirDurations() throws Exception {
        RecordingEvents events = new RecordingEvents();
        try (MediaRelay relay = MediaRelay.start(TestRelays.loopback(8), events);
                RtpPeer pbx = new RtpPeer(); RtpPeer carrier = new RtpPeer()) {
            MediaSession session = relay.createSession("dtmf", SessionOptions.DEFAULT, events);
            session.offer(Side.A, Sdps.audio("127.0.0.1", pbx.port()));
            session.answer(Side.B, Sdps.audio("127.0.0.1", carrier.port()));
            int seq = 100;
            for (int event : new int[] {4, 11}) {
                long ts = seq * 160L;
                for (int i = 1; i <= 5; i++) {
                    carrier.send(telephoneEvent(seq++, ts, event, false, i * 160), session.localRtpPort(Side.B));
                }
                for (int i = 0; i < 3; i++) {
                    carrier.send(telephoneEvent(seq++, ts, event, true, 800), session.localRtpPort(Side.B));
                }
            }
            String seen = "";
            for (int i = 0; i < 4; i++) {
                DtmfEvent e = events.dtmf.poll(2, TimeUnit.SECONDS);
                assertThat(e.from()).isEqualTo(Side.B);
                seen += e.digit() + (e.end() ? "/" + e.duration().toMillis() + " " : " ");
            }
            assertThat(seen).isEqualTo("4 4/100 # #/100 ");
        }
    }

    private static byte[] telephoneEvent(int seq, long ts, int event, boolean end, int duration) {
        byte[] header = RtpPeer.rtp(101, seq, ts, 0x5, 4);
        ByteBuffer.wrap(header, 12, 4).put((byte) event).put((byte) ((end ? 0x80 : 0) | 10)).putShort((short) duration);
        return header;
    }

    private static Duration lastDuration(List<Pcap.Datagram> packets) {
        byte[] last = packets.get(packets.size() - 1).payload();
        int units = ByteBuffer.wrap(last).getShort(14) & 0xFFFF;
        return Duration.ofNanos(units * 125_000L);
    }
}
