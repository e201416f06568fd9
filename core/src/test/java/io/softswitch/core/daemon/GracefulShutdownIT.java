package io.softswitch.core.daemon;

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
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM with a call up: the call may go on for {@code calls.drain_seconds}, then both legs get
 * BYE, its record reaches the database, and the process exits 0.
 */
class GracefulShutdownIT {
    @TempDir
    Path dir;

    @Test
    void sigtermDrainsThenHangsUpAndFlushesTheRecord() throws Exception {
        int sipPort = FreePorts.udpAndTcp();
        int carrierPort = FreePorts.udpAndTcp();
        Path config = DaemonProcess.writeConfig(dir, """
                sip:
                  listen:
                    - transport: udp
                      host: 127.0.0.1
                      port: %d
                http:
                  port: 0
                calls:
                  drain_seconds: 1
                simulator:
                  enabled: false
                @MEDIA@
                provisioning:
                  trunks:
                    - name: pbx
                      ip_acl: [127.0.0.1/32]
                  carriers:
                    - name: carrier
                      gateways:
                        - sip_url: sip:127.0.0.1:%d
                  routes:
                    - prefix: ""
                      carrier: carrier
                """.replace("@MEDIA@", FreePorts.mediaBlock()).formatted(sipPort, carrierPort));
        Path data = dir.resolve("data");
        try (DaemonProcess d = DaemonProcess.start("run", "--config", config.toString(), "--data-dir", data.toString());
                Sipp.Running carrier = Sipp.scenario("uas-answer.xml").localPort(carrierPort).startServer()) {
            d.awaitReady();
            int http = d.httpPort();
            try (Sipp.Running pbx = Sipp.scenario("uac-call-until-bye.xml").arg("-s", "+14155550100").startAgainst(sipPort)) {
                HttpClient client = HttpClient.newHttpClient();
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> client.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body().contains("calls_active 1.0"));

                Optional<Integer> exit = d.terminate(Duration.ofSeconds(15));
                assertThat(exit).as(d.output()).contains(0);
                Sipp.Result pbxSaw = pbx.await();
                Sipp.Result carrierSaw = carrier.await();
                assertThat(pbxSaw.allCallsSucceeded()).as("PBX got BYE: %s", pbxSaw).isTrue();
                assertThat(carrierSaw.allCallsSucceeded()).as("carrier got BYE: %s", carrierSaw).isTrue();
                assertThat(d.output()).contains("hung up 1 call(s) still up after the 1 s drain");
            }
        }
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:"
                + data.resolve("softswitch").toAbsolutePath() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "", "");
                ResultSet rs = c.createStatement().executeQuery("select count(*) from calls where status = 'completed'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }
}
