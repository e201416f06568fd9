package io.softswitch.core.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An external program run to its end (curl, node, npm), its output captured. A check runs
 * {@linkplain #isolated isolated}: without the machine's proxies and CA bundles, so that it reaches
 * loopback only and trusts only the CA it names; a download (npm ci) runs with them.
 */
public final class Command {
    /** Variables that would send a request through a proxy or widen what a client trusts. */
    private static final List<String> NETWORK_ENV = List.of("HTTP_PROXY", "HTTPS_PROXY", "http_proxy",
            "https_proxy", "NODE_EXTRA_CA_CERTS", "CURL_CA_BUNDLE", "TWILIO_CA_BUNDLE");

    /** What a process printed and how it ended. */
    public record Result(int exit, String out, String err) {
    }

    private Command() {
    }

    /** Runs {@code command} with the machine's environment, killed after {@code timeout}. */
    public static Result run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        return run(command, Map.of(), false, timeout);
    }

    /** Runs {@code command} without {@link #NETWORK_ENV}, with {@code env} added, killed after {@code timeout}. */
    public static Result isolated(List<String> command, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        return run(command, env, true, timeout);
    }

    private static Result run(List<String> command, Map<String, String> env, boolean isolated, Duration timeout)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("command-out", ".txt");
        Path err = Files.createTempFile("command-err", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            if (isolated) {
                NETWORK_ENV.forEach(pb.environment()::remove);
            }
            pb.environment().putAll(env);
            Process p = pb.start();
            try {
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IOException(command.get(0) + " did not finish in " + timeout);
                }
            } finally {
                p.destroyForcibly();
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
