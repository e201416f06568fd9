package io.softswitch.core.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the main account on the first start against an empty store. With
 * {@code SOFTSWITCH_ACCOUNT_SID} and {@code SOFTSWITCH_AUTH_TOKEN} set, those are its credentials;
 * otherwise both are generated, printed once to standard output (never to the log) and written to
 * {@code <data dir>/credentials} with mode 0600. The store keeps only the token's keyed hash
 * ({@link AuthTokens}).
 */
public final class Bootstrap {
    public static final String ENV_SID = "SOFTSWITCH_ACCOUNT_SID";
    public static final String ENV_TOKEN = "SOFTSWITCH_AUTH_TOKEN";
    public static final String CREDENTIALS_FILE = "credentials";
    private static final Logger LOG = LoggerFactory.getLogger(Bootstrap.class);

    private Bootstrap() {
    }

    /** {@link #ensureMainAccount(Jdbc, Path, Function, AuthTokens)} with the data directory's token key. */
    public static String ensureMainAccount(Jdbc jdbc, Path dataDir, Function<String, String> env) {
        return ensureMainAccount(jdbc, dataDir, env, AuthTokens.from(dataDir, env));
    }

    /**
     * Returns the main account's SID, creating the account when the store has none. On later starts
     * the environment is checked against the store, never silently ignored (issue 22): a different
     * {@code SOFTSWITCH_AUTH_TOKEN} is applied (the old token stops working; WARN), a different
     * {@code SOFTSWITCH_ACCOUNT_SID} is refused ({@link IllegalStateException}: the daemon does not
     * start).
     */
    public static String ensureMainAccount(Jdbc jdbc, Path dataDir, Function<String, String> env, AuthTokens tokens) {
        tokens.migrate(jdbc);
        List<String> existing = jdbc.query("SELECT sid FROM accounts WHERE owner_account_sid IS NULL ORDER BY seq",
                rs -> rs.getString(1));
        String envSid = env.apply(ENV_SID);
        String envToken = env.apply(ENV_TOKEN);
        if (!existing.isEmpty()) {
            String sid = existing.get(0);
            if (envSid != null && !envSid.isEmpty() && !envSid.equals(sid)) {
                throw new IllegalStateException(ENV_SID + ": " + envSid + " (expected: " + sid + ", the main account of"
                        + " this store; unset it, or start on an empty store to create another main account)");
            }
            if (envToken != null && !envToken.isEmpty()) {
                applyToken(jdbc, tokens, sid, envToken);
            }
            return sid;
        }
        String sid = envSid;
        String token = envToken;
        boolean generated = sid == null || sid.isEmpty();
        if (generated) {
            sid = Sids.next("AC");
            token = Sids.secret();
        } else {
            if (!Sids.isValid("AC", sid)) {
                throw new IllegalArgumentException(ENV_SID + ": " + sid + " (expected: AC followed by 32 lowercase hex digits)");
            }
            checkToken(token);
        }
        Instant now = Instant.now();
        jdbc.update("INSERT INTO accounts (sid, owner_account_sid, friendly_name, status, type, auth_token_hash,"
                + " auth_token_sealed, date_created, date_updated) VALUES (?, NULL, ?, 'active', 'Full', ?, ?, ?, ?)",
                sid, "Main account", tokens.hash(token), tokens.seal(sid, token), now, now);
        if (generated) {
            writeCredentials(dataDir.resolve(CREDENTIALS_FILE), sid, token);
            System.out.println("Main account created. AccountSid=" + sid + " AuthToken=" + token
                    + " (also written to " + dataDir.resolve(CREDENTIALS_FILE) + ", mode 0600)");
        }
        LOG.info("main account {} created", sid);
        return sid;
    }

    private static void checkToken(String token) {
        if (token == null || token.length() < 16) {
            throw new IllegalArgumentException(ENV_TOKEN + ": (expected: at least 16 characters when " + ENV_SID + " is set)");
        }
    }

    /** {@code SOFTSWITCH_AUTH_TOKEN} set on a later start: it becomes the main account's token. */
    private static void applyToken(Jdbc jdbc, AuthTokens tokens, String sid, String token) {
        checkToken(token);
        String hash = tokens.hash(token);
        int changed = jdbc.update("UPDATE accounts SET auth_token_hash = ?, auth_token_sealed = ?, date_updated = ?"
                + " WHERE sid = ? AND (auth_token_hash IS NULL OR auth_token_hash <> ? OR auth_token_sealed IS NULL)",
                hash, tokens.seal(sid, token), Instant.now(), sid, hash);
        if (changed > 0) {
            LOG.warn("{} differs from the main account's stored token: applied, the previous token no longer works"
                    + " (unset {} to keep the stored one)", ENV_TOKEN, ENV_TOKEN);
        }
    }

    private static void writeCredentials(Path file, String sid, String token) {
        try {
            Files.deleteIfExists(file);
            OwnerOnly.createFile(file);
            Files.writeString(file, ENV_SID + "=" + sid + "\n" + ENV_TOKEN + "=" + token + "\n",
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
