package io.softswitch.core.testing.baresip;

import io.softswitch.core.testing.Processes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real baresip process (Debian {@code baresip-core}) as one SIP user agent: one account
 * {@code <sip:user@ip:port>} that never registers, on its own loopback address (its SIP
 * socket and the address in its SDP), its microphone a WAV file, both directions of its call
 * recorded, driven and observed over {@code ctrl_tcp}. Closing it stops the process (SIGTERM,
 * then SIGKILL after 5 s).
 *
 * <p>baresip 1.0 binds its RTP sockets to the wildcard address whatever {@code -n} says, so on
 * any loopback address but 127.0.0.1 its RTP to 127.0.0.1 leaves from 127.0.0.1, not from the
 * address its SDP names: a relay that only accepts the signalled address refuses it.
 *
 * <p>The agent's call closes by itself when its source file has been played ({@code CALL_CLOSED}
 * with reason {@code end of file}), so a call lasts as long as the shorter of the two sources.
 */
public final class Baresip implements AutoCloseable {
    /** baresip's executable; the test suite's {@code scripts/test} installs it. */
    public static final String EXECUTABLE = "baresip";
    private static final List<Path> MODULE_DIRS = List.of(Path.of("/usr/lib/baresip/modules"),
            Path.of("/usr/lib/x86_64-linux-gnu/baresip/modules"), Path.of("/usr/local/lib/baresip/modules"));
    private static final Duration STARTUP = Duration.ofSeconds(10);

    private final String aor;
    private final int sipPort;
    private final Path dir;
    private final Process process;
    private final CtrlTcp ctrl;

    private Baresip(String aor, int sipPort, Path dir, Process process, CtrlTcp ctrl) {
        this.aor = aor;
        this.sipPort = sipPort;
        this.dir = dir;
        this.process = process;
        this.ctrl = ctrl;
    }

    /**
     * Starts an agent and waits until its {@code ctrl_tcp} accepts a connection.
     *
     * @param user       the account's user part, which is also the only Request-URI user it
     *                   accepts calls for (baresip answers others 404)
     * @param ip         loopback address it binds and advertises, e.g. {@code 127.0.0.3}
     * @param autoAnswer answer incoming calls at once ({@code answermode=auto})
     * @param source     mono 16-bit 8 kHz WAV played as its microphone
     * @param dir        its config, log ({@code baresip.log}) and {@code recordings/}; emptied
     *                   first, left in place afterwards for a look after a failure
     */
    public static Baresip start(String user, String ip, boolean autoAnswer, Path source, Path dir)
            throws IOException {
        return start(user, ip, autoAnswer, source, dir, Security.NONE);
    }

