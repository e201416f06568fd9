package io.softswitch.core.warmup;

import java.time.Duration;

/**
 * What a warm-up did.
 *
 * @param calls       synthetic calls placed
 * @param completed   of those, answered and hung up with {@code 200 OK} both ways
 * @param relayed     of the completed, whose answer came with the media relay's address (relay mode)
 * @param elapsed     from the first call placed to the last one ended
 * @param firstSetup  median INVITE-to-200 time of the first tenth of the completed calls
 * @param lastSetup   median INVITE-to-200 time of the last tenth
 * @param lastFailure the status of the last call that did not complete (408: no answer in time), or 0
 */
public record WarmupResult(int calls, int completed, int relayed, Duration elapsed, Duration firstSetup,
        Duration lastSetup, int lastFailure) {

    /** One line for the log and {@code /ready}. */
    public String describe() {
        StringBuilder sb = new StringBuilder().append(calls).append(" synthetic calls in ")
                .append(String.format(java.util.Locale.ROOT, "%.1f s", elapsed.toMillis() / 1000.0))
                .append(", ").append(completed).append(" completed");
        if (calls > completed) {
            sb.append(", ").append(calls - completed).append(" failed (last: ").append(lastFailure).append(')');
        }
        if (relayed > 0) {
            sb.append(", media relayed");
        }
        if (completed > 0) {
            sb.append(", setup p50 ").append(millis(firstSetup)).append(" first, ").append(millis(lastSetup))
                    .append(" last");
        }
        return sb.toString();
    }

    private static String millis(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f ms", d.toNanos() / 1e6);
    }
}
