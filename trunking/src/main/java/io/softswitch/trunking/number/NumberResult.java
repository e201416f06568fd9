package io.softswitch.trunking.number;

/** What normalizing a dialed or calling number gave. */
public sealed interface NumberResult {

    /** A valid number in E.164. */
    record Global(E164Number number) implements NumberResult {
    }

    /**
     * An emergency or service short code of the trunk's region ({@code 911}, {@code 933},
     * {@code 112}, {@code 999}...), kept as dialed.
     */
    record ShortCode(String digits, String region, boolean emergency) implements NumberResult {
    }

    /** Not a number this policy accepts; {@code reason} is for logs and the CLI. */
    record Invalid(String input, String reason) implements NumberResult {
    }
}