    /**
     * As {@link #start(String, String, boolean, Path, Path)}, with SIP over TLS and media
     * encryption as {@code security} says: its TLS listener is {@link #tlsPort()}, and with a
     * {@code mediaenc} its account offers and requires SRTP.
     */
    public static Baresip start(String user, String ip, boolean autoAnswer, Path source, Path dir,
            Security security) throws IOException {
        deleteTree(dir);
        Files.createDirectories(dir.resolve("recordings"));
        Files.copy(source, dir.resolve("source.wav"));
        int[] ports = freePorts(ip);
        int sipPort = ports[0];
        int ctrlPort = ports[1];
        String aor = "sip:" + user + "@" + ip + ":" + sipPort;
        Map<String, String> values = Map.of(
                "sip_listen", ip + ":" + sipPort,
                "module_path", moduleDir().toString(),
                "ctrl_listen", "127.0.0.1:" + ctrlPort,
                "security", security.configLines());
        Files.writeString(dir.resolve("config"), fill(template(), values));
        Files.writeString(dir.resolve("accounts"), "<" + aor + ">;regint=0" + (autoAnswer ? ";answermode=auto" : "")
                + (security.mediaenc() == null ? "" : ";mediaenc=" + security.mediaenc()) + "\n");
        Process p;
        try {
            p = new ProcessBuilder(EXECUTABLE, "-f", ".", "-n", ip, "-s").directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("baresip.log").toFile()).start();
        } catch (IOException e) {
            throw new IOException(EXECUTABLE + " not runnable (Debian package baresip-core; scripts/test installs it): "
                    + e.getMessage(), e);
        }
        CtrlTcp ctrl = connect(p, new InetSocketAddress(InetAddress.getLoopbackAddress(), ctrlPort), dir);
        return new Baresip(aor, sipPort, dir, p, ctrl);
    }

    /** Its account, e.g. {@code sip:+14155550100@127.0.0.3:41234}. */
    public String aor() {
        return aor;
    }

    public int sipPort() {
        return sipPort;
    }

    /** Its SIP-over-TLS listener (baresip listens for TLS one port above UDP/TCP). */
    public int tlsPort() {
        return sipPort + 1;
    }

    /**
     * What baresip is given for TLS and SRTP; {@link #NONE} is plain SIP and RTP.
     *
     * @param identity PEM file with its certificate chain then its private key ({@code sip_certificate}:
     *                 what it presents as a TLS server, and as a client if asked), or null
     * @param caFile   PEM CA bundle ({@code sip_cafile}); baresip 1.0 (libre 1.x) loads it but does
     *                 not refuse a server certificate that does not chain to it, or null
     * @param mediaenc the account's {@code mediaenc}, e.g. {@code srtp-mand} (SDES, RFC 4568,
     *                 required both ways), or null for plain RTP
     */
    public record Security(Path identity, Path caFile, String mediaenc) {
        public static final Security NONE = new Security(null, null, null);

        String configLines() {
            StringBuilder out = new StringBuilder();
            if (identity != null) {
                out.append("sip_certificate\t").append(identity.toAbsolutePath()).append('\n');
            }
            if (caFile != null) {
                out.append("sip_cafile\t").append(caFile.toAbsolutePath()).append('\n');
            }
            return out.toString();
        }
    }

    /** Places a call to {@code uri}; progress arrives as events. */
    public void dial(String uri) throws IOException {
        ctrl.command("dial", uri);
    }

    /** Sends one DTMF digit in the current call (RFC 4733 telephone-event, start then end). */
    public void sendDigit(char digit) throws IOException {
        ctrl.command("sndcode", Character.toString(digit));
    }

    public void hangup() throws IOException {
        ctrl.command("hangup", "");
    }

    /** Every {@code ctrl_tcp} event so far, oldest first. */
    public List<BaresipEvent> events() {
        return ctrl.events();
    }

    /** The events of {@code type} so far, oldest first. */
    public List<BaresipEvent> events(String type) {
        return events().stream().filter(e -> e.type().equals(type)).toList();
    }

    /** Waits (at most {@code timeout}) for the {@code n}th event of {@code type} and returns it. */
    public BaresipEvent awaitEvent(String type, int n, Duration timeout) {
        return await("event #" + n + " " + type, timeout, () -> {
            List<BaresipEvent> matching = events(type);
            return matching.size() >= n ? matching.get(n - 1) : null;
        });
    }

    /** Waits (at most {@code timeout}) for the first event of {@code type}. */
    public BaresipEvent awaitEvent(String type, Duration timeout) {
        return awaitEvent(type, 1, timeout);
    }

    /**
     * The audio of the agent's one call, once the recorder has closed its file (after the call
     * ended): {@code received} = what it decoded from the network, else what it sent.
     */
    public Wav recording(boolean received) {
        String suffix = received ? "-dec.wav" : "-enc.wav";
        return await("a complete *" + suffix + " recording", Duration.ofSeconds(5), () -> {
            try (Stream<Path> files = Files.list(dir.resolve("recordings"))) {
                List<Path> found = files.filter(f -> f.getFileName().toString().endsWith(suffix)).toList();
                if (found.size() > 1) {
                    throw new IllegalStateException("more than one recording: " + found);
                }
                return found.isEmpty() ? null : Wav.read(found.get(0));
            } catch (IOException e) {
                return null; // not there yet, or its header not yet final
            }
        });
    }

    /** The agent's output so far (its log and, with {@code -s}, every SIP message). */
    public String log() {
        try {
            return Files.readString(dir.resolve("baresip.log"), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where its config, log and recordings are, for failure messages. */
    public Path dir() {
        return dir;
    }

    @Override
    public String toString() {
        return "baresip " + aor + " in " + dir + ", events " + events();
    }

    @Override
    public void close() throws IOException {
        try {
            ctrl.close();
        } finally {
            Processes.terminate(process);
        }
    }

    private <T> T await(String what, Duration timeout, java.util.concurrent.Callable<T> probe) {
        AtomicReference<T> found = new AtomicReference<>();
        try {
            Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(20)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("baresip exited with " + process.exitValue() + "; " + this);
                }
                found.set(probe.call());
                return found.get() != null;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no " + what + " within " + timeout + " from " + this, e);
        }
        return found.get();
    }

    private static CtrlTcp connect(Process p, InetSocketAddress address, Path dir) throws IOException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (true) {
            if (!p.isAlive()) {
                throw new IOException("baresip exited with " + p.exitValue() + " at startup; log "
                        + dir.resolve("baresip.log") + ":\n" + Files.readString(dir.resolve("baresip.log")));
            }
            try {
                return CtrlTcp.connect(address);
            } catch (IOException refused) {
                if (System.nanoTime() > deadline) {
                    Processes.terminate(p);
                    throw new IOException("baresip ctrl_tcp " + address + " not up within " + STARTUP
                            + "; log in " + dir, refused);
                }
                try {
                    Thread.sleep(20); // polling a port that has no event to await
                } catch (InterruptedException e) {
                    Processes.terminate(p);
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
        }
    }

    private static String template() throws IOException {
        try (InputStream in = Baresip.class.getResourceAsStream("/baresip/config")) {
            if (in == null) {
                throw new IOException("test resource /baresip/config missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String fill(String template, Map<String, String> values) {
        String out = template;
        for (Map.Entry<String, String> v : values.entrySet()) {
            out = out.replace("{{" + v.getKey() + "}}", v.getValue());
        }
        if (out.contains("{{")) {
            throw new IllegalArgumentException("template: unfilled placeholder in " + out.lines()
                    .filter(l -> l.contains("{{")).collect(Collectors.joining("; ")));
        }
        return out;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static Path moduleDir() throws IOException {
        return MODULE_DIRS.stream().filter(d -> Files.exists(d.resolve("ctrl_tcp.so"))).findFirst()
                .orElseThrow(() -> new IOException("baresip modules not found in " + MODULE_DIRS
                        + " (Debian package baresip-core; scripts/test installs it)"));
    }

    /**
     * A SIP port free on {@code ip} for UDP and TCP whose successor is free for TCP (baresip
     * listens for TLS there), and a ctrl_tcp port free on 127.0.0.1.
     */
    private static int[] freePorts(String ip) throws IOException {
        InetAddress addr = InetAddress.getByName(ip);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(30000, 59000);
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(addr, port));
                    ServerSocket tcp = bound(addr, port);
                    ServerSocket tls = bound(addr, port + 1);
                    ServerSocket ctrl = bound(loopback, port + 2)) {
                return new int[] {port, port + 2};
            } catch (IOException e) {
                // taken, try another
            }
        }
        throw new IOException("no free SIP/TLS/ctrl_tcp ports found on " + ip);
    }

    private static ServerSocket bound(InetAddress addr, int port) throws IOException {
        ServerSocket s = new ServerSocket();
        try {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(addr, port));
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }
}
