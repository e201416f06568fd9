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

    /** Decodes one value starting at {@code pos[0]}, advancing it. */
    static Object decode(byte[] data, int[] pos) {
        byte c = data[pos[0]];
        if (c == 'i') {
            int end = indexOf(data, (byte) 'e', pos[0]);
            long v = Long.parseLong(new String(data, pos[0] + 1, end - pos[0] - 1, StandardCharsets.US_ASCII));
            pos[0] = end + 1;
            return v;
        }
        if (c == 'l') {
            pos[0]++;
            List<Object> list = new ArrayList<>();
            while (data[pos[0]] != 'e') {
                list.add(decode(data, pos));
            }
            pos[0]++;
            return list;
        }
        if (c == 'd') {
            pos[0]++;
            Map<String, Object> map = new LinkedHashMap<>();
            while (data[pos[0]] != 'e') {
                String key = (String) decode(data, pos);
                map.put(key, decode(data, pos));
            }
            pos[0]++;
            return map;
        }
        int colon = indexOf(data, (byte) ':', pos[0]);
        int length = Integer.parseInt(new String(data, pos[0], colon - pos[0], StandardCharsets.US_ASCII));
        String s = new String(data, colon + 1, length, StandardCharsets.UTF_8);
        pos[0] = colon + 1 + length;
        return s;
    }

    private static int indexOf(byte[] data, byte b, int from) {
        for (int i = from; i < data.length; i++) {
            if (data[i] == b) {
                return i;
            }
        }
        throw new IllegalArgumentException("bencode: truncated");
    }
}
