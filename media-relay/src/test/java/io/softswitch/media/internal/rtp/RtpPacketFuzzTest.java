package io.softswitch.media.internal.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.softswitch.media.DtmfEvent;
import io.softswitch.media.Side;
import io.softswitch.media.StreamStats;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Jazzer: a stream of arbitrary datagrams through the relay's packet path as
 * {@code RelaySession.onPacket} runs it: RTP/RTCP classification ({@link RtpPackets}), header
 * fields, receive statistics ({@link StreamStatistics}) and RFC 4733 event detection
 * ({@link DtmfDetector}), never throws, never reads outside the datagram, and yields sane
 * statistics.
 *
 * <p>Input framing, repeated: one flags byte (bit 0: arrives on the RTCP port; bit 1: payload type
 * 101 is telephone-event; bits 2-7: milliseconds since the previous datagram), a 2-byte big-endian
 * length, then that many datagram bytes (fewer at the end of the input). Seeds in
 * {@code src/test/resources/io/softswitch/media/internal/rtp/RtpPacketFuzzTestInputs/classifyAndCount/}
 * (PCMU, telephone-event and RTCP packets in this framing) replay in every build.
 */
class RtpPacketFuzzTest {
    private static final int TELEPHONE_EVENT = 101;

    @FuzzTest(maxDuration = "30s")
    void classifyAndCount(byte[] input) {
        StreamStatistics stats = new StreamStatistics();
        DtmfDetector dtmf = new DtmfDetector(Side.A);
        List<DtmfEvent> events = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(input);
        long now = 1_000_000_000L;
        long rtp = 0;
        long rtcp = 0;
        while (in.remaining() >= 3) {
            int flags = in.get() & 0xff;
            int length = Math.min(in.getShort() & 0xffff, in.remaining());
            byte[] datagram = new byte[length];
            in.get(datagram);
            now += (flags >>> 2) * 1_000_000L;
            // A read past the datagram throws IndexOutOfBoundsException from the exact-size buffer.
            ByteBuf buf = Unpooled.wrappedBuffer(datagram);
            if ((flags & 1) != 0) {
                if (RtpPackets.isRtcp(buf)) {
                    RtpPackets.rtcpSsrc(buf);
                    stats.onRtcp();
                    rtcp++;
                }
                continue;
            }
            if (!RtpPackets.isRtp(buf)) {
                continue;
            }
            rtp++;
            int pt = RtpPackets.payloadType(buf);
            boolean event = (flags & 2) != 0 && pt == TELEPHONE_EVENT;
            long timestamp = RtpPackets.timestamp(buf);
            RtpPackets.marker(buf);
            stats.onRtp(RtpPackets.sequenceNumber(buf), timestamp, RtpPackets.ssrc(buf), event ? 0 : 8000,
                    datagram.length, now);
            if (event) {
                dtmf.onPacket(buf, RtpPackets.payloadOffset(buf), timestamp, 8000, events::add);
            }
        }
        StreamStats s = stats.snapshot();
        assertThat(s.packets()).isEqualTo(rtp);
        assertThat(s.rtcpPackets()).isEqualTo(rtcp);
        assertThat(s.lost()).isGreaterThanOrEqualTo(0);
        assertThat(s.lossRatio()).isBetween(0.0, 1.0);
        assertThat(s.jitterMillis()).isNotNaN().isGreaterThanOrEqualTo(0.0);
        assertThat(s.duplicates() + s.outOfOrder()).isLessThanOrEqualTo(2 * s.packets());
    }
}
