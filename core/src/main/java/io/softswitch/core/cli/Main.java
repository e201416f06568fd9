package io.softswitch.core.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code softswitch} command. */
@Command(name = "softswitch",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "Self-hosted elastic SIP trunking softswitch.",
        subcommands = {RunCommand.class, CheckConfigCommand.class, RouteCommand.class, ConsoleUserCommand.class,
                VersionCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (tests call this directly). */
    public static int execute(String... args) {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
