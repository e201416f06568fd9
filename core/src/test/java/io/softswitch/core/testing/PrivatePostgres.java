package io.softswitch.core.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of the test's own ({@code initdb} + {@code pg_ctl} from the Debian packages,
 * trust auth, loopback only, on a free port), which the test can stop and start to make the
 * database really unavailable. initdb refuses root, so as root it runs as the {@code postgres} user.
 */
public final class PrivatePostgres implements AutoCloseable {
    private final Path dir;
    private final Path bin;
    private final int port;

    private PrivatePostgres(Path dir, Path bin, int port) {
        this.dir = dir;
        this.bin = bin;
        this.port = port;
    }

    public static PrivatePostgres create() throws IOException, InterruptedException {
        Path bin;
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            bin = versions.sorted(Comparator.reverseOrder()).map(v -> v.resolve("bin")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL under /usr/lib/postgresql"));
        }
        Path dir = Files.createTempDirectory("pg-private");
        PrivatePostgres pg = new PrivatePostgres(dir, bin, FreePorts.udpAndTcp());
        if (isRoot()) {
            pg.run("chown", "-R", "postgres:postgres", dir.toString());
            pg.run("chmod", "755", dir.toString());
        }
        pg.runAsOwner(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-A", "trust",
                "-U", "postgres", "--no-sync");
        return pg;
    }

    /** A server {@linkplain #create() created} and {@linkplain #start() started}. */
    public static PrivatePostgres started() throws IOException, InterruptedException {
        PrivatePostgres pg = create();
        pg.start();
        return pg;
    }

    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** Starts the server unless it runs; returns once it accepts connections. */
    public void start() throws IOException, InterruptedException {
        if (running()) {
            return;
        }
        runAsOwner(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l",
                dir.resolve("log").toString(), "-w", "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start");
    }

    public boolean running() {
        return Files.exists(dir.resolve("data/postmaster.pid"));
    }

    /** Fast shutdown: open connections are cut, as in a database outage. */
    public void stop() throws IOException, InterruptedException {
        if (!running()) {
            return;
        }
        runAsOwner(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "stop");
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stop();
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private void runAsOwner(String... cmd) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(List.of(cmd));
        run(full.toArray(String[]::new));
    }

    private void run(String... cmd) throws IOException, InterruptedException {
        Path out = Files.createTempFile("pg-cmd", ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + Files.readString(out));
        }
        Files.deleteIfExists(out);
    }
}
