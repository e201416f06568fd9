package io.softswitch.trunking.dialplan;

import io.softswitch.config.provisioning.RouteAction;
import io.softswitch.config.provisioning.TimeWindow;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;

/**
 * One route of a dial-plan prefix, as the trie stores it.
 *
 * @param carrier  the carrier's key (its SID when stored); null for {@code BLOCK}
 * @param priority lower is tried first
 * @param weight   share among equal priorities
 * @param trunk    the key of the only trunk it applies to, or null for every trunk
 * @param windows  when non-empty, active only inside one of them
 */
public record RouteEntry(String name, String carrier, int priority, int weight, String trunk, RouteAction action,
        List<TimeWindow> windows) {
    public RouteEntry {
        Objects.requireNonNull(action, "action");
        windows = List.copyOf(windows);
    }

    public boolean appliesTo(String trunkKey) {
        return trunk == null || trunk.equals(trunkKey);
    }

    /**
     * Whether a time window holds at {@code now}. A window whose end is not after its start spans
     * midnight and belongs to the day it starts on: Friday 22:00-06:00 holds Saturday 05:00.
     */
    public boolean activeAt(Instant now) {
        if (windows.isEmpty()) {
            return true;
        }
        for (TimeWindow w : windows) {
            if (holds(w, now)) {
                return true;
            }
        }
        return false;
    }

    static boolean holds(TimeWindow w, Instant now) {
        ZonedDateTime t = now.atZone(w.zone());
        var time = t.toLocalTime();
        boolean anyDay = w.days().isEmpty();
        if (w.start().isBefore(w.end())) {
            return (anyDay || w.days().contains(t.getDayOfWeek())) && !time.isBefore(w.start()) && time.isBefore(w.end());
        }
        if (!time.isBefore(w.start())) {
            return anyDay || w.days().contains(t.getDayOfWeek());
        }
        return time.isBefore(w.end()) && (anyDay || w.days().contains(t.getDayOfWeek().minus(1)));
    }
}
