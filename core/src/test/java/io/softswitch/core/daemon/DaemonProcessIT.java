package io.softswitch.core.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.core.testing.DaemonProcess;
import io.softswitch.core.testing.FreePorts;
import io.softswitch.core.testing.Sipp;
import io.softswitch.core.testing.TestConfigs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged daemon as an operator runs it: a separate JVM, real signals, real exit codes. */
class DaemonProcessIT {
    @TempDir
    Path dir;

    @Test
    void startsServesAndExitsZeroOnSigterm() throws Exception {
        int sipPort = FreePorts.udpAndTcp();
        Path config = DaemonProcess.writeConfig(dir, TestConfigs.yaml(sipPort));
        try (DaemonProcess d = DaemonProcess.start("run", "--config", config.toString(),
                "--data-dir", dir.resolve("data").toString())) {
            long readyMs = d.awaitReady();
            System.out.println("daemon ready in " + readyMs + " ms (target: under 3000 ms)");
            int httpPort = d.httpPort();
            HttpResponse<String> ready = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(200);

            Sipp.Result options = Sipp.scenario("options.xml").runAgainst(sipPort);
            assertThat(options.allCallsSucceeded()).as(options.toString()).isTrue();

            long t0 = System.nanoTime();
            Optional<Integer> exit = d.terminate(Duration.ofSeconds(10));
            long stopMs = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("daemon stopped in " + stopMs + " ms after SIGTERM");
            assertThat(exit).as("exit %s, output:%n%s", exit, d.output()).contains(0);
            assertThat(d.output()).contains("shutting down (SIGTERM)", "stopped");
        }
    }

    @Test
    void logsOneLinePerListenerThenReady() throws Exception {
        int sipPort = FreePorts.udpAndTcp();
        Path config = DaemonProcess.writeConfig(dir, TestConfigs.yaml(sipPort));
        try (DaemonProcess d = DaemonProcess.start("run", "--config", config.toString(),
                "--data-dir", dir.resolve("data").toString())) {
            d.awaitReady();
            assertThat(d.output())
                    .contains("listening sip udp 127.0.0.1:" + sipPort)
                    .contains("listening sip tcp 127.0.0.1:" + sipPort)
                    .containsPattern("listening http 127.0.0.1:\\d+");
            assertThat(d.terminate(Duration.ofSeconds(10))).contains(0);
        }
    }

    @Test
    void refusesToStartOnABrokenConfigAndSaysWhy() throws Exception {
        Path config = DaemonProcess.writeConfig(dir, "http:\n  port: 99999\n");
        DaemonProcess.Finished f = DaemonProcess.runToEnd("run", "--config", config.toString(),
                "--data-dir", dir.resolve("data").toString());
        assertThat(f.exitCode()).isEqualTo(1);
        assertThat(f.output()).contains(config + ":2: http.port: 99999 (expected: 0-65535)");
    }

    @Test
    void sipPortInUseIsAClearStartupError() throws Exception {
        int sipPort = FreePorts.udpAndTcp();
        Path config = DaemonProcess.writeConfig(dir, TestConfigs.yaml(sipPort));
        try (java.net.DatagramSocket taken = new java.net.DatagramSocket(sipPort,
                java.net.InetAddress.getLoopbackAddress())) {
            DaemonProcess.Finished f = DaemonProcess.runToEnd("run", "--config", config.toString(),
                    "--data-dir", dir.resolve("data").toString());
            assertThat(f.exitCode()).as(f.output()).isEqualTo(2);
            assertThat(f.output()).contains("cannot start").contains("udp 127.0.0.1:" + sipPort);
        }
    }

    @Test
    void httpPortInUseIsOneLineNamingItAndExitTwo() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Path config = DaemonProcess.writeConfig(dir, TestConfigs.yaml(FreePorts.udpAndTcp())
                    .replace("  port: 0\n", "  port: " + port + "\n"));
            DaemonProcess.Finished f = DaemonProcess.runToEnd("run", "--config", config.toString(),
                    "--data-dir", dir.resolve("data").toString());
            assertThat(f.exitCode()).as(f.output()).isEqualTo(2);
            assertThat(f.output()).contains("cannot start: cannot listen on http 127.0.0.1:" + port + ": ")
                    .doesNotContain("\tat ").doesNotContain("Exception");
        }
    }

    @Test
    void checkConfigPrintsEveryProblemAndExitsOne() throws Exception {
        Path config = DaemonProcess.writeConfig(dir, """
                sip:
                  listen:
                    - transport: udp
                      port: 70000
                http:
                  prot: 8080
                """);
        DaemonProcess.Finished f = DaemonProcess.runToEnd("check-config", config.toString());
        assertThat(f.exitCode()).isEqualTo(1);
        assertThat(f.output())
                .contains(config + ":4: sip.listen[0].port: 70000 (expected: 0-65535)")
                .contains(config + ":6: http.prot: unknown key 'prot' (expected: one of host, port, tls)")
                .contains("2 problems");
    }

    @Test
    void checkConfigAcceptsTheBundledReference() throws Exception {
        Path bundled = Path.of(System.getProperty("softswitch.root.dir", ".."), "config", "softswitch.yaml");
        DaemonProcess.Finished f = DaemonProcess.runToEnd("check-config", bundled.toString());
        assertThat(f.exitCode()).as(f.output()).isEqualTo(0);
        assertThat(f.output()).contains("OK", "udp 127.0.0.1:5060", "tcp 127.0.0.1:5060", "127.0.0.1:8080",
                "calls:   max 20000, overload at 200 ms queue delay (2000 ms for the first 30 s), ACK timeout 8 s");
    }

    @Test
    void versionPrintsTheVersion() throws Exception {
        DaemonProcess.Finished f = DaemonProcess.runToEnd("version");
        assertThat(f.exitCode()).isEqualTo(0);
        assertThat(f.output()).startsWith("softswitch 0.");
    }
}
