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
}
