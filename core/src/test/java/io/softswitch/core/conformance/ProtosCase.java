package io.softswitch.core.conformance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One PROTOS c07-sip test case: the INVITE template and its teardown template, each stored as
 * {@code <decimal length> SP <bytes>}, with placeholders such as {@code <Call-ID>} to substitute
 * (format described in {@code shared/conformance/README.md}).
 */
record ProtosCase(String id, byte[] invite, byte[] teardown) {
    /** The largest UDP payload; longer cases are truncated, as the original PROTOS tool does. */
    static final int MAX_DATAGRAM = 65507;

    static ProtosCase read(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        int[] pos = {0};
        byte[] invite = next(b, pos, file);
        byte[] teardown = next(b, pos, file);
        return new ProtosCase(file.getFileName().toString(), invite, teardown);
    }

    private static byte[] next(byte[] b, int[] pos, Path file) throws IOException {
        int i = pos[0];
        int len = 0;
        while (i < b.length && b[i] >= '0' && b[i] <= '9') {
            len = len * 10 + (b[i++] - '0');
        }
        if (i >= b.length || b[i] != ' ' || i + 1 + len > b.length) {
            throw new IOException(file + ": bad PROTOS framing at byte " + pos[0]);
        }
        byte[] out = java.util.Arrays.copyOfRange(b, i + 1, i + 1 + len);
        pos[0] = i + 1 + len;
        return out;
    }

    /** Values for the placeholders of one send. */
    record Fill(String to, String from, String address, int localPort, String branch, String callId, int cseq) {
    }

    /** The INVITE with placeholders filled and Content-Length computed from the filled body, at most one datagram. */
    byte[] inviteFor(Fill f) {
        return truncate(fill(invite, f, "INVITE"));
    }

    byte[] teardownFor(Fill f, String method) {
        return truncate(fill(teardown, f, method));
    }

    private static byte[] fill(byte[] template, Fill f, String teardownMethod) {
        byte[] filled = replaceAll(template, f, teardownMethod, "0");
        int body = bodyLength(filled);
        return replaceAll(template, f, teardownMethod, Integer.toString(body));
    }

    /** Placeholders are ASCII; the rest of the case is kept byte for byte (ISO-8859-1 round trip). */
    private static byte[] replaceAll(byte[] template, Fill f, String teardownMethod, String contentLength) {
        String s = new String(template, StandardCharsets.ISO_8859_1)
                .replace("<To>", f.to())
                .replace("<From>", f.from())
                .replace("<From-Address>", f.address())
                .replace("<From-IP>", f.address())
                .replace("<Local-Port>", Integer.toString(f.localPort()))
                .replace("<Branch-ID>", f.branch())
                .replace("<Call-ID>", f.callId())
                .replace("<CSeq>", Integer.toString(f.cseq()))
                .replace("<Teardown-Method>", teardownMethod)
                .replace("<Content-Length>", contentLength);
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static int bodyLength(byte[] message) {
        for (int i = 0; i + 3 < message.length; i++) {
            if (message[i] == '\r' && message[i + 1] == '\n' && message[i + 2] == '\r' && message[i + 3] == '\n') {
                return message.length - (i + 4);
            }
        }
        return 0;
    }

    private static byte[] truncate(byte[] b) {
        if (b.length <= MAX_DATAGRAM) {
            return b;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(MAX_DATAGRAM);
        out.write(b, 0, MAX_DATAGRAM);
        return out.toByteArray();
    }
}
