package io.softswitch.core.daemon;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Which parts of the daemon are up. {@code /ready} is 200 only when every registered component is
 * up. A component may also carry warnings that do not make it down (provisioning rows left out of
 * routing because they do not compile): {@code /ready} lists them. A draining daemon (stopping
 * while its calls finish) is not ready whatever its components say: {@code "status":"draining"}.
 * Thread-safe.
 */
public final class Readiness {
    private final Map<String, Boolean> components = new ConcurrentSkipListMap<>();
    private final Map<String, String> details = new ConcurrentHashMap<>();
    private final Map<String, List<String>> warnings = new ConcurrentSkipListMap<>();
    private final Map<String, String> notes = new ConcurrentSkipListMap<>();
    private volatile boolean draining;

    /** From now on {@code /ready} answers 503 with {@code "status":"draining"}; there is no way back. */
    public void drain() {
        draining = true;
    }
    private final Set<String> degraded = ConcurrentHashMap.newKeySet();

    /** Declares a component, initially down. */
    public void declare(String component) {
        components.putIfAbsent(component, false);
    }

    public void up(String component) {
        components.put(component, true);
        degraded.remove(component);
        details.remove(component);
    }

    /**
     * {@code component} works in a reduced mode that keeps the node serving (Redis unreachable:
     * limits on local shares): it counts as up, {@code /ready} shows it {@code degraded}.
     */
    public void degraded(String component, String why) {
        components.put(component, true);
        degraded.add(component);
        details.put(component, why);
    }

    public void down(String component, String why) {
        components.put(component, false);
        degraded.remove(component);
        details.put(component, why);
    }

    /** Replaces the warnings of {@code component}; an empty list clears them. */
    public void warnings(String component, List<String> list) {
        if (list.isEmpty()) {
            warnings.remove(component);
        } else {
            warnings.put(component, List.copyOf(list));
        }
    }

    /**
     * Replaces what {@code /ready} says about {@code component} in {@code "notes"} (what the built-in
     * warm-up is doing or did), whether it is up or down; null clears it.
     */
    public void note(String component, String text) {
        if (text == null) {
            notes.remove(component);
        } else {
            notes.put(component, text);
        }
    }

    public Report report() {
        Map<String, Boolean> copy = Map.copyOf(components);
        boolean ready = !draining && !copy.isEmpty() && copy.values().stream().allMatch(Boolean::booleanValue);
        return new Report(ready, new ConcurrentSkipListMap<>(copy), new TreeMap<>(warnings), new TreeSet<>(degraded),
                draining, new TreeMap<>(notes));
    }

    /** A point-in-time view; {@code degraded} components are also up in {@code components}. */
    public record Report(boolean ready, Map<String, Boolean> components, Map<String, List<String>> warnings,
            Set<String> degraded, boolean draining, Map<String, String> notes) {
        public Report(boolean ready, Map<String, Boolean> components, Map<String, List<String>> warnings,
                Set<String> degraded, boolean draining) {
            this(ready, components, warnings, degraded, draining, Map.of());
        }

        public Report(boolean ready, Map<String, Boolean> components) {
            this(ready, components, Map.of(), Set.of(), false);
        }

        public Report(boolean ready, Map<String, Boolean> components, Map<String, List<String>> warnings) {
            this(ready, components, warnings, Set.of(), false);
        }

        public Report(boolean ready, Map<String, Boolean> components, Map<String, List<String>> warnings,
                boolean draining) {
            this(ready, components, warnings, Set.of(), draining);
        }

        public Report(boolean ready, Map<String, Boolean> components, Map<String, List<String>> warnings,
                Set<String> degraded) {
            this(ready, components, warnings, degraded, false);
        }

        public String toJson() {
            StringBuilder sb = new StringBuilder("{\"status\":\"").append(draining ? "draining" : ready ? "ready" : "not ready")
                    .append("\",\"components\":{");
            boolean first = true;
            for (Map.Entry<String, Boolean> e : components.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                sb.append('"').append(e.getKey()).append("\":\"")
                        .append(!e.getValue() ? "down" : degraded.contains(e.getKey()) ? "degraded" : "up").append('"');
            }
            sb.append('}');
            if (!warnings.isEmpty()) {
                sb.append(",\"warnings\":{");
                boolean firstComponent = true;
                for (Map.Entry<String, List<String>> e : warnings.entrySet()) {
                    sb.append(firstComponent ? "" : ",").append('"').append(e.getKey()).append("\":[");
                    firstComponent = false;
                    for (int i = 0; i < e.getValue().size(); i++) {
                        sb.append(i == 0 ? "" : ",").append('"').append(escape(e.getValue().get(i))).append('"');
                    }
                    sb.append(']');
                }
                sb.append('}');
            }
            if (!notes.isEmpty()) {
                sb.append(",\"notes\":{");
                boolean firstNote = true;
                for (Map.Entry<String, String> e : notes.entrySet()) {
                    sb.append(firstNote ? "" : ",").append('"').append(e.getKey()).append("\":\"")
                            .append(escape(e.getValue())).append('"');
                    firstNote = false;
                }
                sb.append('}');
            }
            return sb.append('}').toString();
        }

        private static String escape(String s) {
            StringBuilder sb = new StringBuilder();
            for (char c : s.toCharArray()) {
                if (c == '"' || c == '\\') {
                    sb.append('\\').append(c);
                } else if (c < 0x20) {
                    sb.append(String.format("\\u%04x", (int) c));
                } else {
                    sb.append(c);
                }
            }
            return sb.toString();
        }
    }
}
