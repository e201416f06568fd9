package io.softswitch.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.core.console.ConsoleUser;
import io.softswitch.core.console.ConsoleUsers;
import io.softswitch.core.console.Passwords;
import io.softswitch.config.StorageConfig;
import io.softswitch.core.store.Store;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code softswitch console-user add NAME} against the embedded database of a data directory. */
class ConsoleUserCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    }

    private String[] add(String... more) throws Exception {
        Path config = dir.resolve("softswitch.yaml");
        Files.writeString(config, "http:\n  port: 0\n");
        java.util.List<String> a = new java.util.ArrayList<>(java.util.List.of("console-user", "add", "--config",
                config.toString(), "--data-dir", dir.resolve("data").toString()));
        a.addAll(java.util.List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void addsAUserWithAGeneratedPasswordAndPrintsItsSecondFactorOnce() throws Exception {
        assertThat(run(add("ops"))).as(err.toString()).isZero();
        String printed = out.toString();
        assertThat(printed).contains("console user ops added (admin)", "otpauth://totp/softswitch:ops?secret=",
                "recovery codes (each works once): ", "▀");
        String password = printed.lines().filter(l -> l.startsWith("password: ")).findFirst().orElseThrow().substring(10);
        try (Store store = Store.open(new StorageConfig("", "", "", 2), dir.resolve("data"))) {
            ConsoleUser u = new ConsoleUsers(store.jdbc()).find("ops").orElseThrow();
            assertThat(Passwords.matches(password, u.passwordHash())).isTrue();
            assertThat(u.role()).isEqualTo(ConsoleUser.Role.ADMIN);
            assertThat(printed).contains("TOTP key: " + u.totpSecret());
        }
    }

    @Test
    void refusesATakenNameAShortPasswordAndAnUnknownRole() throws Exception {
        Path pw = dir.resolve("pw");
        Files.writeString(pw, "short\n");
        assertThat(run(add("ops", "--password-file", pw.toString()))).isEqualTo(1);
        assertThat(err.toString()).contains("password: too short (expected: at least 12 characters)");
        Files.writeString(pw, "long enough password\n");
        assertThat(run(add("ops", "--password-file", pw.toString(), "--role", "viewer"))).isZero();
        assertThat(run(add("ops", "--password-file", pw.toString()))).isEqualTo(1);
        assertThat(err.toString()).contains("username: ops (expected: a name not taken yet)");
        assertThat(run(add("root", "--password-file", pw.toString(), "--role", "god"))).isEqualTo(1);
        assertThat(err.toString()).contains("role: god (expected: admin or viewer)");
    }

    @Test
    void listsUsersWithoutSecretsAndRemovesOneEndingItsSessions() throws Exception {
        Path pw = dir.resolve("pw");
        Files.writeString(pw, "long enough password\n");
        assertThat(run(add("ops", "--password-file", pw.toString()))).as(err.toString()).isZero();
        assertThat(run(add("watcher", "--password-file", pw.toString(), "--role", "viewer"))).isZero();
        String session;
        try (Store store = Store.open(new StorageConfig("", "", "", 2), dir.resolve("data"))) {
            ConsoleUsers users = new ConsoleUsers(store.jdbc());
            session = users.open(users.find("watcher").orElseThrow()).id();
        }
        String[] where = {"--config", dir.resolve("softswitch.yaml").toString(), "--data-dir", dir.resolve("data").toString()};
        out.getBuffer().setLength(0);
        assertThat(run(cat(new String[] {"console-user", "list"}, where))).as(err.toString()).isZero();
        assertThat(out.toString()).contains("ops ", "watcher ", "viewer", "(main, all)", " 10")
                .doesNotContain("pbkdf2");
        assertThat(run(cat(new String[] {"console-user", "remove", "watcher"}, where))).as(err.toString()).isZero();
        assertThat(run(cat(new String[] {"console-user", "remove", "watcher"}, where))).isEqualTo(1);
        assertThat(err.toString()).contains("NAME: watcher (expected: an existing console user");
        out.getBuffer().setLength(0);
        assertThat(run(cat(new String[] {"console-user", "list"}, where))).isZero();
        assertThat(out.toString()).contains("ops ").doesNotContain("watcher");
        try (Store store = Store.open(new StorageConfig("", "", "", 2), dir.resolve("data"))) {
            ConsoleUsers users = new ConsoleUsers(store.jdbc());
            assertThat(users.session(session)).as("the removed user's session ended").isEmpty();
            assertThat(users.auditLog(10)).extracting(a -> a.get("action"))
                    .contains("add console user ops (admin)", "remove console user watcher");
        }
    }

    private static String[] cat(String[] a, String[] b) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(a), java.util.Arrays.stream(b)).toArray(String[]::new);
    }
}
