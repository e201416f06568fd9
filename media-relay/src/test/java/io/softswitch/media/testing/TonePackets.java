package io.softswitch.media.testing;

import io.softswitch.media.codec.G711;
import java.nio.ByteBuffer;

/** PCMU packets of a sine tone, 20 ms each, timestamps contiguous from zero. */
public final class TonePackets {
    private final double hz;
    private final int amplitude;
    private final int ssrc;

    public TonePackets(double hz, int amplitude, int ssrc) {
        this.hz = hz;
        this.amplitude = amplitude;
        this.ssrc = ssrc;
    }

    /** Packet {@code n} (sequence n, timestamp n * 160). */
    public byte[] packet(int n) {
        ByteBuffer b = ByteBuffer.allocate(12 + 160);
        b.put((byte) 0x80).put((byte) 0).putShort((short) n).putInt(n * 160).putInt(ssrc);
        for (int i = 0; i < 160; i++) {
            double t = (n * 160 + i) / 8000.0;
            b.put(G711.linearToUlaw((short) (amplitude * Math.sin(2 * Math.PI * hz * t))));
        }
        return b.array();
    }
}
