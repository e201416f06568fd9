package io.softswitch.sip.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded random edits of a SIP message, for tests that compare two readings of the same bytes. */
final class ByteMutations {
    private ByteMutations() {
    }

    private static final String[] PIECES = {" ", "\t", "\r\n", "\n", "\r", ":", "<", ">", "\"", "@", ";", "?", "[",
        "]", "::", "sip:", "SIPS:", "SIP/2.0", "sip/2.0 ", "Content-Length: 9\r\n", "l: 0\r\n", "To: <sip:a@b>\r\n",
        "m: sip:a@b?x=y\r\n", "\r\n ", "\r\n\t", "\u00e9", "\u00ff", "\u0000", "1", "f", "CALL-ID: x\r\n", "\r\n\r\n"};

    /** One to three random edits: a piece inserted, a byte removed, or a header line doubled. */
    static byte[] mutate(byte[] message, Random random) {
        List<Byte> bytes = new ArrayList<>();
        for (byte b : message) {
            bytes.add(b);
        }
        for (int edits = 1 + random.nextInt(3); edits > 0 && !bytes.isEmpty(); edits--) {
            int at = random.nextInt(bytes.size());
            switch (random.nextInt(3)) {
                case 0 -> {
                    byte[] piece = PIECES[random.nextInt(PIECES.length)].getBytes(StandardCharsets.ISO_8859_1);
                    for (int i = piece.length - 1; i >= 0; i--) {
                        bytes.add(at, piece[i]);
                    }
                }
                case 1 -> bytes.remove(at);
                default -> {
                    int start = at;
                    while (start > 0 && bytes.get(start - 1) != '\n') {
                        start--;
                    }
                    int end = at;
                    while (end < bytes.size() && bytes.get(end) != '\n') {
                        end++;
                    }
                    List<Byte> line = new ArrayList<>(bytes.subList(start, Math.min(end + 1, bytes.size())));
                    bytes.addAll(start, line);
                }
            }
        }
        byte[] out = new byte[bytes.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = bytes.get(i);
        }
        return out;
    }

}
