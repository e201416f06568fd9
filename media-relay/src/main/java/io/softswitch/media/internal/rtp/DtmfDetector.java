package io.softswitch.media.internal.rtp;

import io.netty.buffer.ByteBuf;
import io.softswitch.media.DtmfEvent;
import io.softswitch.media.Side;
import java.time.Duration;

/**
 * Finds DTMF digits in RFC 4733 telephone-event packets of one direction. Payload (section 2.3):
 *
 * <pre>
 * |     event     |E|R| volume    |          duration             |
 * </pre>
 *
 * All packets of one event share the RTP timestamp of its start (section 2.5.1.2); the end is
 * signalled with E=1, usually three times (section 2.5.1.4). A start is reported for the first
 * packet of a new timestamp, an end once for the first E=1 packet. Not thread-safe: owned by the
 * session's event loop.
 */
public final class DtmfDetector {
    /** Receives detected events. */
    public interface Sink {
        void dtmf(DtmfEvent event);
    }

    private final Side leg;
    private boolean active;
    private long timestamp;
    private boolean ended;

    public DtmfDetector(Side leg) {
        this.leg = leg;
    }

    /** Inspects a telephone-event packet whose payload starts at {@code offset}; ignores short or non-DTMF ones. */
    public void onPacket(ByteBuf packet, int offset, long rtpTimestamp, int clockRate, Sink sink) {
        int start = packet.readerIndex() + offset;
        if (packet.writerIndex() - start < 4) {
            return;
        }
        int event = packet.getUnsignedByte(start);
        int flags = packet.getUnsignedByte(start + 1);
        int duration = packet.getUnsignedShort(start + 2);
        char digit = DtmfEvent.digitOf(event);
        if (digit == 0) {
            return;
        }
        boolean end = (flags & 0x80) != 0;
        int volume = flags & 0x3f;
        if (!active || rtpTimestamp != timestamp) {
            active = true;
            timestamp = rtpTimestamp;
            ended = false;
            sink.dtmf(new DtmfEvent(leg, digit, false, duration(duration, clockRate), volume));
        }
        if (end && !ended) {
            ended = true;
            sink.dtmf(new DtmfEvent(leg, digit, true, duration(duration, clockRate), volume));
        }
    }

    private static Duration duration(int units, int clockRate) {
        return Duration.ofNanos(units * 1_000_000_000L / (clockRate > 0 ? clockRate : 8000));
    }
}
