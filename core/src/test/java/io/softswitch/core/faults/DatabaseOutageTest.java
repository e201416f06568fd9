package io.softswitch.core.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.config.Provisioning;
import io.softswitch.config.provisioning.Carrier;
import io.softswitch.config.provisioning.CarrierType;
import io.softswitch.config.provisioning.Gateway;
import io.softswitch.config.provisioning.NumberFormat;
import io.softswitch.config.provisioning.NumberNormalization;
import io.softswitch.config.provisioning.Route;
import io.softswitch.config.provisioning.RouteAction;
import io.softswitch.config.provisioning.Trunk;
import io.softswitch.core.cdr.CdrWriter;
import io.softswitch.core.daemon.Daemon;
import io.softswitch.core.security.SecureDaemons;
import io.softswitch.core.testing.FreePorts;
import io.softswitch.core.testing.PrivatePostgres;
import io.softswitch.core.testing.Sipp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database goes away while calls go on: the daemon runs on a private PostgreSQL the test stops
 * and starts. Calls placed during the outage complete (SIPp PBX and carrier both succeed), their
 * records spool to the data directory, and once the database is back every call has exactly one
 * row, matched by the Call-ID the PBX used.
 */
class DatabaseOutageTest {
    private static final int BEFORE = 5;
    private static final int DURING = 10;

    @TempDir
    Path tmp;

    @Test
    void callsGoOnDuringADatabaseOutageAndTheirRecordsArriveOnceWhenItIsBack() throws Exception {
        try (PrivatePostgres pg = PrivatePostgres.create()) {
            pg.start();
            int sipPort = FreePorts.udpAndTcp();
            int carrierPort = FreePorts.udpAndTcp();
            String yaml = SecureDaemons.yaml(sipPort, "") + """
                    storage:
                      url: %s
                      username: postgres
                      password: ""
                      pool_size: 2
                    """.formatted(pg.url());
            Path data = tmp.resolve("data");
            try (Daemon daemon = Daemon.start(SecureDaemons.parse(yaml), data)) {
                daemon.snapshots().replace(provisioning(carrierPort));
                Set<String> callIds = new HashSet<>(calls(sipPort, carrierPort, BEFORE));
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> rows(pg).size() == BEFORE);

                pg.stop();
                callIds.addAll(calls(sipPort, carrierPort, DURING));
                Path spool = data.resolve(CdrWriter.SPOOL_FILE);
                Awaitility.await().atMost(Duration.ofSeconds(20))
                        .until(() -> lines(spool) + lines(data.resolve(CdrWriter.SPOOL_FILE + ".replay")) >= DURING);
                assertThat(callIds).hasSize(BEFORE + DURING);

                pg.start();
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> rows(pg).size() >= BEFORE + DURING);
                List<String> rows = rows(pg);
                assertThat(rows).as("one row per call, none duplicated").hasSize(BEFORE + DURING)
                        .containsExactlyInAnyOrderElementsOf(callIds);
            }
        }
    }

    /** Places {@code n} answered calls; returns the Call-IDs the PBX used. */
    private static List<String> calls(int sipPort, int carrierPort, int n) throws Exception {
        try (Sipp.Running carrier = Sipp.scenario("uas-answer.xml").localPort(carrierPort).calls(n).startServer()) {
            Sipp.Result pbx = Sipp.scenario("uac-call.xml").arg("-s", "+14155550100", "-r", "10").calls(n)
                    .runAgainst(sipPort);
            Sipp.Result gw = carrier.await();
            assertThat(pbx.allCallsSucceeded()).as(pbx.toString()).isTrue();
            assertThat(gw.allCallsSucceeded()).as(gw.toString()).isTrue();
            List<String> ids = new ArrayList<>();
            for (Sipp.Message m : pbx.sent()) {
                if ("INVITE".equals(m.method())) {
                    ids.add(m.header("Call-ID").orElseThrow());
                }
            }
            return ids;
        }
    }

    /** The A-leg Call-ID of every call record; empty while the database is unreachable. */
    private static List<String> rows(PrivatePostgres pg) {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(pg.url(), "postgres", "");
                ResultSet rs = c.createStatement().executeQuery("SELECT sip_call_id FROM calls")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (SQLException e) {
            return List.of();
        }
        return out;
    }

    private static long lines(Path p) {
        try {
            return Files.readAllLines(p).stream().filter(l -> !l.isBlank()).count();
        } catch (IOException e) {
            return 0;
        }
    }

    private static Provisioning provisioning(int carrierPort) {
        Trunk pbx = new Trunk(null, null, "pbx", null, List.of("127.0.0.1/32"), List.of(), null,
                NumberNormalization.STRICT, "US", 0, 0, false, false, List.of(), List.of(), List.of());
        Carrier carrier = new Carrier(null, "carrier", CarrierType.SIP, NumberFormat.E164, "", "", "", 0, 0, 0, 4000,
                Carrier.DEFAULT_FINAL_RESPONSE_CODES, List.of(new Gateway("gw1", "sip:127.0.0.1:" + carrierPort, 1,
                        10, true)), List.of(), List.of(), List.of());
        return new Provisioning(List.of(pbx), List.of(carrier), List.of(),
                List.of(new Route(null, "default", "", "carrier", 10, 10, null, RouteAction.ROUTE, List.of())));
    }
}
