package io.softswitch.config.provisioning;

import java.util.List;
import java.util.Objects;

/**
 * A dial-plan entry: E.164 digits prefix (no {@code +}; empty = default route) to a carrier. The
 * prefix {@link #EMERGENCY} instead marks the dedicated route taken by emergency and service short
 * codes ({@code 911}, {@code 933}, {@code 112}, {@code 999}...), which are not E.164.
 *
 * @param trunk   when non-null, the route applies only to calls from this trunk ({@linkplain Trunk#key() key})
 * @param carrier the carrier's {@linkplain Carrier#key() key}; null for {@code BLOCK}
 * @param windows when non-empty, the route is active only inside one of them
 */
public record Route(String sid, String name, String prefix, String carrier, int priority, int weight, String trunk,
        RouteAction action, List<TimeWindow> windows) {
    /** The {@code prefix} of the emergency and short-code route. */
    public static final String EMERGENCY = "emergency";

    public Route {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(action, "action");
        windows = List.copyOf(windows);
    }
}
