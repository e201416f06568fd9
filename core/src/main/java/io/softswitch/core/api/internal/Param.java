package io.softswitch.core.api.internal;

/**
 * One form parameter of a resource: its CamelCase name, the column it fills, how it is parsed, its
 * default on create ({@link #NO_DEFAULT} for none), whether create requires it and whether update
 * may change it. An inert parameter ({@code column} null) is checked and never stored: it accepts
 * only the value the switch behaves as (e.g. {@code VoiceReceiveMode=voice}), or refuses.
 */
public record Param(String name, String column, Parser parser, Object defaultValue, boolean mandatory,
        boolean updatable) {
    public static final Object NO_DEFAULT = new Object();

    public static Param of(String name, String column, Parser parser) {
        return new Param(name, column, parser, NO_DEFAULT, false, true);
    }

    /** Checked by {@code parser}, never stored. */
    public static Param inert(String name, Parser parser) {
        return new Param(name, null, parser, NO_DEFAULT, false, true);
    }

    public Param required() {
        return new Param(name, column, parser, defaultValue, true, updatable);
    }

    public Param dflt(Object value) {
        return new Param(name, column, parser, value, mandatory, updatable);
    }

    public Param createOnly() {
        return new Param(name, column, parser, defaultValue, mandatory, false);
    }
}
