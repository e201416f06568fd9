package io.softswitch.core.testing;

import io.softswitch.media.codec.G711;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a pcap (Ethernet, IPv4, UDP) of PCMU RTP packets carrying a sine tone, 20 ms apart, for
 * SIPp's {@code play_pcap_audio}: each side of a call can send its own tone.
 */
public final class TonePcap {
    private TonePcap() {
    }

    public static Path write(Path file, double hz, int amplitude, double seconds) throws IOException {
        int packets = (int) Math.round(seconds * 50);
        int rtpLen = 12 + 160;
        int udpLen = 8 + rtpLen;
        int ipLen = 20 + udpLen;
        int frameLen = 14 + ipLen;
        ByteBuffer b = ByteBuffer.allocate(24 + packets * (16 + frameLen)).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        for (int n = 0; n < packets; n++) {
            long micros = n * 20_000L;
            b.order(ByteOrder.LITTLE_ENDIAN).putInt((int) (micros / 1_000_000)).putInt((int) (micros % 1_000_000))
                    .putInt(frameLen).putInt(frameLen);
            b.order(ByteOrder.BIG_ENDIAN);
            b.put(new byte[] {0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1}).putShort((short) 0x0800);
            b.put((byte) 0x45).put((byte) 0).putShort((short) ipLen).putShort((short) n).putShort((short) 0)
                    .put((byte) 64).put((byte) 17).putShort((short) 0)
                    .put(new byte[] {127, 0, 0, 1}).put(new byte[] {127, 0, 0, 1});
            b.putShort((short) 6000).putShort((short) 6002).putShort((short) udpLen).putShort((short) 0);
            b.put((byte) 0x80).put((byte) 0).putShort((short) n).putInt(n * 160).putInt(0x5eed);
            for (int i = 0; i < 160; i++) {
                double t = (n * 160 + i) / 8000.0;
                b.put(G711.linearToUlaw((short) (amplitude * Math.sin(2 * Math.PI * hz * t))));
            }
        }
        Files.write(file, b.array());
        return file;
    }
}
