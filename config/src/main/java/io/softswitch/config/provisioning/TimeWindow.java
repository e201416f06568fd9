package io.softswitch.config.provisioning;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Set;

/**
 * When a route is active: on {@code days}, from {@code start} (inclusive) to {@code end}
 * (exclusive) in {@code zone}. {@code end} before {@code start} spans midnight.
 */
public record TimeWindow(Set<DayOfWeek> days, LocalTime start, LocalTime end, ZoneId zone) {
    public TimeWindow {
        days = Set.copyOf(days);
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(zone, "zone");
    }

    /** How day names are spelled, for problems. */
    public static final String DAY_NAMES = "a day: mon, tue, wed, thu, fri, sat or sun (or monday...sunday)";

    /**
     * The day {@code name} names, {@code mon} or {@code monday} in any case; null when it names
     * none. The one reading of day names, for the YAML file, the API and the store.
     */
    public static DayOfWeek day(String name) {
        String s = name == null ? "" : name.trim();
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().substring(0, 3).equalsIgnoreCase(s) || d.name().equalsIgnoreCase(s)) {
                return d;
            }
        }
        return null;
    }
}
