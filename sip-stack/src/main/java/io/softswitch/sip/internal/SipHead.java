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
 * buffer are never scanned. The static helpers read a head in place, without decoding it, for the
 * checks that run on every message (issue 15, allocation per message).
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

    /**
     * True when a line of the head that starts at {@code from} (the start line) begins with SP or
     * HTAB: a continuation line, which {@link #frame} joins to the line before.
     */
    static boolean hasContinuation(byte[] message, int from, int length) {
        for (boolean first = true; from < length; first = false) {
            if (!first && (message[from] == ' ' || message[from] == '\t')) {
                return true;
            }
            int lf = lineFeed(message, from, length);
            if (lineEnd(message, from, lf, length) == from && lf < length) {
                return false; // the empty line: the head ends
            }
            from = lf + 1;
        }
        return false;
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

    /** ASCII case-insensitive: {@code name} is lower case, and no byte outside ASCII lower-cases to ASCII. */
    static boolean equalsIgnoreCase(byte[] b, int from, String name) {
        for (int i = 0; i < name.length(); i++) {
            int c = b[from + i] & 0xFF;
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The index of the LF ending the line at {@code from}, or {@code length}. */
    static int lineFeed(byte[] b, int from, int length) {
        int lf = from;
        while (lf < length && b[lf] != '\n') {
            lf++;
        }
        return lf;
    }

    /** The end of the line's text: before the CR of a CRLF, as {@link SipHead#frame}. */
    static int lineEnd(byte[] b, int from, int lf, int length) {
        return lf < length && lf > from && b[lf - 1] == '\r' ? lf - 1 : lf;
    }

    static int indexOf(byte[] b, int from, int to, char c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** As {@link String#trim()}: chars up to {@code ' '} (unsigned) are skipped. */
    static int trimStart(byte[] b, int from, int to) {
        while (from < to && (b[from] & 0xFF) <= ' ') {
            from++;
        }
        return from;
    }

    static int trimEnd(byte[] b, int from, int to) {
        while (to > from && (b[to - 1] & 0xFF) <= ' ') {
            to--;
        }
        return to;
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
