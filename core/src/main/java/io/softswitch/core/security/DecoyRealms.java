package io.softswitch.core.security;

import io.softswitch.trunking.RoutingSnapshot;
import io.softswitch.trunking.TrunkProfile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The digest realm to challenge with for a Request-URI host that is no trunk's domain name, so
 * that the challenge looks like one for a real trunk and is the same on every probe of that host.
 *
 * <p>What a real trunk's realm looks like depends on provisioning: the owning account SID for
 * trunks from the store ({@code AC} + 32 hex, shared by every trunk of the account), the domain
 * name when a declaration sets no realm, or a configured value. The decoy takes the shape most
 * trunks of the snapshot have:
 *
 * <ul>
 *   <li>shared realms (account SIDs, configured realms): one of those realms, chosen by
 *       {@code HMAC(key, host)}. A freshly derived SID per host would give every unknown host a
 *       realm of its own while the real trunks of one account share theirs, and a prober could
 *       tell them apart by grouping; with a single account every host gets that account's realm;</li>
 *   <li>domain-name realms: the host itself, lower-cased;</li>
 *   <li>no trunk at all: a fake account SID, {@code AC} + the first 32 hex digits of
 *       {@code HMAC(key, host)}.</li>
 * </ul>
 *
 * <p>The key is secret (so the choice cannot be predicted from outside) and persistent in the
 * data directory (so a restart does not change a decoy while real realms stay put). Thread-safe.
 */
public final class DecoyRealms {
    /** File in the data directory holding the 32-byte key (mode 0600). */
    public static final String KEY_FILE = "decoy-realm.key";

    private final byte[] key;
    private volatile Shape shape = new Shape(null, List.of(), false);

    public DecoyRealms(byte[] key) {
        if (key.length < 16) {
            throw new IllegalArgumentException("key: " + key.length + " bytes (expected: at least 16)");
        }
        this.key = key.clone();
    }

    /** Decoys keyed by {@code <dataDir>/decoy-realm.key}, created with a random key when absent. */
    public static DecoyRealms fromDataDir(Path dataDir) throws IOException {
        Path file = dataDir.resolve(KEY_FILE);
        if (!Files.exists(file)) {
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.write(file, fresh);
            } catch (FileAlreadyExistsException e) {
                // another daemon on the same data directory won the race: use its key
            } catch (UnsupportedOperationException e) {
                Files.write(file, fresh); // not a POSIX file system
            }
        }
        byte[] key = Files.readAllBytes(file);
        if (key.length < 16) {
            throw new IOException(file + ": " + key.length + " bytes (expected: at least 16; delete it to get a new key)");
        }
        return new DecoyRealms(key);
    }

    /** The realm to challenge a request for {@code host} with, under {@code snapshot}. */
    public String realmFor(String host, RoutingSnapshot snapshot) {
        String h = host == null ? "" : host.toLowerCase(Locale.ROOT);
        Shape s = shape(snapshot);
        if (s.domainRealms()) {
            return h;
        }
        byte[] mac = mac(h);
        if (s.realms().isEmpty()) {
            return "AC" + HexFormat.of().formatHex(mac, 0, 16);
        }
        long pick = 0;
        for (int i = 0; i < 8; i++) {
            pick = (pick << 8) | (mac[i] & 0xff);
        }
        return s.realms().get((int) Long.remainderUnsigned(pick, s.realms().size()));
    }

    private Shape shape(RoutingSnapshot snapshot) {
        Shape s = shape;
        if (s.snapshot() == snapshot) {
            return s;
        }
        TreeSet<String> shared = new TreeSet<>();
        int sharedTrunks = 0;
        int domainTrunks = 0;
        for (var t : snapshot.provisioning().trunks()) {
            TrunkProfile p = snapshot.trunk(t.key()).orElse(null);
            if (p == null) {
                continue;
            }
            String domain = t.domainName();
            if (domain != null && p.realm().equalsIgnoreCase(domain)) {
                domainTrunks++;
            } else {
                shared.add(p.realm());
                sharedTrunks++;
            }
        }
        s = new Shape(snapshot, new ArrayList<>(shared), domainTrunks > sharedTrunks);
        shape = s;
        return s;
    }

    private byte[] mac(String host) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(host.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java runtime", e);
        }
    }

    /** The realm shape of one snapshot, computed once per snapshot. */
    private record Shape(RoutingSnapshot snapshot, List<String> realms, boolean domainRealms) {
    }
}
