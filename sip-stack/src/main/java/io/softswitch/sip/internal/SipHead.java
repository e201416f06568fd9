package io.softswitch.sip.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The head of a raw SIP message, framed once for the checks that run before JAIN-SIP parses it
 * ({@link OverloadShedder}, {@link RawMessageChecks}): leading CRLFs are skipped (RFC 3261 §7.5),
 * lines end with CRLF or a bare LF, continuation lines (leading SP or HTAB, §7.3.1) are joined to
 * the line before with one space, and the first empty line ends the head (§7). Only head bytes are
 * decoded (ISO-8859-1, so every byte maps to one char); the body and the unused tail of a datagram
 * buffer are never scanned.
 *
 * @param lines     the start line, then the unfolded header lines; empty when the message is
 * @param bodyStart index of the first body byte (just after the empty line), or the message length
 *                  when the head has no end
 */
record SipHead(List<String> lines, int bodyStart) {

    /** Frames the first {@code length} bytes of {@code message}. */
    static SipHead frame(byte[] message, int length) {
        List<String> lines = new ArrayList<>();
        int from = start(message, length);
        int bodyStart = length;
        while (from < length) {
            int lf = from;
            while (lf < length && message[lf] != '\n') {
                lf++;
            }
            int end = lf < length && lf > from && message[lf - 1] == '\r' ? lf - 1 : lf;
            if (end == from && lf < length) {
                bodyStart = lf + 1; // the empty line
                break;
            }
            String line = new String(message, from, end - from, StandardCharsets.ISO_8859_1);
            from = lf + 1;
            char first = line.isEmpty() ? 'x' : line.charAt(0);
            if ((first == ' ' || first == '\t') && !lines.isEmpty()) {
                lines.set(lines.size() - 1, lines.get(lines.size() - 1) + " " + line.trim());
            } else {
                lines.add(line);
            }
        }
        return new SipHead(List.copyOf(lines), bodyStart);
    }

    /** Index of the first byte after leading CR and LF bytes (RFC 3261 §7.5). */
    static int start(byte[] message, int length) {
        int start = 0;
        while (start < length && (message[start] == '\r' || message[start] == '\n')) {
            start++;
        }
        return start;
    }

    /** True when the bytes at {@code from} (before {@code length}) are {@code prefix} (ASCII). */
    static boolean startsWith(byte[] message, int from, int length, String prefix) {
        if (length - from < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (message[from + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The start line (request or status line), or "" for an empty message. */
    String startLine() {
        return lines.isEmpty() ? "" : lines.get(0);
    }

    /** The unfolded header lines, without the start line. */
    List<String> headerLines() {
        return lines.isEmpty() ? List.of() : lines.subList(1, lines.size());
    }
}
