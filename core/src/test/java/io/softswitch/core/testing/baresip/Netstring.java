package io.softswitch.core.testing.baresip;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The framing of baresip's {@code ctrl_tcp}: D. J. Bernstein's netstrings,
 * {@code <decimal length>:<bytes>,} (https://cr.yp.to/proto/netstrings.txt).
 */
final class Netstring {
    /** Longer frames are a protocol error (baresip's own limit is far smaller). */
    static final int MAX_LENGTH = 1 << 20;

    private Netstring() {
    }

    static byte[] encode(String payload) {
        byte[] body = payload.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 12);
        out.writeBytes(Integer.toString(body.length).getBytes(StandardCharsets.US_ASCII));
        out.write(':');
        out.writeBytes(body);
        out.write(',');
        return out.toByteArray();
    }

    /** Reads one frame; {@link EOFException} when the stream ends before a frame starts. */
    static String read(InputStream in) throws IOException {
        int length = 0;
        int digits = 0;
        for (int c = in.read(); c != ':'; c = in.read()) {
            if (c < 0 && digits == 0) {
                throw new EOFException("ctrl_tcp closed");
            }
            if (c < '0' || c > '9' || ++digits > 7) {
                throw new IOException("netstring length: unexpected byte " + c + " (expected: digits then ':')");
            }
            length = length * 10 + (c - '0');
        }
        if (digits == 0 || length > MAX_LENGTH) {
            throw new IOException("netstring length: " + length + " (expected: 0-" + MAX_LENGTH + ")");
        }
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new IOException("netstring: truncated frame: " + body.length + " of " + length + " bytes");
        }
        int end = in.read();
        if (end != ',') {
            throw new IOException("netstring end: " + end + " (expected: ',')");
        }
        return new String(body, StandardCharsets.UTF_8);
    }
}
