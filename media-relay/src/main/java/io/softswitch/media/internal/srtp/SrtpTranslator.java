package io.softswitch.media.internal.srtp;

import io.netty.buffer.ByteBuf;

/**
 * Transforms received datagrams in place: the session unprotects with the sending leg's stream
 * (if it speaks SRTP), reads the plain packet (statistics, DTMF), then protects with the receiving
 * leg's stream (if it does). Each step copies the packet into a scratch array with tail room and
 * back; no allocation per packet. One instance per session, used on its event loop only.
 */
public final class SrtpTranslator {
    private final PacketBuffer scratch;
    private ByteBuf output;

    public SrtpTranslator(int maxDatagram) {
        this.scratch = new PacketBuffer(maxDatagram);
    }

    /**
     * Transforms a datagram with one stream: unprotects what a leg sent, or protects what we send a
     * leg. On {@link SrtpStream.Result#OK} the packet is in {@link #output()}: {@code buf} itself,
     * rewritten in place, or, when {@code buf} cannot grow by the tag (a slice of the read buffer), a
     * new buffer from the same allocator, {@code buf} then being released. On any other result
     * {@code buf} is untouched.
     *
     * @param buf the datagram, readable bytes = the packet
     * @param rtcp true for RTCP/SRTCP
     * @param ssrc the packet's SSRC (RTP header, or the RTCP sender's SSRC)
     * @param stream the leg's stream
     */
    public SrtpStream.Result translate(ByteBuf buf, boolean rtcp, int ssrc, SrtpStream stream) {
        output = buf;
        int length = buf.readableBytes();
        if (length > scratch.capacity()) {
            return SrtpStream.Result.MALFORMED;
        }
        byte[] bytes = scratch.getBuffer();
        buf.getBytes(buf.readerIndex(), bytes, 0, length);
        scratch.setOffset(0);
        scratch.setLength(length);
        SrtpStream.Result r = rtcp ? stream.transformRtcp(scratch, ssrc) : stream.transformRtp(scratch, ssrc);
        if (r == SrtpStream.Result.OK) {
            int out = scratch.getLength();
            if (buf.maxCapacity() - buf.readerIndex() >= out) {
                buf.writerIndex(buf.readerIndex());
                buf.writeBytes(bytes, scratch.getOffset(), out);
            } else {
                output = buf.alloc().ioBuffer(out).writeBytes(bytes, scratch.getOffset(), out);
                buf.release();
            }
        }
        return r;
    }

    /** The packet after the last successful {@link #translate}. */
    public ByteBuf output() {
        return output;
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
