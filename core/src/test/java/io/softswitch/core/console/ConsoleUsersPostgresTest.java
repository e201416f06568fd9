package io.softswitch.core.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.config.StorageConfig;
import io.softswitch.core.store.Rows;
import io.softswitch.core.store.Store;
import io.softswitch.core.testing.TestDatabases;
import java.nio.file.Files;
import java.util.Collections;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Console users, sessions, audit and the pages' queries on PostgreSQL (the browser test runs on H2). */
class ConsoleUsersPostgresTest {
    private String url;
    private Store store;

    @BeforeEach
    void open() throws Exception {
        url = TestDatabases.newPostgresSchema();
        store = Store.open(new StorageConfig(url, TestDatabases.PG_USER, "", 2), Files.createTempDirectory("pg"));
    }

    @AfterEach
    void close() {
        store.close();
        TestDatabases.dropSchema(url);
    }

    @Test
    void sessionsRecoveryCodesAndTheAuditLogWork() {
        ConsoleUsers users = new ConsoleUsers(store.jdbc());
        ConsoleUsers.Enrolment e = users.add("ops", "long enough password", ConsoleUser.Role.VIEWER, null);
        ConsoleUser u = users.find("ops").orElseThrow();
        assertThat(u.canWrite()).isFalse();
        assertThat(users.useRecoveryCode(u, e.recoveryCodes().get(3))).isTrue();
        assertThat(users.useRecoveryCode(users.find("ops").orElseThrow(), e.recoveryCodes().get(3))).as("once").isFalse();

        ConsoleUsers.Session s = users.open(u);
        assertThat(users.session(s.id()).orElseThrow().csrf()).isEqualTo(s.csrf());
        users.close(s.id());
        assertThat(users.session(s.id())).isEmpty();

        users.audit("ops", "127.0.0.1", "x".repeat(300), 403);
        assertThat(users.auditLog(5)).singleElement().satisfies(a -> assertThat(a.get("status")).isEqualTo(403));
    }

    @Test
    void thePagesAttachedQueriesRun() {
        Rows rows = new Rows(store.jdbc());
        for (ResourcePage p : ResourcePage.all()) {
            if (p.attachedSql() != null) {
                Object[] args = Collections.nCopies((int) p.attachedSql().chars().filter(c -> c == '?').count(), "XX")
                        .toArray();
                assertThat(rows.select(p.attachedSql(), args)).as(p.slug()).isEmpty();
            }
        }
    }
}
