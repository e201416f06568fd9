package io.softswitch.media.internal.srtp;

import org.jitsi.utils.ByteArrayBuffer;

/**
 * A reusable packet buffer for jitsi-srtp: one array with tail room for the tag and the SRTCP
 * index, so the transforms never call {@link #grow} (with GCM, growing gave a wrong tag and no
 * error: shared/notes/libraries.md). Confined to one event loop.
 */
final class PacketBuffer implements ByteArrayBuffer {
    /** Tail room kept past the largest packet: GCM tag 16 + SRTCP index 4, rounded up. */
    static final int TAIL_ROOM = 64;

    private final byte[] buffer;
    private int offset;
    private int length;

    PacketBuffer(int maxPacket) {
        this.buffer = new byte[maxPacket + TAIL_ROOM];
    }

    int capacity() {
        return buffer.length - TAIL_ROOM;
    }

    @Override
    public byte[] getBuffer() {
        return buffer;
    }

    @Override
    public int getOffset() {
        return offset;
    }

    @Override
    public int getLength() {
        return length;
    }

    @Override
    public void setLength(int length) {
        if (length < 0 || offset + length > buffer.length) {
            throw new IllegalArgumentException("length: " + length + " (expected: 0-" + (buffer.length - offset) + ")");
        }
        this.length = length;
    }

    @Override
    public void setOffset(int offset) {
        this.offset = offset;
    }

    @Override
    public boolean isInvalid() {
        return false;
    }

    @Override
    public void readRegionToBuff(int off, int len, byte[] outBuf) {
        System.arraycopy(buffer, offset + off, outBuf, 0, len);
    }

    @Override
    public void grow(int howMuch) {
        if (offset + length + howMuch > buffer.length) {
            throw new IllegalStateException("packet buffer: " + howMuch + " more bytes do not fit");
        }
    }

    @Override
    public void append(byte[] data, int len) {
        grow(len);
        System.arraycopy(data, 0, buffer, offset + length, len);
        length += len;
    }

    @Override
    public void shrink(int len) {
        length = Math.max(0, length - len);
    }
}
