package io.softswitch.trunking.number;

import io.softswitch.config.provisioning.RewriteRule;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * An ordered chain of {@link RewriteRule}s compiled once: {@code STRIP n} removes the first
 * {@code n} characters, {@code PREFIX s} prepends {@code s}, {@code REGEX} replaces every match of
 * {@code match} with {@code value} ({@code $1} refers to groups). Immutable and thread-safe.
 */
public final class Rewriter {
    public static final Rewriter NONE = new Rewriter(List.of());

    private final List<UnaryOperator<String>> steps;

    private Rewriter(List<UnaryOperator<String>> steps) {
        this.steps = steps;
    }

    /** @throws IllegalArgumentException naming the bad rule, e.g. {@code rewrite[1].match: '(' (expected: ...)} */
    public static Rewriter of(List<RewriteRule> rules) {
        if (rules.isEmpty()) {
            return NONE;
        }
        List<UnaryOperator<String>> steps = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            steps.add(step(i, rules.get(i)));
        }
        return new Rewriter(List.copyOf(steps));
    }

    /** Null when {@code rule} compiles, else what was expected (the snapshot compile checks every rule first). */
    public static String check(RewriteRule rule) {
        try {
            step(0, rule);
            return null;
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            int open = m.lastIndexOf("(expected: ");
            return open < 0 ? m : m.substring(open + 11, m.length() - 1);
        }
    }

    public String apply(String number) {
        String s = number;
        for (UnaryOperator<String> step : steps) {
            s = step.apply(s);
        }
        return s;
    }

    public boolean isEmpty() {
        return steps.isEmpty();
    }

    private static UnaryOperator<String> step(int index, RewriteRule rule) {
        switch (rule.kind()) {
            case STRIP -> {
                int n;
                try {
                    n = Integer.parseInt(rule.value());
                } catch (NumberFormatException e) {
                    n = -1;
                }
                if (n < 0) {
                    throw new IllegalArgumentException("rewrite[" + index + "].strip: '" + rule.value()
                            + "' (expected: a number of leading characters to remove)");
                }
                int count = n;
                return s -> s.length() <= count ? "" : s.substring(count);
            }
            case PREFIX -> {
                String prefix = rule.value();
                return s -> prefix + s;
            }
            case REGEX -> {
                Pattern p;
                try {
                    p = Pattern.compile(rule.match());
                } catch (PatternSyntaxException | NullPointerException e) {
                    throw new IllegalArgumentException("rewrite[" + index + "].match: '" + rule.match()
                            + "' (expected: a Java regular expression)");
                }
                String replacement = rule.value();
                return s -> p.matcher(s).replaceAll(replacement);
            }
            default -> throw new AssertionError(rule.kind());
        }
    }
}
