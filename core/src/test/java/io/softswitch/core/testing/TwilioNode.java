package io.softswitch.core.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Twilio's Node helper library, pinned by {@code src/test/node/twilio-client/package-lock.json},
 * installed with {@code npm ci} under {@code target/node-twilio} once per clean build, and scripts
 * from that directory run with it.
 */
public final class TwilioNode {
    public static final String VERSION = "6.3.1";
    private static final Path DIR = Path.of("target", "node-twilio");
    private static final Path SOURCES = Path.of("src", "test", "node", "twilio-client");

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
            // npm reaches its registry with the machine's own trust and proxy settings (a TLS-inspecting
            // proxy's CA arrives through NODE_EXTRA_CA_CERTS): only the scripts run isolated.
            Command.Result ci = Command.run(List.of("npm", "ci", "--no-audit", "--no-fund", "--prefix", dir.toString()),
                    Duration.ofMinutes(5));
            if (ci.exit() != 0) {
                throw new IOException("npm ci: " + ci.out() + ci.err());
            }
        }
        return dir.resolve("node_modules");
    }

    /** The path of the committed script {@code script}. */
    public static Path source(String script) {
        return SOURCES.resolve(script).toAbsolutePath();
    }

    /**
     * Runs the committed script {@code script} with {@code args} under node, killed after
     * {@code timeout}; {@linkplain Command#isolated isolated}: no proxy, no inherited CA bundle.
     */
    public static Command.Result script(String script, List<String> args, Duration timeout)
            throws IOException, InterruptedException {
        Path modules = install();
        List<String> command = new ArrayList<>(List.of("node", source(script).toString()));
        command.addAll(args);
        return Command.isolated(command, Map.of("NODE_PATH", modules.toString()), timeout);
    }
}
