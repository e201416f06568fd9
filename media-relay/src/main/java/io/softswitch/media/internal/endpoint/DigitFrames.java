package io.softswitch.media.internal.endpoint;

import java.util.ArrayDeque;

/**
 * Turns DTMF digits into a queue of 20 ms RFC 4733 telephone-event frames (section 2.5): each
 * digit is {@link #TONE_FRAMES} packets sharing the timestamp of the event's start, the first with
 * the marker bit, the duration field growing by 160 each; then the final duration three times
 * with the E bit (section 2.5.1.4); then {@link #GAP_FRAMES} frames without an event. {@code w}
 * is 500 ms without events.
 */
final class DigitFrames {
    static final int TONE_FRAMES = 5;
    static final int GAP_FRAMES = 3;
    static final int END_REPEATS = 3;
    static final int VOLUME = 10;
    static final int SAMPLES_PER_FRAME = 160;

    /** One 20 ms frame: an event packet, or nothing (event {@code -1}). */
    record Frame(int event, boolean start, boolean end, int duration) {
        boolean isEvent() {
            return event >= 0;
        }
    }

    private DigitFrames() {}

    /** The frames for {@code digits}; characters that are not DTMF are refused. */
    static ArrayDeque<Frame> of(String digits) {
        ArrayDeque<Frame> frames = new ArrayDeque<>();
        for (char c : digits.toCharArray()) {
            if (c == 'w' || c == 'W') {
                for (int i = 0; i < 25; i++) {
                    frames.add(new Frame(-1, false, false, 0));
                }
                continue;
            }
            int event = eventOf(c);
            if (event < 0) {
                throw new IllegalArgumentException("digits: '" + digits + "' (expected: 0-9 * # A-D w)");
            }
            for (int i = 1; i <= TONE_FRAMES; i++) {
                frames.add(new Frame(event, i == 1, false, i * SAMPLES_PER_FRAME));
            }
            for (int i = 0; i < END_REPEATS; i++) {
                frames.add(new Frame(event, false, true, TONE_FRAMES * SAMPLES_PER_FRAME));
            }
            for (int i = 0; i < GAP_FRAMES; i++) {
                frames.add(new Frame(-1, false, false, 0));
            }
        }
        return frames;
    }

    /** RFC 4733 section 3.2 event codes: 0-9, * = 10, # = 11, A-D = 12-15. */
    static int eventOf(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        return switch (Character.toUpperCase(c)) {
            case '*' -> 10;
            case '#' -> 11;
            case 'A' -> 12;
            case 'B' -> 13;
            case 'C' -> 14;
            case 'D' -> 15;
            default -> -1;
        };
    }
}
