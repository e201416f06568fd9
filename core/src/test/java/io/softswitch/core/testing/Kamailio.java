package io.softswitch.core.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shipped SIP front ({@code deploy/kamailio/kamailio.cfg}) as a process of the test: Kamailio's
 * dispatcher over the given nodes, listening on {@code 127.0.0.1} on a free port, probing every
 * {@code probeSeconds}, with a control socket so that the test reads each node's state the way an
 * operator would ({@code kamcmd dispatcher.list}). Stopped by PID on {@link #close()}.
 */
public final class Kamailio implements AutoCloseable {
    /** The shipped configuration, relative to the {@code core} module (the tests' working directory). */
    public static final Path CONFIG = Path.of("../deploy/kamailio/kamailio.cfg");
    private static final Pattern ENTRY = Pattern.compile("URI: (sip:[^\\s]+)\\s+FLAGS: (\\w+)");

    private final Process process;
    private final Path dir;
    private final int port;

    private Kamailio(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** Starts the front over {@code nodes} ({@code sip:host:port}); returns once it probes them. */
    public static Kamailio start(List<String> nodes, int probeSeconds) throws IOException, InterruptedException {
        return start(nodes, probeSeconds, 1000);
    }

    /**
     * The front over {@code nodes} that fails a call over to the next node when one sends no reply
     * within {@code nodeTimeoutMs} ({@code NODE_TIMEOUT}).
     */
    public static Kamailio start(List<String> nodes, int probeSeconds, int nodeTimeoutMs)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("kamailio");
        StringBuilder list = new StringBuilder();
        for (String n : nodes) {
            list.append("1 ").append(n).append('\n');
        }
        Files.writeString(dir.resolve("dispatcher.list"), list);
        int port = FreePorts.udpAndTcp();
        List<String> cmd = new ArrayList<>(List.of("kamailio", "-DD", "-E", "-m", "48", "-M", "8",
                "-f", CONFIG.toAbsolutePath().toString(),
                "-A", "LISTEN=udp:127.0.0.1:" + port,
                "-A", "LISTEN_TCP=tcp:127.0.0.1:" + port,
                "-A", "DS_LIST=\"" + dir.resolve("dispatcher.list") + "\"",
                "-A", "PROBE_INTERVAL=" + probeSeconds,
                "-A", "NODE_TIMEOUT=" + nodeTimeoutMs,
                "-A", "CTL_SOCKET=\"unix:" + dir.resolve("ctl") + "\"",
                "-P", dir.resolve("kamailio.pid").toString(),
                "-w", dir.toString()));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("kamailio.log").toFile()).start();
        Kamailio k = new Kamailio(p, dir, port);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (k.nodes().size() < nodes.size()) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                k.close();
                throw new IllegalStateException("kamailio did not start: " + k.log());
            }
            p.waitFor(50, TimeUnit.MILLISECONDS);
        }
        return k;
    }

    /** The SIP port (UDP and TCP) on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** Each node's dispatcher flags: {@code AP} active (probed), {@code IP} inactive, {@code DX} disabled... */
    public List<Node> nodes() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("kamcmd", "-s", "unix:" + dir.resolve("ctl"), "dispatcher.list")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(5, TimeUnit.SECONDS);
        List<Node> nodes = new ArrayList<>();
        Matcher m = ENTRY.matcher(out);
        while (m.find()) {
            nodes.add(new Node(m.group(1), m.group(2)));
        }
        return nodes;
    }

    /** The state of the node whose URI contains {@code hostPort}. */
    public Optional<Node> node(String hostPort) throws IOException, InterruptedException {
        return nodes().stream().filter(n -> n.uri().contains(hostPort)).findFirst();
    }

    /** A dispatcher entry. */
    public record Node(String uri, String flags) {
        /** Whether the front sends new calls to it. */
        public boolean active() {
            return flags.startsWith("A");
        }
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("kamailio.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy(); // SIGTERM to the main process: Kamailio stops its children
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
