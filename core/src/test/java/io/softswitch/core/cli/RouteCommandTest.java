package io.softswitch.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code softswitch route}; numbers are fictional (US 555-01xx, Ofcom drama 020 7946 0xxx). */
class RouteCommandTest {
    private static final String CONFIG = """
            provisioning:
              trunks:
                - name: pbx
                  normalization: normalize
                  default_region: US
                - name: strict-pbx
              carriers:
                - name: alpha
                  number_format: e164-without-plus
                  gateways:
                    - {name: a1, sip_url: "sip:192.0.2.10:5060", priority: 0}
                    - {name: a2, sip_url: "sip:192.0.2.11:5060", priority: 1}
                - name: beta
                  gateways:
                    - {name: b1, sip_url: "sip:198.51.100.10", priority: 0}
              routes:
                - prefix: ""
                  carrier: beta
                - prefix: "1415"
                  carrier: alpha
                - prefix: "1900"
                  action: block
            """;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    }

    private String config(String yaml) throws Exception {
        Path file = dir.resolve("softswitch.yaml");
        Files.writeString(file, yaml);
        return file.toString();
    }

    @Test
    void printsTheNormalizedNumberAndTheOrderedAttempts() throws Exception {
        int code = run("route", "--config", config(CONFIG), "--from", "(415) 555-0199", "415-555-0100");
        assertThat(code).isZero();
        assertThat(out.toString()).isEqualToNormalizingNewlines("""
                trunk:    pbx (normalize, region US)
                called:   +14155550100
                calling:  +14155550199
                prefix:   1415
                attempts:
                  1. alpha/a1  sip:192.0.2.10:5060  user=14155550100  from=14155550199  timeout=4000ms
                  2. alpha/a2  sip:192.0.2.11:5060  user=14155550100  from=14155550199  timeout=4000ms
                """);
    }

    @Test
    void defaultRouteCatchesOtherNumbers() throws Exception {
        assertThat(run("route", "--config", config(CONFIG), "+442079460000")).isZero();
        assertThat(out.toString()).contains("prefix:   (default route)", "1. beta/b1  sip:198.51.100.10  user=+442079460000");
    }

    @Test
    void rejectionPrintsItsSipCode() throws Exception {
        assertThat(run("route", "--config", config(CONFIG), "--trunk", "strict-pbx", "4155550100"))
                .isEqualTo(RouteCommand.REJECTED);
        assertThat(out.toString()).contains("rejected: 400 Invalid Phone Number");
        out.getBuffer().setLength(0);
        assertThat(run("route", "--config", config(CONFIG), "+19005550100")).isEqualTo(RouteCommand.REJECTED);
        assertThat(out.toString()).contains("rejected: 403 Destination Blocked");
    }

    @Test
    void unknownTrunkAndBadConfigAreErrors() throws Exception {
        assertThat(run("route", "--config", config(CONFIG), "--trunk", "nope", "+14155550100")).isEqualTo(1);
        assertThat(err.toString()).contains("trunk: 'nope' (expected: one of [pbx, strict-pbx])");
        err.getBuffer().setLength(0);
        String bad = config(CONFIG.replace("carrier: alpha", "carrier: gamma"));
        assertThat(run("route", "--config", bad, "+14155550100")).isEqualTo(1);
        assertThat(err.toString()).contains("provisioning.routes[1].carrier: 'gamma' (expected: one of the carriers: "
                + "alpha, beta)");
    }

    @Test
    void configWithoutTrunksSaysSo() throws Exception {
        assertThat(run("route", "--config", config("http:\n  port: 0\n"), "+14155550100")).isEqualTo(1);
        assertThat(err.toString()).contains("no trunks under provisioning.trunks");
    }
}
