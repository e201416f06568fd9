package io.softswitch.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.core.cdr.CallRecord;
import io.softswitch.core.cdr.internal.SpoolFile;
import io.softswitch.core.security.Tenants.Tenant;
import io.softswitch.core.store.Sids;
import io.softswitch.core.testing.ApiClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 22, finding 5, as the probe looked: the data directory on disk. The H2 file was 0644 in a
 * 0755 directory and held every auth token in clear; the CDR spool was 0644. Now the directory is
 * 0700, every file in it 0600, and the database holds keyed hashes of tokens only.
 */
class SecretsAtRestTest {
    @TempDir
    Path tmp;

    @Test
    void theDataDirectoryAndEveryFileTheDaemonWritesAreOwnerOnly() throws Exception {
        Path data = tmp.resolve("data");
        try (Tenants env = new Tenants("", data)) {
            env.subaccount("tenant");
        }
        assertOwnerOnly(data);
        assertThat(data.resolve("softswitch.mv.db")).exists();
        assertThat(data.resolve("credentials")).exists();
        assertThat(data.resolve("auth-token.key")).exists();

        // A data directory left readable by an older version is narrowed at the next start.
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(data.resolve("softswitch.mv.db"), PosixFilePermissions.fromString("rw-r--r--"));
        try (Tenants env = new Tenants("", data)) {
            assertOwnerOnly(data);
        }
    }

    @Test
    void theCdrSpoolIsOwnerOnlyFromItsFirstRecord() throws Exception {
        SpoolFile<CallRecord> spool = SpoolFile.ofCallRecords(tmp.resolve("cdr-spool.jsonl"));
        spool.append(List.of(CallRecord.builder("CA" + "0".repeat(32), "AC" + "1".repeat(32))
                .startTime(Instant.now()).status("failed").direction("trunking-terminating").build()));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(spool.path()))).isEqualTo("rw-------");
    }

    @Test
    void authTokensAreStoredAsKeyedHashesAndShownOnlyAtCreation() throws Exception {
        Path data = tmp.resolve("data");
        String subToken;
        String mainToken;
        try (Tenants env = new Tenants("", data)) {
            Tenant t = env.subaccount("tenant");
            subToken = t.token();
            mainToken = env.mainToken;
            assertThat(subToken).hasSize(32);
            assertThat(t.api().get(t.acct() + ".json").json().get("auth_token").isNull()).isTrue();
            assertThat(env.main.get("/2010-04-01/Accounts.json").json().get("accounts"))
                    .allSatisfy(a -> assertThat(a.get("auth_token").isNull()).isTrue());
            assertThat(env.daemon.provisioning().rows().select("SELECT auth_token, auth_token_hash FROM accounts"))
                    .allSatisfy(r -> {
                        assertThat(r.get("auth_token")).isNull();
                        assertThat((String) r.get("auth_token_hash")).matches("[0-9a-f]{64}");
                    });
        }
        byte[] db = Files.readAllBytes(data.resolve("softswitch.mv.db"));
        String text = new String(db, StandardCharsets.ISO_8859_1);
        assertThat(text).doesNotContain(subToken).doesNotContain(mainToken);
    }

    @Test
    void clearTokensFromBeforeAreHashedAtStartAndStillWork() throws Exception {
        Path data = tmp.resolve("data");
        String oldSid = "AC" + "2".repeat(32);
        String oldToken = "old-clear-token-" + Sids.secret();
        try (Tenants env = new Tenants("", data)) {
            // What a row written by the previous version looks like.
            env.daemon.provisioning().rows().jdbc().update("INSERT INTO accounts (sid, owner_account_sid, friendly_name,"
                    + " status, type, auth_token, date_created, date_updated) VALUES (?, ?, 'old', 'active', 'Full', ?,"
                    + " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)", oldSid, env.mainSid, oldToken);
        }
        try (Tenants env = new Tenants("", data)) {
            Map<String, Object> row = env.daemon.provisioning().rows().find("accounts", "sid = ?", oldSid).orElseThrow();
            assertThat(row.get("auth_token")).isNull();
            assertThat((String) row.get("auth_token_hash")).matches("[0-9a-f]{64}");
            ApiClient old = env.main.as(oldSid, oldToken);
            assertThat(old.get("/2010-04-01/Accounts/" + oldSid + ".json").status()).isEqualTo(200);
            assertThat(env.main.as(oldSid, oldToken + "x").get("/2010-04-01/Accounts/" + oldSid + ".json").status())
                    .isEqualTo(401);
        }
        String text = new String(Files.readAllBytes(data.resolve("softswitch.mv.db")), StandardCharsets.ISO_8859_1);
        assertThat(text).as("the clear token left in the H2 file").doesNotContain(oldToken);
    }

    private static void assertOwnerOnly(Path data) throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
        try (Stream<Path> files = Files.walk(data)) {
            assertThat(files.filter(p -> !p.equals(data)).toList()).isNotEmpty().allSatisfy(p ->
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).as("%s", p)
                            .isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------"));
        }
    }
}
