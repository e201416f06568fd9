package io.softswitch.core.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.core.testing.DaemonProcess;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short run of the load-test driver ({@code bench/signalling/bench.py --smoke}) against the
 * packaged daemon: SIPp UAC to the daemon to a SIPp UAS, two 2 s steps. It checks the driver's
 * output is sane (every call of every step answered, none failed, a capacity found) and that it
 * stopped what it started; no timing is asserted.
 */
class BenchSmokeIT {
    @TempDir
    Path out;

    @Test
    void benchDriverRunsATinyStaircaseThroughTheDaemonAndStopsEverythingItStarted() throws Exception {
        Path root = DaemonProcess.jar().toAbsolutePath().getParent().getParent().getParent();
        Path driver = root.resolve("bench/signalling/bench.py");
        Path log = out.resolve("driver.log");
        Process p = new ProcessBuilder("python3", driver.toString(), "--smoke", "--out", out.toString(),
                "--jar", DaemonProcess.jar().toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = p.waitFor(180, TimeUnit.SECONDS);
        if (!finished) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        String output = Files.readString(log);
        assertThat(finished).as("driver finished; output:%n%s", output).isTrue();
        assertThat(p.exitValue()).as("driver exit; output:%n%s", output).isZero();

        List<Map<String, String>> steps = rows(out.resolve("results.csv")).stream()
                .filter(r -> r.get("kind").equals("step") || r.get("kind").equals("confirm")).toList();
        assertThat(steps).as(output).hasSizeGreaterThanOrEqualTo(3);
        for (Map<String, String> r : steps) {
            assertThat(r.get("target")).isEqualTo("softswitch");
            assertThat(Integer.parseInt(r.get("calls"))).isPositive();
            assertThat(r.get("successful")).as("row %s", r).isEqualTo(r.get("calls"));
            assertThat(r.get("failed")).as("row %s", r).isEqualTo("0");
            assertThat(r.get("rejected_503")).as("row %s", r).isEqualTo("0");
            assertThat(r.get("ok")).as("row %s", r).isEqualTo("1");
            assertThat(Double.parseDouble(r.get("sipp_setup_p50_ms"))).as("row %s", r).isGreaterThanOrEqualTo(0);
            assertThat(Double.parseDouble(r.get("achieved_cps"))).as("row %s", r).isPositive();
        }
        String summary = Files.readString(out.resolve("summary.json"));
        assertThat(summary).containsPattern("\"capacity_cps\": (5|10)\\b");

        // The daemon the driver started is gone: its SIP port can be bound again.
        String config = Files.readString(out.resolve("switch-signalling/softswitch.yaml"));
        Matcher m = Pattern.compile("transport: udp\\s+host: 127.0.0.1\\s+port: (\\d+)").matcher(config);
        assertThat(m.find()).as(config).isTrue();
        try (DatagramSocket s = new DatagramSocket(Integer.parseInt(m.group(1)), InetAddress.getLoopbackAddress())) {
            assertThat(s.isBound()).isTrue();
        }
    }

    private static List<Map<String, String>> rows(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.startsWith("#")).toList();
        List<String> header = Arrays.asList(lines.get(0).split(",", -1));
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < header.size() && i < cells.length; i++) {
                row.put(header.get(i), cells[i]);
            }
            rows.add(row);
        }
        return rows;
    }
}
