package io.softswitch.core.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * libsrtp2 (Debian python3-pylibsrtp) reading a loopback capture of a call: the test resource
 * {@code srtp/capture_check.py}, whose docstring says what it counts.
 */
final class CaptureCheck {
    private CaptureCheck() {
    }

    static Map<String, Long> run(Path pcap, String suite, int relayPort, String switchKey, String pbxKey,
            int plainPort) throws IOException, InterruptedException {
        Path script = pcap.resolveSibling("capture_check.py");
        try (InputStream s = CaptureCheck.class.getResourceAsStream("/srtp/capture_check.py")) {
            if (s == null) {
                throw new IOException("test resource /srtp/capture_check.py missing");
            }
            Files.write(script, s.readAllBytes());
        }
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", script.toString(), pcap.toString(), suite,
                Integer.toString(relayPort), switchKey, pbxKey, Integer.toString(plainPort)));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("capture_check.py failed (python3-pylibsrtp installed?): " + out);
        }
        Map<String, Long> stats = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                stats.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1).trim()));
            }
        }
        return stats;
    }
}
