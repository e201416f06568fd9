package io.softswitch.core.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real SIPp binary (Debian {@code sip-tester}) with a scenario from
 * {@code core/src/test/sipp/} and reports what it saw: its exit code (0 = every call succeeded)
 * and its final screen.
 */
public final class Sipp {
    public static final Path SCENARIOS = Path.of("src/test/sipp");

    private final List<String> args = new ArrayList<>();
    private final String scenario;
    private String transport = "u1";
    private int calls = 1;
    private int localPort;

    private Sipp(String scenario) {
        this.scenario = scenario;
    }

    public static Sipp scenario(String name) {
        return new Sipp(name);
    }

    public Sipp tcp() {
        transport = "t1";
        return this;
    }

    public Sipp calls(int n) {
        calls = n;
        return this;
    }

    public Sipp localPort(int port) {
        localPort = port;
        return this;
    }

    public Sipp arg(String... more) {
        args.addAll(List.of(more));
        return this;
    }

    /** Runs SIPp as a UAC against {@code 127.0.0.1:port} and waits for it to finish. */
    public Result runAgainst(int port) throws IOException, InterruptedException {
        return start(port).await();
    }

    /** Starts SIPp as a UAS (no remote) listening on {@link #localPort}; call {@link Running#await}. */
    public Running startServer() throws IOException {
        if (localPort == 0) {
            throw new IllegalStateException("a SIPp server needs localPort()");
        }
        return start(-1);
    }

    private Running start(int remotePort) throws IOException {
        Path dir = Files.createTempDirectory("sipp");
        List<String> cmd = new ArrayList<>(List.of("sipp",
                "-sf", SCENARIOS.resolve(scenario).toAbsolutePath().toString(),
                "-i", "127.0.0.1",
                "-p", Integer.toString(localPort == 0 ? FreePorts.udpAndTcp() : localPort),
                "-t", transport,
                "-m", Integer.toString(calls),
                "-nostdin",
                "-timeout", "30s",
                "-timeout_error",
                "-trace_err", "-error_file", dir.resolve("errors.log").toString()));
        cmd.addAll(args);
        if (remotePort > 0) {
            cmd.add("127.0.0.1:" + remotePort);
        }
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("screen.log").toFile()).start();
        return new Running(p, dir, cmd);
    }

    /** A SIPp process in the background. */
    public static final class Running implements AutoCloseable {
        private final Process process;
        private final Path dir;
        private final List<String> cmd;

        Running(Process process, Path dir, List<String> cmd) {
            this.process = process;
            this.dir = dir;
            this.cmd = cmd;
        }

        /** Waits for SIPp to finish its calls (at most 60 s) and returns what it saw. */
        public Result await() throws IOException, InterruptedException {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("sipp did not finish within 60 s: " + cmd);
            }
            String screen = Files.readString(dir.resolve("screen.log"), StandardCharsets.ISO_8859_1);
            Path errors = dir.resolve("errors.log");
            String errorLog = Files.exists(errors) ? Files.readString(errors, StandardCharsets.ISO_8859_1) : "";
            return new Result(process.exitValue(), screen, errorLog);
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    /** SIPp's verdict: exit code 0 means every call of the scenario completed as written. */
    public record Result(int exitCode, String screen, String errors) {
        public boolean allCallsSucceeded() {
            return exitCode == 0;
        }

        @Override
        public String toString() {
            String tail = screen.length() > 3000 ? screen.substring(screen.length() - 3000) : screen;
            return "sipp exit " + exitCode + "\n" + tail + "\n" + errors;
        }
    }
}
