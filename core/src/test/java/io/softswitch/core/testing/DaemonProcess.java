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
 * The packaged daemon ({@code core/target/softswitch.jar}) as a separate process. Its output goes
 * to a file (reading a pipe while the JDK drains it at process exit loses the last lines), and
 * tests await log events by watching that file rather than sleeping.
 */
public final class DaemonProcess implements AutoCloseable {
    private static final Pattern HTTP_LINE = Pattern.compile("listening http [^ ]+:(\\d+)");
    private static final Pattern READY_LINE = Pattern.compile("ready in (\\d+) ms");
    private static final long POLL_MS = 20;

    private final Process process;
    private final Path log;

    private DaemonProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    public static Path jar() {
        return Path.of(System.getProperty("softswitch.jar", "target/softswitch.jar"));
    }

    /** Starts {@code java -jar softswitch.jar ARGS...}. */
    public static DaemonProcess start(String... args) throws IOException {
        return start(java.util.Map.of(), args);
    }

    /** Starts {@code java -jar softswitch.jar ARGS...} with {@code env} added to this process's environment. */
    public static DaemonProcess start(java.util.Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xmx512m"));
        String warmupCalls = System.getProperty(io.softswitch.config.WarmupConfig.CALLS_PROPERTY);
        if (warmupCalls != null) {
            // The suite's daemons start without the built-in warm-up, in this JVM and in the ones it starts.
            cmd.add("-D" + io.softswitch.config.WarmupConfig.CALLS_PROPERTY + "=" + warmupCalls);
        }
        cmd.addAll(List.of("-jar", jar().toString()));
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile("softswitch", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        return new DaemonProcess(pb.start(), log);
    }

    /** Runs a short CLI command to completion and returns its exit code and output. */
    public static Finished runToEnd(String... args) throws IOException, InterruptedException {
        try (DaemonProcess p = start(args)) {
            if (!p.process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("command did not finish: " + List.of(args));
            }
            return new Finished(p.process.exitValue(), p.output());
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Waits for a log line matching {@code pattern} (or the process to exit); returns its match. */
    public Matcher awaitLine(Pattern pattern, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (String l : output().split("\n")) {
                Matcher m = pattern.matcher(l);
                if (m.find()) {
                    return m;
                }
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("no line matching " + pattern + " within " + timeout
                        + (process.isAlive() ? "" : " (process exited " + process.exitValue() + ")")
                        + "; output:\n" + output());
            }
            process.waitFor(POLL_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** Waits for {@code ready in N ms} and returns N. */
    public long awaitReady() throws InterruptedException {
        return Long.parseLong(awaitLine(READY_LINE, Duration.ofSeconds(30)).group(1));
    }

    public int httpPort() throws InterruptedException {
        return Integer.parseInt(awaitLine(HTTP_LINE, Duration.ofSeconds(30)).group(1));
    }

    /** Sends SIGTERM (what {@link Process#destroy()} does on Linux) and waits for the exit code. */
    public Optional<Integer> terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return Optional.empty();
        }
        return Optional.of(process.exitValue());
    }

    /** Sends SIGKILL and waits for the process to be gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    public static Path writeConfig(Path dir, String yaml) throws IOException {
        Path f = dir.resolve("softswitch.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    public record Finished(int exitCode, String output) {
    }
}
