package io.softswitch.core.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.core.testing.DaemonProcess;
import io.softswitch.core.testing.FreePorts;
import io.softswitch.core.testing.Sipp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the packaged daemon while SIPp drives calls through it at a modest rate, then
 * a restart with the same configuration, ports and data directory: the ports bind again, the
 * embedded database opens, {@code /ready} is 200, the trunk's concurrency limit is not left
 * occupied by the calls the kill cut off, and new calls complete. A hard kill may lose the records
 * of calls that ended in about the last 300 ms (the writer's 200 ms batch interval plus H2's
 * 100 ms write delay) and calls in progress get none; the test bounds that loss to half a second
 * of traffic (300 ms plus slack for a loaded machine).
 */
class HardKillIT {
    private static final int RATE = 20;
    private static final int CONCURRENT_LIMIT = 5;
    private static final Pattern COMPLETED = Pattern.compile("calls_total\\{[^}]*status=\"completed\"[^}]*\\} (\\d+)");

    @TempDir
    Path dir;

    @Test
    void daemonKilledUnderLoadRestartsCleanOnTheSamePortsAndDataDir() throws Exception {
        int sipPort = FreePorts.udpAndTcp();
        int httpPort = FreePorts.udpAndTcp();
        int carrierPort = FreePorts.udpAndTcp();
        int mediaMin = 61000 + 400 * (int) (Math.random() * 10);
        Path config = DaemonProcess.writeConfig(dir, """
                sip:
                  listen:
                    - transport: udp
                      host: 127.0.0.1
                      port: %d
                http:
                  port: %d
                media:
                  port_min: %d
                  port_max: %d
                simulator:
                  enabled: false
                provisioning:
                  trunks:
                    - name: pbx
                      ip_acl: [127.0.0.1/32]
                      concurrent_call_limit: %d
                  carriers:
                    - name: carrier
                      gateways:
                        - sip_url: sip:127.0.0.1:%d
                  routes:
                    - prefix: ""
                      carrier: carrier
                """.formatted(sipPort, httpPort, mediaMin, mediaMin + 399, CONCURRENT_LIMIT, carrierPort));
        Path data = dir.resolve("data");
        String[] run = {"run", "--config", config.toString(), "--data-dir", data.toString()};
        HttpClient http = HttpClient.newHttpClient();

        long completedBeforeKill;
        try (DaemonProcess d = DaemonProcess.start(run);
                Sipp.Running carrier = Sipp.scenario("uas-answer.xml").localPort(carrierPort).calls(100_000)
                        .startServer()) {
            d.awaitReady();
            try (Sipp.Running pbx = Sipp.scenario("uac-call.xml").arg("-s", "+14155550100", "-r", "" + RATE)
                    .calls(100_000).startAgainst(sipPort)) {
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> completed(http, httpPort) >= 2L * RATE);
                d.kill();
                Sipp.Result pbxSaw = pbx.stop();
                completedBeforeKill = pbxSaw.messages().stream()
                        .filter(m -> m.received() && m.status() == 200 && m.header("CSeq").orElse("").endsWith("BYE"))
                        .map(m -> m.header("Call-ID").orElseThrow()).distinct().count();
            }
            carrier.stop();
        }
        assertThat(completedBeforeKill).isGreaterThanOrEqualTo(2L * RATE);

        try (DaemonProcess d = DaemonProcess.start(run);
                Sipp.Running carrier = Sipp.scenario("uas-answer.xml").localPort(carrierPort).calls(2 * CONCURRENT_LIMIT)
                        .startServer()) {
            d.awaitReady();
            assertThat(d.httpPort()).isEqualTo(httpPort);
            HttpResponse<String> ready = http.send(get(httpPort, "/ready"), HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            // Twice the trunk's concurrency limit, at most the limit at once: no permit is stuck.
            Sipp.Result pbx = Sipp.scenario("uac-call.xml").arg("-s", "+14155550100", "-r", "" + RATE,
                    "-l", "" + CONCURRENT_LIMIT).calls(2 * CONCURRENT_LIMIT).runAgainst(sipPort);
            assertThat(pbx.allCallsSucceeded()).as(pbx.toString()).isTrue();
            assertThat(carrier.await().allCallsSucceeded()).isTrue();
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> completed(http, httpPort) == 2L * CONCURRENT_LIMIT);
            assertThat(d.terminate(Duration.ofSeconds(15))).as(d.output()).contains(0);
        }

        long records;
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + data.resolve("softswitch").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "", "");
                ResultSet rs = c.createStatement().executeQuery(
                        "select count(*), count(distinct sip_call_id) from calls where status = 'completed'")) {
            rs.next();
            records = rs.getLong(1);
            assertThat(rs.getLong(2)).as("no duplicate records").isEqualTo(records);
        }
        long before = records - 2L * CONCURRENT_LIMIT;
        System.out.printf("kill -9 under %d calls/s: %d calls completed at the PBX before the kill, %d records"
                + " survived (%d lost)%n", RATE, completedBeforeKill, before, completedBeforeKill - before);
        assertThat(before).as("records of calls completed before the kill").isLessThanOrEqualTo(completedBeforeKill)
                .isGreaterThanOrEqualTo(completedBeforeKill - RATE / 2);
    }

    private static HttpRequest get(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build();
    }

    /** The daemon's completed-call counter, 0 when it cannot be read. */
    private static long completed(HttpClient http, int port) {
        try {
            String body = http.send(get(port, "/metrics"), HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = COMPLETED.matcher(body);
            long n = 0;
            while (m.find()) {
                n += Long.parseLong(m.group(1));
            }
            return n;
        } catch (Exception e) {
            return 0;
        }
    }
}
