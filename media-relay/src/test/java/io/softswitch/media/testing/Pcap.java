package io.softswitch.media.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the UDP payloads of a classic libpcap file (Ethernet, IPv4), enough for the SIPp RTP
 * captures; anything else in the file is skipped.
 */
public final class Pcap {
    private Pcap() {
    }

    /** One captured UDP datagram. */
    public record Datagram(long micros, byte[] payload) {
    }

    public static List<Datagram> udpPayloads(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        int magic = b.getInt(0);
        b.order(magic == 0xa1b2c3d4 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != 0xa1b2c3d4) {
            throw new IOException(file + ": not a pcap file (magic " + Integer.toHexString(magic) + ")");
        }
        if (b.getInt(20) != 1) {
            throw new IOException(file + ": link type " + b.getInt(20) + " (expected: 1, Ethernet)");
        }
        List<Datagram> out = new ArrayList<>();
        int pos = 24;
        while (pos + 16 <= b.limit()) {
            long micros = (b.getInt(pos) & 0xFFFFFFFFL) * 1_000_000L + (b.getInt(pos + 4) & 0xFFFFFFFFL);
            int length = b.getInt(pos + 8);
            int frame = pos + 16;
            pos = frame + length;
            int ethertype = ((b.get(frame + 12) & 0xff) << 8) | (b.get(frame + 13) & 0xff);
            int ip = frame + 14;
            if (ethertype != 0x0800 || (b.get(ip + 9) & 0xff) != 17) {
                continue; // not IPv4/UDP
            }
            int udp = ip + 4 * (b.get(ip) & 0x0f);
            int udpLength = ((b.get(udp + 4) & 0xff) << 8) | (b.get(udp + 5) & 0xff);
            out.add(new Datagram(micros, Arrays.copyOfRange(b.array(), udp + 8, udp + udpLength)));
        }
        return out;
    }
}
