package io.softswitch.core.cli;

import io.softswitch.config.ConfigException;
import io.softswitch.config.ConfigLoader;
import io.softswitch.config.ConfigProblem;
import io.softswitch.config.SoftswitchConfig;
import io.softswitch.core.console.ConsoleUser;
import io.softswitch.core.console.ConsoleUsers;
import io.softswitch.core.console.Passwords;
import io.softswitch.core.console.Qr;
import io.softswitch.core.store.Store;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code softswitch console-user add NAME}: creates a web console user in the configured database
 * and prints, once, the TOTP key (and its {@code otpauth://} URI for an authenticator app) and the
 * recovery codes. There is no default user and no default password: the password comes from
 * {@code --password-file}, or {@code SOFTSWITCH_CONSOLE_PASSWORD}, or is asked for on a terminal, or is generated and printed.
 * With the embedded H2 database, run it while the daemon is stopped (H2 locks its file).
 * {@code list} prints the users (no secrets); {@code remove NAME} deletes one and ends its sessions.
 */
@Command(name = "console-user", description = "Manage web console users.",
        subcommands = {ConsoleUserCommand.Add.class, ConsoleUserCommand.ListUsers.class, ConsoleUserCommand.Remove.class})
final class ConsoleUserCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "add", description = "Add a console user; prints its TOTP key and recovery codes once.")
    static final class Add implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "User name (A-Z a-z 0-9 . _ @ -, at most 64).")
        String name;

        @Option(names = "--role", defaultValue = "admin", description = "admin (everything) or viewer (read-only);"
                + " default: ${DEFAULT-VALUE}.")
        String role;

        @Option(names = "--account", paramLabel = "SID", description = "Limit the user to this subaccount (default: the"
                + " operator's main account, all of it).")
        String account;

        @Option(names = "--password-file", paramLabel = "FILE", description = "Read the password from the first line of"
                + " FILE (else env SOFTSWITCH_CONSOLE_PASSWORD, else asked on a terminal, else generated and printed).")
        Path passwordFile;

        @Mixin
        Where where;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return where.run(spec, (store, out, err) -> {
                boolean generated = false;
                String password = passwordFile != null ? Files.readAllLines(passwordFile).stream().findFirst().orElse("")
                        : System.getenv("SOFTSWITCH_CONSOLE_PASSWORD");
                if ((password == null || password.isEmpty()) && System.console() != null) {
                    char[] a = System.console().readPassword("Password for %s: ", name);
                    char[] b = System.console().readPassword("Again: ");
                    if (a == null || b == null || !new String(a).equals(new String(b))) {
                        err.println("password: the two entries differ");
                        return 1;
                    }
                    password = new String(a);
                }
                if (password == null || password.isEmpty()) {
                    password = Passwords.generate();
                    generated = true;
                }
                ConsoleUsers users = new ConsoleUsers(store.jdbc());
                ConsoleUser.Role r = ConsoleUser.Role.parse(role);
                ConsoleUsers.Enrolment e = users.add(name, password, r, account);
                users.audit("(cli)", "cli", "add console user " + e.username() + " (" + r.wireName() + ")", 200);
                out.println("console user " + e.username() + " added (" + role + ")");
                if (generated) {
                    out.println("password: " + password);
                }
                out.println("scan with an authenticator app:");
                out.print(Qr.text(e.otpauthUri()));
                out.println("TOTP key: " + e.totpSecret());
                out.println("authenticator URI: " + e.otpauthUri());
                out.println("recovery codes (each works once): " + String.join(" ", e.recoveryCodes()));
                return 0;
            });
        }
    }

    /** What a subcommand does with the configured store; {@code err} takes the user's mistakes. */
    @FunctionalInterface
    interface StoreAction {
        int run(Store store, PrintWriter out, PrintWriter err) throws java.io.IOException;
    }

    /** The configuration and data directory options every subcommand shares, and opening their store. */
    static final class Where {
        @Option(names = "--config", paramLabel = "FILE", defaultValue = "${env:SOFTSWITCH_CONFIG:-config/softswitch.yaml}",
                description = "Configuration file (env SOFTSWITCH_CONFIG; default: ${DEFAULT-VALUE}).")
        Path config;

        @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:SOFTSWITCH_DATA_DIR:-data}",
                description = "Data directory (env SOFTSWITCH_DATA_DIR; default: ${DEFAULT-VALUE}).")
        Path dataDir;

        /**
         * Runs {@code action} on the configured store and returns its exit code; 1 after printing the
         * configuration's problems, a refused value ({@link IllegalArgumentException}) or a store error.
         */
        int run(CommandSpec spec, StoreAction action) {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            SoftswitchConfig cfg;
            try {
                cfg = new ConfigLoader().load(config);
            } catch (ConfigException e) {
                for (ConfigProblem p : e.problems()) {
                    err.println(p);
                }
                err.flush();
                return 1;
            }
            try (Store store = Store.open(cfg.storage(), dataDir)) {
                return action.run(store, out, err);
            } catch (IllegalArgumentException | io.softswitch.core.store.StoreException | java.io.IOException e) {
                err.println(e.getMessage());
                return 1;
            } finally {
                out.flush();
                err.flush();
            }
        }
    }

    @Command(name = "list", description = "List console users (name, role, account, created, recovery codes left).")
    static final class ListUsers implements Callable<Integer> {
        @Mixin
        Where where;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return where.run(spec, (store, out, err) -> {
                out.printf("%-24s %-7s %-34s %-20s %s%n", "NAME", "ROLE", "ACCOUNT", "CREATED", "RECOVERY CODES LEFT");
                for (ConsoleUsers.Listed u : new ConsoleUsers(store.jdbc()).list()) {
                    out.printf("%-24s %-7s %-34s %-20s %d%n", u.username(), u.role().wireName(),
                            u.accountSid() == null ? "(main, all)" : u.accountSid(),
                            u.createdAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), u.recoveryCodesLeft());
                }
                return 0;
            });
        }
    }

    @Command(name = "remove", description = "Remove a console user and end its sessions.")
    static final class Remove implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "User name.")
        String name;

        @Mixin
        Where where;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return where.run(spec, (store, out, err) -> {
                ConsoleUsers users = new ConsoleUsers(store.jdbc());
                if (!users.remove(name)) {
                    err.println("NAME: " + name + " (expected: an existing console user; see console-user list)");
                    return 1;
                }
                users.audit("(cli)", "cli", "remove console user " + name, 200);
                out.println("console user " + name + " removed; its sessions ended");
                return 0;
            });
        }
    }
}
