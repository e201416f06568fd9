package io.softswitch.core.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Function;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Auth tokens at rest (issue 22, finding 5): the database holds only {@code HMAC-SHA256(key, token)}
 * (column {@code auth_token_hash}, and {@code secondary_auth_token_hash} during a rotation), never
 * the token, so a copy of the database does not give API access; a token is shown once, when it is
 * created. The key lives outside the database: {@code SOFTSWITCH_TOKEN_KEY} (64 hex digits; give
 * every node sharing one PostgreSQL the same) or else {@code <data dir>/auth-token.key} (32 random
 * bytes, mode 0600, created on first start). Comparison is in constant time. Thread-safe.
 */
public final class AuthTokens {
    public static final String KEY_FILE = "auth-token.key";
    public static final String ENV_KEY = "SOFTSWITCH_TOKEN_KEY";
    private static final Logger LOG = LoggerFactory.getLogger(AuthTokens.class);

    private final SecretKeySpec key;

    public AuthTokens(byte[] key) {
        if (key.length < 16) {
            throw new IllegalArgumentException("key: " + key.length + " bytes (expected: at least 16)");
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    }

    /** The key from {@code SOFTSWITCH_TOKEN_KEY}, else from (or newly into) the data directory. */
    public static AuthTokens from(Path dataDir, Function<String, String> env) {
        String hex = env.apply(ENV_KEY);
        if (hex != null && !hex.isEmpty()) {
            if (!hex.matches("[0-9a-fA-F]{64}")) {
                throw new IllegalArgumentException(ENV_KEY + ": (hidden) (expected: 64 hex digits)");
            }
            return new AuthTokens(HexFormat.of().parseHex(hex));
        }
        Path file = dataDir.resolve(KEY_FILE);
        try {
            if (!Files.exists(file)) {
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                OwnerOnly.createFile(file);
                Files.write(file, fresh);
            }
            byte[] key = Files.readAllBytes(file);
            if (key.length < 16) {
                throw new IOException(file + ": " + key.length + " bytes (expected: at least 16)");
            }
            return new AuthTokens(key);
        } catch (IOException e) {
            throw new UncheckedIOException("auth token key: " + e.getMessage(), e);
        }
    }

    /** The stored form of {@code token}: 64 hex digits. */
    public String hash(String token) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(token.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The token sealed for the webhook signer (issue 18): Base64 of a 12-byte nonce and the
     * AES-256-GCM ciphertext under {@code HMAC-SHA256(key, "webhook-signing-v1")}, bound to the
     * account SID. Only the switch, holding the key, can open it; a database copy cannot.
     */
    public String seal(String accountSid, String token) {
        try {
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, sealingKey(), new GCMParameterSpec(128, nonce));
            c.updateAAD(accountSid.getBytes(StandardCharsets.US_ASCII));
            byte[] ct = c.doFinal(token.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[nonce.length + ct.length];
            System.arraycopy(nonce, 0, out, 0, nonce.length);
            System.arraycopy(ct, 0, out, nonce.length, ct.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The token {@link #seal} sealed for {@code accountSid}; empty when absent, altered or sealed under another key. */
    public Optional<String> unseal(String accountSid, String sealed) {
        if (sealed == null || sealed.isEmpty()) {
            return Optional.empty();
        }
        try {
            byte[] in = Base64.getDecoder().decode(sealed);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, sealingKey(), new GCMParameterSpec(128, in, 0, 12));
            c.updateAAD(accountSid.getBytes(StandardCharsets.US_ASCII));
            return Optional.of(new String(c.doFinal(in, 12, in.length - 12), StandardCharsets.UTF_8));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private SecretKeySpec sealingKey() throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(key);
        return new SecretKeySpec(mac.doFinal("webhook-signing-v1".getBytes(StandardCharsets.US_ASCII)), "AES");
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Whether {@code token} is the account row's primary or secondary token; constant time per hash. */
    public boolean matches(Map<String, Object> account, String token) {
        byte[] given = hash(token).getBytes(StandardCharsets.US_ASCII);
        boolean ok = false;
        for (String column : new String[] {"auth_token_hash", "secondary_auth_token_hash"}) {
            Object stored = account.get(column);
            if (stored != null) {
                ok |= MessageDigest.isEqual(given, stored.toString().getBytes(StandardCharsets.US_ASCII));
            }
        }
        return ok;
    }

    /**
     * Replaces every clear token left from before (column {@code auth_token}) by its hash; the
     * second half of migration {@code V2_22}, which needs the key. Idempotent.
     */
    public int migrate(Jdbc jdbc) {
        var clear = jdbc.query("SELECT sid, auth_token FROM accounts WHERE auth_token IS NOT NULL",
                rs -> new String[] {rs.getString(1), rs.getString(2)});
        for (String[] row : clear) {
            jdbc.update("UPDATE accounts SET auth_token_hash = ?, auth_token = NULL WHERE sid = ?", hash(row[1]), row[0]);
        }
        if (!clear.isEmpty()) {
            LOG.info("stored {} auth token(s) as keyed hashes; the clear tokens are gone from the database",
                    clear.size());
        }
        return clear.size();
    }
}
