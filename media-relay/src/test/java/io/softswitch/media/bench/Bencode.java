package io.softswitch.media.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Bencode (BitTorrent BEP 3), as rtpengine's ng protocol uses it: strings, integers, lists, dictionaries. */
final class Bencode {
    private Bencode() {
    }

    static byte[] encode(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, value);
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, Object value) {
        if (value instanceof String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.writeBytes((b.length + ":").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(b);
        } else if (value instanceof Number n) {
            out.writeBytes(("i" + n.longValue() + "e").getBytes(StandardCharsets.US_ASCII));
        } else if (value instanceof List<?> list) {
            out.write('l');
            list.forEach(v -> write(out, v));
            out.write('e');
        } else if (value instanceof Map<?, ?> map) {
            out.write('d');
            map.forEach((k, v) -> {
                write(out, k.toString());
                write(out, v);
            });
            out.write('e');
        } else {
            throw new IllegalArgumentException("bencode: " + value);
        }
    }

    /**
     * Decodes the one value in {@code data[from, to)}.
     *
     * @throws IllegalArgumentException on anything that is not exactly one well-formed value
     */
    static Object decode(byte[] data, int from, int to) {
        int[] pos = {from};
        try {
            Object value = decode(data, pos, to, 0);
            if (pos[0] != to) {
                throw new IllegalArgumentException("bencode: " + (to - pos[0]) + " bytes after the value");
            }
            return value;
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("bencode: malformed at byte " + pos[0], e);
        }
    }

    /** Nesting limit, so a hostile message cannot exhaust the stack. */
    private static final int MAX_DEPTH = 32;

    private static Object decode(byte[] data, int[] pos, int to, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("bencode: nested deeper than " + MAX_DEPTH);
        }
        byte c = at(data, pos[0], to);
        if (c == 'i') {
            int end = indexOf(data, (byte) 'e', pos[0], to);
            long v = Long.parseLong(new String(data, pos[0] + 1, end - pos[0] - 1, StandardCharsets.US_ASCII));
            pos[0] = end + 1;
            return v;
        }
        if (c == 'l') {
            pos[0]++;
            List<Object> list = new ArrayList<>();
            while (at(data, pos[0], to) != 'e') {
                list.add(decode(data, pos, to, depth + 1));
            }
            pos[0]++;
            return list;
        }
        if (c == 'd') {
            pos[0]++;
            Map<String, Object> map = new LinkedHashMap<>();
            while (at(data, pos[0], to) != 'e') {
                if (!(decode(data, pos, to, depth + 1) instanceof String key)) {
                    throw new IllegalArgumentException("bencode: dictionary key is not a string");
                }
                map.put(key, decode(data, pos, to, depth + 1));
            }
            pos[0]++;
            return map;
        }
        int colon = indexOf(data, (byte) ':', pos[0], to);
        int length = Integer.parseInt(new String(data, pos[0], colon - pos[0], StandardCharsets.US_ASCII));
        if (length < 0 || length > to - colon - 1) {
            throw new IllegalArgumentException("bencode: string length " + length + " past the end");
        }
        String s = new String(data, colon + 1, length, StandardCharsets.UTF_8);
        pos[0] = colon + 1 + length;
        return s;
    }

    private static byte at(byte[] data, int i, int to) {
        if (i >= to) {
            throw new IllegalArgumentException("bencode: truncated");
        }
        return data[i];
    }

    private static int indexOf(byte[] data, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (data[i] == b) {
                return i;
            }
        }
        throw new IllegalArgumentException("bencode: truncated");
    }
}
