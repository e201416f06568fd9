package io.softswitch.core.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the main account on the first start against an empty store. With
 * {@code SOFTSWITCH_ACCOUNT_SID} and {@code SOFTSWITCH_AUTH_TOKEN} set, those are its credentials;
 * otherwise both are generated, printed once to standard output (never to the log) and written to
 * {@code <data dir>/credentials} with mode 0600.
 */
public final class Bootstrap {
    public static final String ENV_SID = "SOFTSWITCH_ACCOUNT_SID";
    public static final String ENV_TOKEN = "SOFTSWITCH_AUTH_TOKEN";
    public static final String CREDENTIALS_FILE = "credentials";
    private static final Logger LOG = LoggerFactory.getLogger(Bootstrap.class);

    private Bootstrap() {
    }

    /** Returns the main account's SID, creating the account when the store has none. */
    public static String ensureMainAccount(Jdbc jdbc, Path dataDir, Function<String, String> env) {
        List<String> existing = jdbc.query("SELECT sid FROM accounts WHERE owner_account_sid IS NULL ORDER BY seq",
                rs -> rs.getString(1));
        if (!existing.isEmpty()) {
            return existing.get(0);
        }
        String sid = env.apply(ENV_SID);
        String token = env.apply(ENV_TOKEN);
        boolean generated = sid == null || sid.isEmpty();
        if (generated) {
            sid = Sids.next("AC");
            token = Sids.secret();
        } else {
            if (!Sids.isValid("AC", sid)) {
                throw new IllegalArgumentException(ENV_SID + ": " + sid + " (expected: AC followed by 32 lowercase hex digits)");
            }
            if (token == null || token.length() < 16) {
                throw new IllegalArgumentException(ENV_TOKEN + ": (expected: at least 16 characters when " + ENV_SID + " is set)");
            }
        }
        Instant now = Instant.now();
        jdbc.update("INSERT INTO accounts (sid, owner_account_sid, friendly_name, status, type, auth_token, date_created,"
                + " date_updated) VALUES (?, NULL, ?, 'active', 'Full', ?, ?, ?)", sid, "Main account", token, now, now);
        if (generated) {
            writeCredentials(dataDir.resolve(CREDENTIALS_FILE), sid, token);
            System.out.println("Main account created. AccountSid=" + sid + " AuthToken=" + token
                    + " (also written to " + dataDir.resolve(CREDENTIALS_FILE) + ", mode 0600)");
        }
        LOG.info("main account {} created", sid);
        return sid;
    }

    private static void writeCredentials(Path file, String sid, String token) {
        try {
            Files.deleteIfExists(file);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            }
            Files.writeString(file, ENV_SID + "=" + sid + "\n" + ENV_TOKEN + "=" + token + "\n",
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
