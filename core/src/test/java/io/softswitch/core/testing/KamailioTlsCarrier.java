package io.softswitch.core.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's Kamailio (with kamailio-tls-modules) as a SIP-over-TLS carrier on loopback: one UDP
 * socket and TLS listeners on free ports, each with its own certificate, all asking for a client
 * certificate from a CA. Every new INVITE is logged ({@link #invites}: the TLS port it came in on,
 * whether the client certificate was verified, its CN) and relayed statefully, record-routed, to a
 * UAS at {@code 127.0.0.1:uasPort} over UDP. Config and log live under {@code dir} (target/...);
 * the process is stopped by its handle on {@link #close}.
 */
public final class KamailioTlsCarrier implements AutoCloseable {
    private static final String MODULES = "/usr/lib/x86_64-linux-gnu/kamailio/modules/";
    private static final Pattern INVITE = Pattern.compile(
            "CARRIER-INVITE proto=(\\S+) port=(\\d+) verified=(\\S*) cn=(.*?) user=(\\S*)$", Pattern.MULTILINE);

    /** One TLS listener: its port, certificate chain and key (PEM files). */
    public record TlsListener(int port, Path certificate, Path privateKey) {
    }

    /** An INVITE that reached Kamailio. */
    public record Invite(String proto, int port, boolean clientVerified, String clientCn, String user) {
    }

    private final Process process;
    private final Path log;

    private KamailioTlsCarrier(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts Kamailio and waits (at most 20 s) until every TLS listener accepts connections. */
    public static KamailioTlsCarrier start(Path dir, List<TlsListener> listeners, Path clientCa, int uasPort) throws IOException {
        Files.createDirectories(dir);
        Path run = Files.createDirectories(dir.resolve("run"));
        Path tlsCfg = dir.resolve("tls.cfg");
        StringBuilder tls = new StringBuilder();
        List<String> sections = new ArrayList<>();
        for (TlsListener l : listeners) {
            sections.add("127.0.0.1:" + l.port());
        }
        sections.add("default");
        for (int i = 0; i < sections.size(); i++) {
            TlsListener l = listeners.get(Math.min(i, listeners.size() - 1));
            tls.append("[server:").append(sections.get(i)).append("]\n")
                    .append("method = TLSv1.2+\n")
                    .append("certificate = ").append(l.certificate().toAbsolutePath()).append('\n')
                    .append("private_key = ").append(l.privateKey().toAbsolutePath()).append('\n')
                    .append("ca_list = ").append(clientCa.toAbsolutePath()).append('\n')
                    .append("verify_certificate = yes\nrequire_certificate = yes\n\n");
        }
        tls.append("[client:default]\nmethod = TLSv1.2+\nverify_certificate = no\nrequire_certificate = no\n");
        Files.writeString(tlsCfg, tls.toString());

        int udp = FreePorts.udpAndTcp();
        StringBuilder listen = new StringBuilder("listen=udp:127.0.0.1:" + udp + "\n");
        for (TlsListener l : listeners) {
            listen.append("listen=tls:127.0.0.1:").append(l.port()).append('\n');
        }
        Path cfg = dir.resolve("kamailio.cfg");
        Files.writeString(cfg, """
                #!KAMAILIO
                debug=2
                log_stderror=yes
                children=2
                tcp_children=2
                auto_aliases=no
                enable_tls=yes
                @LISTEN@
                mpath="@MODULES@"
                loadmodule "tls.so"
                loadmodule "tm.so"
                loadmodule "sl.so"
                loadmodule "rr.so"
                loadmodule "pv.so"
                loadmodule "xlog.so"
                loadmodule "siputils.so"
                loadmodule "textops.so"
                modparam("tls", "config", "@TLSCFG@")

                request_route {
                    if (has_totag()) {
                        if (loose_route()) {
                            t_relay();
                        } else if (is_method("ACK")) {
                            t_check_trans();
                        } else {
                            sl_send_reply("404", "Not here");
                        }
                        exit;
                    }
                    if (is_method("OPTIONS")) {
                        sl_send_reply("200", "OK");
                        exit;
                    }
                    if (is_method("INVITE")) {
                        xlog("L_ALERT", "CARRIER-INVITE proto=$pr port=$Rp verified=$tls_peer_verified cn=$tls_peer_subject_cn user=$rU\\n");
                        record_route();
                        $du = "sip:127.0.0.1:@UAS@";
                        t_relay();
                        exit;
                    }
                    if (is_method("CANCEL")) {
                        t_relay();
                        exit;
                    }
                    sl_send_reply("405", "Method Not Allowed");
                }
                """.replace("@LISTEN@", listen).replace("@MODULES@", MODULES)
                .replace("@TLSCFG@", tlsCfg.toAbsolutePath().toString()).replace("@UAS@", Integer.toString(uasPort)));

        Path log = dir.resolve("kamailio.log");
        // -DD: stay in the foreground (our handle is the main process, which stops its children);
        // -E: log to stderr; -Y: its runtime files under dir, not /run/kamailio.
        Process p = new ProcessBuilder("kamailio", "-f", cfg.toAbsolutePath().toString(), "-DD", "-E",
                "-m", "64", "-M", "8", "-Y", run.toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        KamailioTlsCarrier k = new KamailioTlsCarrier(p, log);
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            for (TlsListener l : listeners) {
                while (!accepts(l.port())) {
                    if (!p.isAlive()) {
                        throw new IOException("kamailio exited " + p.exitValue() + ": " + k.log());
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IOException("kamailio not listening on tls " + l.port() + " in 20 s: " + k.log());
                    }
                    Thread.onSpinWait();
                    Thread.sleep(50); // polling a port with a deadline: no event to await
                }
            }
        } catch (IOException | InterruptedException e) {
            k.close();
            throw e instanceof IOException io ? io : new IOException(e);
        }
        return k;
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The INVITEs logged so far, in order. */
    public List<Invite> invites() throws IOException {
        List<Invite> out = new ArrayList<>();
        Matcher m = INVITE.matcher(log());
        while (m.find()) {
            out.add(new Invite(m.group(1), Integer.parseInt(m.group(2)), "1".equals(m.group(3)), m.group(4).trim(),
                    m.group(5)));
        }
        return out;
    }

    /** Everything Kamailio logged. */
    public String log() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
    }

    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy(); // SIGTERM: the main process stops its children
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
