package io.softswitch.config;

import java.util.Objects;

/**
 * One precise problem found in a configuration file: where it is (file, line, key path), the
 * offending value and what was expected. {@link #toString()} renders the one format users see:
 *
 * <pre>softswitch.yaml:12: sip.listen[1].port: 70000 (expected: 1-65535)</pre>
 */
public record ConfigProblem(String file, int line, String path, String value, String expected) {

    public ConfigProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(expected, "expected");
    }

    @Override
    public String toString() {
        String where = line > 0 ? file + ":" + line : file;
        String key = path.isEmpty() ? "(document)" : path;
        return where + ": " + key + ": " + value + " (expected: " + expected + ")";
    }
}
