package io.softswitch.config.internal;

import io.softswitch.config.ConfigProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Collects the problems of one document; also carries the environment used for {@code ${VAR}}. */
public final class Problems {
    private final String file;
    private final Function<String, String> env;
    private final List<ConfigProblem> list = new ArrayList<>();

    public Problems(String file, Function<String, String> env) {
        this.file = file;
        this.env = env;
    }

    public String file() {
        return file;
    }

    Function<String, String> env() {
        return env;
    }

    public void add(ConfigProblem problem) {
        list.add(problem);
    }

    public List<ConfigProblem> list() {
        return List.copyOf(list);
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }
}
