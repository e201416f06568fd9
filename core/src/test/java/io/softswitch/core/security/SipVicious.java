package io.softswitch.core.security;

import io.softswitch.core.testing.FreePorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Debian SIPVicious tool ({@code svwar}, {@code svcrack}) against a loopback port and
 * returns everything it printed. Each run gets its own {@code $HOME}, where SIPVicious keeps its
 * session state, so runs never resume each other, and a free local port (the tools default to
 * 5060). The Debian tools ignore {@code -b}: they always send from 127.0.0.1.
 */
final class SipVicious implements AutoCloseable {
    private final Process process;
    private final Path out;
    private final List<String> cmd;

    private SipVicious(Process process, Path out, List<String> cmd) {
        this.process = process;
        this.out = out;
        this.cmd = cmd;
    }

    /** Runs the tool to its end (at most 45 s) and returns what it printed. */
    static String run(Path tmp, String tool, int port, String... args) throws IOException, InterruptedException {
        try (SipVicious s = start(tmp, tool, port, args)) {
            if (!s.process.waitFor(45, TimeUnit.SECONDS)) {
                throw new IllegalStateException(tool + " did not finish within 45 s: " + s.cmd);
            }
            return s.output();
        }
    }

    /** Starts the tool in the background. */
    static SipVicious start(Path tmp, String tool, int port, String... args) throws IOException {
        Path home = Files.createTempDirectory(tmp, tool);
        List<String> cmd = new ArrayList<>(List.of(tool, "-p", Integer.toString(port),
                "-P", Integer.toString(FreePorts.udpAndTcp())));
        cmd.addAll(List.of(args));
        cmd.add("127.0.0.1");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(home.resolve("out.txt").toFile());
        pb.environment().put("HOME", home.toString());
        return new SipVicious(pb.start(), home.resolve("out.txt"), cmd);
    }

    /** Stops the tool (SIGTERM, then SIGKILL) and returns what it printed so far. */
    String stop() throws IOException, InterruptedException {
        close();
        process.waitFor(5, TimeUnit.SECONDS);
        return output();
    }

    private String output() throws IOException {
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
