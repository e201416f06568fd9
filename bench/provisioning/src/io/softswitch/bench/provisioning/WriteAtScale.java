package io.softswitch.bench.provisioning;

import io.softswitch.config.ConfigLoader;
import io.softswitch.config.SoftswitchConfig;
import io.softswitch.core.daemon.Daemon;
import io.softswitch.core.store.Jdbc;
import io.softswitch.core.store.Sids;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

/**
 * One API write with many trunks provisioned: starts a daemon on embedded H2 (the default store),
 * seeds {@code N} trunks (each with an origination URL and its own one-address IP ACL) straight into
 * the tables, then times {@code POST /v1/Trunks} end to end (HTTP, write, re-read, compile, swap)
 * several times and prints the median. Bias avoided: the first writes (class loading, JIT) are
 * warm-up and not counted; the seed is one JDBC batch so it does not warm the read path.
 *
 * <p>Usage: {@code WriteAtScale TRUNKS WRITES} (defaults 10000 and 7). Needs
 * {@code SOFTSWITCH_ACCOUNT_SID}/{@code SOFTSWITCH_AUTH_TOKEN} set (run.sh sets them).
 */
public final class WriteAtScale {
    public static void main(String[] args) throws Exception {
        int trunks = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int writes = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        String sid = System.getenv("SOFTSWITCH_ACCOUNT_SID");
        String token = System.getenv("SOFTSWITCH_AUTH_TOKEN");
        Path dir = Files.createTempDirectory("provisioning-bench");
        int sipPort;
        try (java.net.DatagramSocket probe = new java.net.DatagramSocket(0)) {
            sipPort = probe.getLocalPort();
        }
        String yaml = "sip:\n  listen:\n    - {transport: udp, host: 127.0.0.1, port: " + sipPort + "}\n"
                + "http: {host: 127.0.0.1, port: 0}\nsimulator: {enabled: false}\n"
                + "media: {port_min: 40000, port_max: 40100}\n";
        SoftswitchConfig config = new ConfigLoader().parse("bench.yaml", yaml);
        try (Daemon d = Daemon.start(config, dir)) {
            long t0 = System.nanoTime();
            seed(d.provisioning().rows().jdbc(), sid, trunks);
            d.provisioning().changed();
            System.out.printf("seeded %d trunks in %d ms%n", trunks, (System.nanoTime() - t0) / 1_000_000);
            HttpClient http = HttpClient.newHttpClient();
            String auth = "Basic " + Base64.getEncoder().encodeToString((sid + ":" + token).getBytes(StandardCharsets.UTF_8));
            List<Long> ms = new ArrayList<>();
            for (int i = 0; i < writes + 2; i++) {
                long s = System.nanoTime();
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + d.httpPort() + "/v1/Trunks"))
                        .header("Authorization", auth).header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("FriendlyName=bench-" + i)).build(),
                        HttpResponse.BodyHandlers.ofString());
                long took = (System.nanoTime() - s) / 1_000_000;
                if (r.statusCode() != 201) {
                    throw new IllegalStateException("write " + i + ": " + r.statusCode() + " " + r.body());
                }
                if (i >= 2) {
                    ms.add(took);
                }
            }
            List<Long> sorted = new ArrayList<>(ms);
            Collections.sort(sorted);
            System.out.printf("POST /v1/Trunks with %d trunks: median %d ms (runs %s)%n", trunks,
                    sorted.get(sorted.size() / 2), ms);
            // where a write's time goes: the re-read and the compile, each alone
            List<Long> reads = new ArrayList<>();
            List<Long> compiles = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                long s = System.nanoTime();
                var p = io.softswitch.core.store.internal.TableProvisioningReader.read(d.provisioning().rows());
                long r = System.nanoTime();
                io.softswitch.trunking.RoutingSnapshot.compile(p);
                reads.add((r - s) / 1_000_000);
                compiles.add((System.nanoTime() - r) / 1_000_000);
            }
            System.out.printf("re-read alone %s ms, compile alone %s ms%n", reads, compiles);
        }
        // a thread the daemon leaves behind kept the JVM (and run.sh) from exiting after the results
        System.exit(0);
    }

    private static void seed(Jdbc jdbc, String account, int n) {
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.inTransaction(c -> {
            try (PreparedStatement t = c.prepareStatement("INSERT INTO trunks (sid, account_sid, friendly_name,"
                    + " disaster_recovery_method, secure, transfer_mode, transfer_caller_id, cnam_lookup_enabled,"
                    + " symmetric_rtp_enabled, recording_mode, recording_trim, number_normalization, cps_limit,"
                    + " concurrent_call_limit, caller_id_must_be_owned, date_created, date_updated) VALUES"
                    + " (?, ?, ?, 'POST', false, 'disable-all', 'from-transferee', false, false, 'do-not-record',"
                    + " 'do-not-trim', 'strict', 0, 0, false, ?, ?)");
                    PreparedStatement o = c.prepareStatement("INSERT INTO origination_urls (sid, account_sid, trunk_sid,"
                            + " friendly_name, sip_url, priority, weight, enabled, date_created, date_updated)"
                            + " VALUES (?, ?, ?, 'pbx', ?, 10, 10, true, ?, ?)");
                    PreparedStatement l = c.prepareStatement("INSERT INTO ip_access_control_lists (sid, account_sid,"
                            + " friendly_name, date_created, date_updated) VALUES (?, ?, ?, ?, ?)");
                    PreparedStatement a = c.prepareStatement("INSERT INTO ip_addresses (sid, account_sid,"
                            + " ip_access_control_list_sid, friendly_name, ip_address, cidr_prefix_length, date_created,"
                            + " date_updated) VALUES (?, ?, ?, 'pbx', ?, 32, ?, ?)");
                    PreparedStatement k = c.prepareStatement("INSERT INTO trunk_ip_access_control_lists (trunk_sid, sid,"
                            + " date_created) VALUES (?, ?, ?)")) {
                for (int i = 0; i < n; i++) {
                    String trunk = Sids.next("TK");
                    String acl = Sids.next("AL");
                    String ip = "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
                    t.setString(1, trunk); t.setString(2, account); t.setString(3, "trunk-" + i);
                    t.setTimestamp(4, now); t.setTimestamp(5, now); t.addBatch();
                    o.setString(1, Sids.next("OU")); o.setString(2, account); o.setString(3, trunk);
                    o.setString(4, "sip:pbx" + i + ".example.net:5060"); o.setTimestamp(5, now); o.setTimestamp(6, now);
                    o.addBatch();
                    l.setString(1, acl); l.setString(2, account); l.setString(3, "acl-" + i);
                    l.setTimestamp(4, now); l.setTimestamp(5, now); l.addBatch();
                    a.setString(1, Sids.next("IP")); a.setString(2, account); a.setString(3, acl); a.setString(4, ip);
                    a.setTimestamp(5, now); a.setTimestamp(6, now); a.addBatch();
                    k.setString(1, trunk); k.setString(2, acl); k.setTimestamp(3, now); k.addBatch();
                }
                t.executeBatch();
                o.executeBatch();
                l.executeBatch();
                a.executeBatch();
                k.executeBatch();
            }
            return null;
        });
    }
}
