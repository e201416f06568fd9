package io.softswitch.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A private {@code redis-server} on a free loopback port, its files under {@code target/}, so a
 * test can stop it by PID mid-run and start it again on the same port (never the shared
 * 127.0.0.1:6379). No persistence: a restarted server comes back empty, like a failed-over one.
 */
public final class RedisServer implements AutoCloseable {
    private final int port;
    private final Path dir;
    private final boolean cluster;
    private Process process;

    private RedisServer(int port, Path dir, boolean cluster) {
        this.port = port;
        this.dir = dir;
        this.cluster = cluster;
    }

    public static RedisServer start() throws IOException {
        return start(false);
    }

    /**
     * A one-node Redis Cluster (cluster mode on, all 16384 slots on this node): scripts that name
     * keys of two hash slots fail with CROSSSLOT, as on a real cluster. Its URL seeds a cluster client.
     */
    public static RedisServer startCluster() throws IOException {
        RedisServer r = start(true);
        String reply = r.command("CLUSTER", "ADDSLOTSRANGE", "0", "16383");
        if (!reply.equals("+OK")) {
            throw new IOException("CLUSTER ADDSLOTSRANGE: " + reply);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!r.command("CLUSTER", "INFO").contains("cluster_state:ok")) {
            if (System.nanoTime() > deadline) {
                throw new IOException("cluster state not ok within 10 s: " + r.command("CLUSTER", "INFO"));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
        return r;
    }

    private static RedisServer start(boolean cluster) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path target = Path.of("target");
        Files.createDirectories(target);
        RedisServer r = new RedisServer(port, Files.createTempDirectory(target, "redis-"), cluster);
        r.startProcess();
        return r;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    /** Stops the server (SIGTERM to its PID) and waits for it to exit. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Starts the server again on the same port, empty. */
    public void restart() throws IOException {
        startProcess();
    }

    /** Sends one command (inline protocol) and returns the raw reply, for assertions on keys. */
    public String command(String... words) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            StringBuilder cmd = new StringBuilder("*").append(words.length).append("\r\n");
            for (String w : words) {
                cmd.append('$').append(w.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(w).append("\r\n");
            }
            out.write(cmd.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[65536];
            int n = in.read(buf);
            return n <= 0 ? "" : new String(buf, 0, n, StandardCharsets.UTF_8).trim();
        }
    }

    /** The integer reply of a command such as {@code ZCARD key}. */
    public long integer(String... words) throws IOException {
        String reply = command(words);
        if (!reply.startsWith(":")) {
            throw new IOException("not an integer reply to " + String.join(" ", words) + ": " + reply);
        }
        return Long.parseLong(reply.substring(1));
    }

    private void startProcess() throws IOException {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("redis-server", "--port",
                Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--dir", dir.toAbsolutePath().toString(),
                "--logfile", dir.resolve("redis.log").toAbsolutePath().toString()));
        if (cluster) {
            cmd.addAll(java.util.List.of("--cluster-enabled", "yes", "--cluster-config-file",
                    dir.resolve("nodes.conf").toAbsolutePath().toString()));
        }
        process = new ProcessBuilder(cmd)
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (command("PING").equals("+PONG")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (!process.isAlive()) {
                throw new IOException("redis-server exited: " + Files.readString(dir.resolve("stdout.log")));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
        throw new IOException("redis-server on port " + port + " did not answer PING within 10 s");
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
