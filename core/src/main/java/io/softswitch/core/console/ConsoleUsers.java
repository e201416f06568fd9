package io.softswitch.core.console;

import io.softswitch.core.store.Jdbc;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Console users, sessions and the audit log in the daemon's database ({@code V3_22__console.sql}).
 * Sessions and recovery codes are stored as SHA-256 hashes only. Thread-safe (the database is).
 */
public final class ConsoleUsers {
    /** How long a session lives without a new sign-in. */
    public static final Duration SESSION_LIFETIME = Duration.ofHours(8);
    /** Recovery codes made per user, each usable once instead of a TOTP code. */
    public static final int RECOVERY_CODES = 10;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Jdbc jdbc;

    public ConsoleUsers(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** What {@link #add} hands the operator once: the user's second factor and recovery codes. */
    public record Enrolment(String username, String totpSecret, String otpauthUri, List<String> recoveryCodes) {
    }

    /** A signed-in session: the cookie value (never stored) and its CSRF token. */
    public record Session(String id, String csrf, ConsoleUser user) {
    }

    public Enrolment add(String username, String password, ConsoleUser.Role role, String accountSid) {
        if (username == null || !NAME.matcher(username).matches()) {
            throw new IllegalArgumentException("username: " + username + " (expected: 1-64 of A-Z a-z 0-9 . _ @ -)");
        }
        if (password == null || password.length() < Passwords.MIN_LENGTH) {
            throw new IllegalArgumentException("password: too short (expected: at least " + Passwords.MIN_LENGTH
                    + " characters)");
        }
        if (find(username).isPresent()) {
            throw new IllegalArgumentException("username: " + username + " (expected: a name not taken yet)");
        }
        if (accountSid != null && jdbc.query("SELECT sid FROM accounts WHERE sid = ?", rs -> rs.getString(1), accountSid)
                .isEmpty()) {
            throw new IllegalArgumentException("account: " + accountSid + " (expected: an existing account SID)");
        }
        String secret = Totp.newSecret();
        List<String> codes = recoveryCodes();
        List<String> hashes = codes.stream().map(ConsoleUsers::sha256).toList();
        jdbc.update("INSERT INTO console_users (username, password_hash, totp_secret, recovery_codes, role, account_sid,"
                + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", username, Passwords.hash(password), secret,
                String.join(",", hashes), role.wireName(), accountSid, Instant.now());
        return new Enrolment(username, secret, Totp.uri("softswitch", username, secret), codes);
    }

    /** Puts {@code secret} in place of the user's TOTP key; returns the new recovery codes (the old ones end). */
    public List<String> replaceTotp(String username, String secret) {
        List<String> codes = recoveryCodes();
        jdbc.update("UPDATE console_users SET totp_secret = ?, recovery_codes = ? WHERE username = ?", secret,
                String.join(",", codes.stream().map(ConsoleUsers::sha256).toList()), username);
        return codes;
    }

    private static List<String> recoveryCodes() {
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < RECOVERY_CODES; i++) {
            codes.add(HexFormat.of().formatHex(random(5)));
        }
        return codes;
    }

    public Optional<ConsoleUser> find(String username) {
        return jdbc.query("SELECT * FROM console_users WHERE username = ?", rs -> new ConsoleUser(rs.getString("username"),
                rs.getString("password_hash"), rs.getString("totp_secret"), rs.getString("recovery_codes"),
                ConsoleUser.Role.parse(rs.getString("role")), rs.getString("account_sid")), username).stream().findFirst();
    }

    /** One row of {@link #list}: no secret in it. */
    public record Listed(String username, ConsoleUser.Role role, String accountSid, Instant createdAt, int recoveryCodesLeft) {
    }

    /** Every console user, by name. */
    public List<Listed> list() {
        return jdbc.query("SELECT username, role, account_sid, created_at, recovery_codes FROM console_users ORDER BY username",
                rs -> new Listed(rs.getString("username"), ConsoleUser.Role.parse(rs.getString("role")),
                        rs.getString("account_sid"), Jdbc.instant(rs, "created_at"),
                        rs.getString("recovery_codes").isEmpty() ? 0 : rs.getString("recovery_codes").split(",").length));
    }

    /** Removes the user and ends its sessions (they cascade); false when there is no such user. */
    public boolean remove(String username) {
        return jdbc.update("DELETE FROM console_users WHERE username = ?", username) == 1;
    }

    /** Uses up {@code code} if it is one of the user's unused recovery codes. */
    public boolean useRecoveryCode(ConsoleUser user, String code) {
        if (code == null || code.isBlank()) {
            return false;
        }
        String h = sha256(code.strip().toLowerCase(java.util.Locale.ROOT));
        List<String> left = new ArrayList<>(List.of(user.recoveryCodes().split(",")));
        if (!left.remove(h)) {
            return false;
        }
        return jdbc.update("UPDATE console_users SET recovery_codes = ? WHERE username = ? AND recovery_codes = ?",
                String.join(",", left), user.username(), user.recoveryCodes()) == 1;
    }

    public Session open(ConsoleUser user) {
        String id = HexFormat.of().formatHex(random(32));
        String csrf = HexFormat.of().formatHex(random(32));
        Instant now = Instant.now();
        jdbc.update("DELETE FROM console_sessions WHERE expires_at < ?", now);
        jdbc.update("INSERT INTO console_sessions (id_hash, username, csrf_token, created_at, expires_at)"
                + " VALUES (?, ?, ?, ?, ?)", sha256(id), user.username(), csrf, now, now.plus(SESSION_LIFETIME));
        return new Session(id, csrf, user);
    }

    /** The live session whose cookie value is {@code id}, with its user as stored now. */
    public Optional<Session> session(String id) {
        if (id == null || !id.matches("[0-9a-f]{64}")) {
            return Optional.empty();
        }
        List<Map.Entry<String, String>> found = jdbc.query(
                "SELECT username, csrf_token FROM console_sessions WHERE id_hash = ? AND expires_at > ?",
                rs -> Map.entry(rs.getString(1), rs.getString(2)), sha256(id), Instant.now());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        return find(found.get(0).getKey()).map(u -> new Session(id, found.get(0).getValue(), u));
    }

    public void close(String id) {
        if (id != null) {
            jdbc.update("DELETE FROM console_sessions WHERE id_hash = ?", sha256(id));
        }
    }

    public void audit(String username, String source, String action, int status) {
        jdbc.update("INSERT INTO console_audit (at, username, source, action, status) VALUES (?, ?, ?, ?, ?)",
                Instant.now(), cut(username, 64), cut(source, 64), cut(action, 255), status);
    }

    /** The latest {@code limit} audit entries, newest first. */
    public List<Map<String, Object>> auditLog(int limit) {
        return jdbc.query("SELECT at, username, source, action, status FROM console_audit ORDER BY seq DESC LIMIT ?",
                io.softswitch.core.store.Rows::map, limit);
    }

    private static String cut(String s, int n) {
        return s == null ? "" : s.length() > n ? s.substring(0, n) : s;
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
