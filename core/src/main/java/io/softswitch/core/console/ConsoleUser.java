package io.softswitch.core.console;

/**
 * A console user as stored.
 *
 * @param accountSid null for the operator (main account); a subaccount's SID limits the user to it
 */
public record ConsoleUser(String username, String passwordHash, String totpSecret, String recoveryCodes, Role role,
        String accountSid) {

    /** What a user may do: {@code admin} everything, {@code viewer} read only. */
    public enum Role {
        ADMIN, VIEWER;

        public static Role parse(String s) {
            return switch (s == null ? "" : s.toLowerCase(java.util.Locale.ROOT)) {
                case "admin" -> ADMIN;
                case "viewer" -> VIEWER;
                default -> throw new IllegalArgumentException("role: " + s + " (expected: admin or viewer)");
            };
        }

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public boolean canWrite() {
        return role == Role.ADMIN;
    }
}
