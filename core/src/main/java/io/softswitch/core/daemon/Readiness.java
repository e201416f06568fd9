package io.softswitch.core.daemon;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Which parts of the daemon are up. {@code /ready} is 200 only when every registered component is
 * up. Thread-safe.
 */
public final class Readiness {
    private final Map<String, Boolean> components = new ConcurrentSkipListMap<>();
    private final Map<String, String> details = new ConcurrentHashMap<>();

    /** Declares a component, initially down. */
    public void declare(String component) {
        components.putIfAbsent(component, false);
    }

    public void up(String component) {
        components.put(component, true);
        details.remove(component);
    }

    public void down(String component, String why) {
        components.put(component, false);
        details.put(component, why);
    }

    public Report report() {
        Map<String, Boolean> copy = Map.copyOf(components);
        boolean ready = !copy.isEmpty() && copy.values().stream().allMatch(Boolean::booleanValue);
        return new Report(ready, new ConcurrentSkipListMap<>(copy));
    }

    /** A point-in-time view. */
    public record Report(boolean ready, Map<String, Boolean> components) {
        public String toJson() {
            StringBuilder sb = new StringBuilder("{\"status\":\"").append(ready ? "ready" : "not ready")
                    .append("\",\"components\":{");
            boolean first = true;
            for (Map.Entry<String, Boolean> e : components.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                sb.append('"').append(e.getKey()).append("\":\"").append(e.getValue() ? "up" : "down").append('"');
            }
            return sb.append("}}").toString();
        }
    }
}
