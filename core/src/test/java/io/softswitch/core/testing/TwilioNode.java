package io.softswitch.core.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Twilio's Node helper library, pinned by {@code src/test/node/twilio-client/package-lock.json},
 * installed with {@code npm ci} under {@code target/node-twilio} once per clean build (the same
 * place {@code HttpsApiTest} uses), and scripts from that directory run with it.
 */
public final class TwilioNode {
    public static final String VERSION = "6.3.1";
    private static final Path DIR = Path.of("target", "node-twilio");
    private static final Path SOURCES = Path.of("src", "test", "node", "twilio-client");

    /** What a process printed and how it ended. */
    public record Run(int exit, String out, String err) {
    }

    private TwilioNode() {
    }

    /** Installs the library if needed; returns its {@code node_modules}. */
    public static synchronized Path install() throws IOException, InterruptedException {
        Path dir = DIR.toAbsolutePath();
        Path installed = dir.resolve("node_modules").resolve("twilio").resolve("package.json");
        Files.createDirectories(dir);
        for (String f : List.of("package.json", "package-lock.json")) {
            Files.copy(SOURCES.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.exists(installed) || !Files.readString(installed).contains("\"version\": \"" + VERSION + "\"")) {
            Run ci = run(List.of("npm", "ci", "--no-audit", "--no-fund", "--prefix", dir.toString()), null,
                    Duration.ofMinutes(5));
            if (ci.exit() != 0) {
                throw new IOException("npm ci: " + ci.out() + ci.err());
            }
        }
        return dir.resolve("node_modules");
    }

    /** Runs the committed script {@code script} with {@code args} under node, killed after {@code timeout}. */
    public static Run script(String script, List<String> args, Duration timeout) throws IOException, InterruptedException {
        Path modules = install();
        List<String> command = new ArrayList<>(List.of("node", SOURCES.resolve(script).toAbsolutePath().toString()));
        command.addAll(args);
        return run(command, modules, timeout);
    }

    private static Run run(List<String> command, Path nodePath, Duration timeout) throws IOException, InterruptedException {
        Path out = Files.createTempFile("node-out", ".txt");
        Path err = Files.createTempFile("node-err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        for (String proxy : List.of("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy")) {
            pb.environment().remove(proxy); // loopback only
        }
        if (nodePath != null) {
            pb.environment().put("NODE_PATH", nodePath.toString());
        }
        Process p = pb.start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException(command.get(0) + " did not finish in " + timeout);
            }
        } finally {
            p.destroyForcibly();
        }
        try {
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
