package io.softswitch.media.internal.rtp;

import io.netty.buffer.ByteBuf;

/**
 * Reads RTP and RTCP headers in place (RFC 3550 sections 5.1 and 6.4), without copying.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * |                           timestamp                           |
 * |           synchronization source (SSRC) identifier            |
 * </pre>
 */
public final class RtpPackets {
    public static final int RTP_HEADER = 12;
    public static final int RTCP_HEADER = 8;

    private RtpPackets() {
    }

    /** Version 2 and at least a fixed header, including CSRCs and the extension if announced. */
    public static boolean isRtp(ByteBuf buf) {
        return buf.readableBytes() >= RTP_HEADER && version(buf) == 2 && payloadOffset(buf) >= 0;
    }

    /** Version 2, at least the RTCP common header, a packet type in the RTCP range 192-223 (RFC 5761 section 4). */
    public static boolean isRtcp(ByteBuf buf) {
        if (buf.readableBytes() < RTCP_HEADER || version(buf) != 2) {
            return false;
        }
        int type = buf.getUnsignedByte(buf.readerIndex() + 1);
        return type >= 192 && type <= 223;
    }

    private static int version(ByteBuf buf) {
        return buf.getUnsignedByte(buf.readerIndex()) >>> 6;
    }

    public static boolean marker(ByteBuf buf) {
        return (buf.getUnsignedByte(buf.readerIndex() + 1) & 0x80) != 0;
    }

    public static int payloadType(ByteBuf buf) {
        return buf.getUnsignedByte(buf.readerIndex() + 1) & 0x7f;
    }

    public static int sequenceNumber(ByteBuf buf) {
        return buf.getUnsignedShort(buf.readerIndex() + 2);
    }

    public static long timestamp(ByteBuf buf) {
        return buf.getUnsignedInt(buf.readerIndex() + 4);
    }

    public static int ssrc(ByteBuf buf) {
        return buf.getInt(buf.readerIndex() + 8);
    }

    /** The sender SSRC of an RTCP packet (SR, RR, SDES, BYE and APP all carry it at offset 4). */
    public static int rtcpSsrc(ByteBuf buf) {
        return buf.getInt(buf.readerIndex() + 4);
    }

    /** Offset of the payload from the reader index, or -1 when the header runs past the packet. */
    public static int payloadOffset(ByteBuf buf) {
        int start = buf.readerIndex();
        int length = buf.readableBytes();
        int offset = RTP_HEADER + 4 * (buf.getUnsignedByte(start) & 0x0f);
        if ((buf.getUnsignedByte(start) & 0x10) != 0) { // header extension, RFC 3550 section 5.3.1
            if (length < offset + 4) {
                return -1;
            }
            offset += 4 + 4 * buf.getUnsignedShort(start + offset + 2);
        }
        return offset <= length ? offset : -1;
    }
}
