package io.softswitch.media.internal.srtp;

import io.netty.buffer.ByteBuf;

/**
 * Translates a received datagram in place between the two legs' SRTP states: unprotect with the
 * sending leg's stream (if it speaks SRTP), then protect with the receiving leg's stream (if it
 * does). The packet is copied once into a scratch array with tail room and written back; no
 * allocation per packet. One instance per session, used on its event loop only.
 */
public final class SrtpTranslator {
    private final PacketBuffer scratch;

    public SrtpTranslator(int maxDatagram) {
        this.scratch = new PacketBuffer(maxDatagram);
    }

    /**
     * @param buf the datagram, readable bytes = the packet; rewritten in place on {@link SrtpStream.Result#OK}
     * @param rtcp true for RTCP/SRTCP
     * @param ssrc the packet's SSRC (RTP header, or the RTCP sender's SSRC)
     * @param from the sending leg's unprotect stream, or null when it sends plain RTP
     * @param to the receiving leg's protect stream, or null when it gets plain RTP
     */
    public SrtpStream.Result translate(ByteBuf buf, boolean rtcp, int ssrc, SrtpStream from, SrtpStream to) {
        int length = buf.readableBytes();
        if (length > scratch.capacity()) {
            return SrtpStream.Result.MALFORMED;
        }
        byte[] bytes = scratch.getBuffer();
        buf.getBytes(buf.readerIndex(), bytes, 0, length);
        scratch.setOffset(0);
        scratch.setLength(length);
        if (from != null) {
            SrtpStream.Result r = rtcp ? from.transformRtcp(scratch, ssrc) : from.transformRtp(scratch, ssrc);
            if (r != SrtpStream.Result.OK) {
                return r;
            }
        }
        if (to != null) {
            SrtpStream.Result r = rtcp ? to.transformRtcp(scratch, ssrc) : to.transformRtp(scratch, ssrc);
            if (r != SrtpStream.Result.OK) {
                return r;
            }
        }
        buf.writerIndex(buf.readerIndex());
        buf.writeBytes(bytes, scratch.getOffset(), scratch.getLength());
        return SrtpStream.Result.OK;
    }

    /** For tests and the known-answer check: transforms {@code packet} alone. */
    public static byte[] transform(byte[] packet, boolean rtcp, int ssrc, SrtpStream stream) {
        PacketBuffer b = new PacketBuffer(packet.length);
        System.arraycopy(packet, 0, b.getBuffer(), 0, packet.length);
        b.setLength(packet.length);
        SrtpStream.Result r = rtcp ? stream.transformRtcp(b, ssrc) : stream.transformRtp(b, ssrc);
        if (r != SrtpStream.Result.OK) {
            throw new IllegalStateException("srtp: " + r);
        }
        return java.util.Arrays.copyOfRange(b.getBuffer(), b.getOffset(), b.getOffset() + b.getLength());
    }
}
