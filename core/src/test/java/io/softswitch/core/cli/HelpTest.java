package io.softswitch.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Every command answers {@code --help} and {@code -h} with its usage and exit 0. */
class HelpTest {

    @ParameterizedTest
    @ValueSource(strings = {"run", "route", "check-config", "version"})
    void everyCommandPrintsItsUsageForHelp(String command) {
        for (String flag : new String[] {"--help", "-h"}) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                    .execute(command, flag);
            assertThat(code).as(command + " " + flag + ": " + err).isZero();
            assertThat(out.toString()).as(command + " " + flag).contains("Usage: softswitch " + command);
            assertThat(err.toString()).isEmpty();
        }
    }
}
