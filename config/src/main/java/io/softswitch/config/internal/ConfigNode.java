package io.softswitch.config.internal;

import io.softswitch.config.ConfigProblem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * A position in a YAML document, read with typed accessors that never throw: every mistake is
 * recorded in the shared {@link Problems} with file, line and key path, and a default is returned
 * so that reading continues and all problems are reported at once.
 *
 * <p>Scalars may reference environment variables as {@code ${NAME}} or {@code ${NAME:-default}}, so
 * secrets need not live in the file.
 */
public final class ConfigNode {
    private static final Pattern PATH_STEP = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)|\\[([0-9]+)]");
    private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private final Node node; // null when the key is absent
    private final String path;
    private final int line; // line of the node, or of the parent when absent
    private final Problems problems;

    private ConfigNode(Node node, String path, int line, Problems problems) {
        this.node = node;
        this.path = path;
        this.line = line;
        this.problems = problems;
    }

    public static ConfigNode root(Node node, Problems problems) {
        return new ConfigNode(node, "", node == null ? 0 : lineOf(node), problems);
    }

    public String path() {
        return path;
    }

    public int line() {
        return line;
    }

    public boolean isPresent() {
        return node != null && !isNull(node);
    }

    public Problems problems() {
        return problems;
    }

    /** Records a problem at this node. */
    public void problem(String value, String expected) {
        problems.add(new ConfigProblem(problems.file(), line, path, value, expected));
    }

    /** Records a problem at a child key of this node (which may be absent). */
    public void problem(String key, String value, String expected) {
        child(key).problem(value, expected);
    }

    /** This node as a mapping, checking that only {@code allowed} keys are present. */
    public boolean expectMapping(String... allowed) {
        if (!isPresent()) {
            return false;
        }
        if (!(node instanceof MappingNode mapping)) {
            problem(describe(node), "a mapping with keys " + String.join(", ", allowed));
            return false;
        }
        Set<String> known = Set.of(allowed);
        Set<String> seen = new TreeSet<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = keyOf(tuple);
            ConfigNode at = new ConfigNode(tuple.getKeyNode(), join(path, key), lineOf(tuple.getKeyNode()), problems);
            if (!known.contains(key)) {
                at.problem("unknown key '" + key + "'", "one of " + String.join(", ", new TreeSet<>(known)));
            } else if (!seen.add(key)) {
                at.problem("duplicate key '" + key + "'", "each key once");
            }
        }
        return true;
    }

    /**
     * The node at {@code relativePath} below this one ({@code trunks[2].origination_urls[0].sip_url}),
     * or the deepest existing node on the way (whose line is the nearest one to report).
     */
    public ConfigNode at(String relativePath) {
        ConfigNode n = this;
        Matcher m = PATH_STEP.matcher(relativePath);
        while (m.find()) {
            ConfigNode next;
            if (m.group(1) != null) {
                next = n.child(m.group(1));
            } else {
                List<ConfigNode> items = n.node instanceof SequenceNode ? n.elements() : List.of();
                int i = Integer.parseInt(m.group(2));
                next = i < items.size() ? items.get(i) : null;
            }
            if (next == null || next.node == null) {
                return n;
            }
            n = next;
        }
        return n;
    }

    public ConfigNode child(String key) {
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (key.equals(keyOf(tuple))) {
                    return new ConfigNode(tuple.getValueNode(), join(path, key), lineOf(tuple.getValueNode()), problems);
                }
            }
        }
        return new ConfigNode(null, join(path, key), line, problems);
    }

    /** Elements of a sequence at {@code key}; absent means empty. */
    public List<ConfigNode> list(String key) {
        ConfigNode child = child(key);
        return child.elements();
    }

    public List<ConfigNode> elements() {
        if (!isPresent()) {
            return List.of();
        }
        if (!(node instanceof SequenceNode seq)) {
            problem(describe(node), "a list");
            return List.of();
        }
        List<ConfigNode> out = new ArrayList<>();
        int i = 0;
        for (Node item : seq.getValue()) {
            out.add(new ConfigNode(item, path + "[" + i + "]", lineOf(item), problems));
            i++;
        }
        return out;
    }

    /** Entries of a mapping at this node, in file order. */
    public Map<String, ConfigNode> entries() {
        Map<String, ConfigNode> out = new LinkedHashMap<>();
        if (!isPresent()) {
            return out;
        }
        if (!(node instanceof MappingNode mapping)) {
            problem(describe(node), "a mapping");
            return out;
        }
        for (NodeTuple tuple : mapping.getValue()) {
            String key = keyOf(tuple);
            out.put(key, new ConfigNode(tuple.getValueNode(), join(path, key), lineOf(tuple.getValueNode()), problems));
        }
        return out;
    }

    /** The scalar text of this node, with environment references resolved, or null when absent. */
    public String scalar() {
        if (!isPresent()) {
            return null;
        }
        if (!(node instanceof ScalarNode scalar)) {
            problem(describe(node), "a single value");
            return null;
        }
        return resolveEnv(scalar.getValue());
    }

    public String string(String key, String defaultValue) {
        String v = child(key).scalar();
        return v == null ? defaultValue : v;
    }

    public String requiredString(String key) {
        ConfigNode c = child(key);
        String v = c.scalar();
        if (v == null || v.isBlank()) {
            if (!c.isPresent()) {
                c.problem("missing", "a value for required key '" + key + "'");
            } else {
                c.problem("empty", "a non-empty value");
            }
            return "";
        }
        return v;
    }

    public int integer(String key, int defaultValue, int min, int max) {
        ConfigNode c = child(key);
        String v = c.scalar();
        if (v == null) {
            return defaultValue;
        }
        try {
            long parsed = Long.parseLong(v.trim());
            if (parsed < min || parsed > max) {
                c.problem(v, min + "-" + max);
                return defaultValue;
            }
            return (int) parsed;
        } catch (NumberFormatException e) {
            c.problem(quote(v), "an integer " + min + "-" + max);
            return defaultValue;
        }
    }

    /** A duration written as whole seconds (a key named {@code *_seconds}), {@code min}-{@code max} s. */
    public Duration seconds(String key, Duration defaultValue, int min, int max) {
        return Duration.ofSeconds(integer(key, (int) defaultValue.toSeconds(), min, max));
    }

    /** A duration written as whole milliseconds (a key named {@code *_ms}), {@code min}-{@code max} ms. */
    public Duration millis(String key, Duration defaultValue, int min, int max) {
        return Duration.ofMillis(integer(key, (int) defaultValue.toMillis(), min, max));
    }

    public int requiredInteger(String key, int min, int max) {
        if (!child(key).isPresent()) {
            child(key).problem("missing", "a value for required key '" + key + "' (" + min + "-" + max + ")");
            return min;
        }
        return integer(key, min, min, max);
    }

    public double decimal(String key, double defaultValue, double min, double max) {
        ConfigNode c = child(key);
        String v = c.scalar();
        if (v == null) {
            return defaultValue;
        }
        try {
            double parsed = Double.parseDouble(v.trim());
            if (!(parsed >= min && parsed <= max)) {
                c.problem(v, min + "-" + max);
                return defaultValue;
            }
            return parsed;
        } catch (NumberFormatException e) {
            c.problem(quote(v), "a number " + min + "-" + max);
            return defaultValue;
        }
    }

    public boolean bool(String key, boolean defaultValue) {
        ConfigNode c = child(key);
        String v = c.scalar();
        if (v == null) {
            return defaultValue;
        }
        switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> {
                return true;
            }
            case "false", "no", "off" -> {
                return false;
            }
            default -> {
                c.problem(quote(v), "true or false");
                return defaultValue;
            }
        }
    }

    /**
     * An enum value written in lower case with '-' for '_' (e.g. {@code e164-without-plus} for
     * {@code E164_WITHOUT_PLUS}).
     */
    public <E extends Enum<E>> E enumValue(String key, Class<E> type, E defaultValue) {
        ConfigNode c = child(key);
        String v = c.scalar();
        if (v == null) {
            return defaultValue;
        }
        for (E constant : type.getEnumConstants()) {
            if (spelling(constant).equals(v.trim())) {
                return constant;
            }
        }
        c.problem(quote(v), "one of " + String.join(", ",
                Arrays.stream(type.getEnumConstants()).map(ConfigNode::spelling).toList()));
        return defaultValue;
    }

    /** A scalar list of strings at {@code key}, each checked by {@code check} (null = valid, else expectation). */
    public List<String> strings(String key, Function<String, String> check) {
        List<String> out = new ArrayList<>();
        for (ConfigNode item : list(key)) {
            String v = item.scalar();
            if (v == null) {
                continue;
            }
            String expected = check.apply(v);
            if (expected != null) {
                item.problem(quote(v), expected);
            } else {
                out.add(v);
            }
        }
        return List.copyOf(out);
    }

    public static String spelling(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private String resolveEnv(String raw) {
        if (raw.indexOf("${") < 0) {
            return raw;
        }
        Matcher m = ENV_REF.matcher(raw);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = problems.env().apply(m.group(1));
            if (value == null) {
                value = m.group(2);
            }
            if (value == null) {
                problem("${" + m.group(1) + "}", "environment variable " + m.group(1) + " to be set");
                value = "";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String quote(String v) {
        return "'" + v + "'";
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode s && s.getTag().getValue().endsWith(":null");
    }

    private static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        return quote(((ScalarNode) node).getValue());
    }

    private static String keyOf(NodeTuple tuple) {
        Node key = tuple.getKeyNode();
        return key instanceof ScalarNode s ? s.getValue() : "?";
    }

    private static String join(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    private static int lineOf(Node node) {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }
}
