package io.softswitch.core.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.core.daemon.Daemon;
import io.softswitch.core.testing.FreePorts;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PROTOS c07-sip (OUSPG): all 4527 INVITE cases against the running daemon (in-process, free port,
 * never 5060). Per case: send the case as one datagram (truncated to 65507 bytes as the original
 * tool does), then the valid case 0000000 with a fresh Call-ID and branch, which must be answered;
 * then the case's teardown (ACK after a final response, else CANCEL) and the probe's ACK. The
 * probe goes out right after the case instead of after the teardown so that each case costs one
 * round trip: the whole run takes well under a minute on 2 cores.
 *
 * <p>Placeholders point every Via at the test socket on loopback, so answers come back here and
 * are counted by status. Cases that mutate the Via host itself (e.g. {@code aaaa...}, {@code %s%s})
 * make the daemon resolve that name; the resolver fails fast and no thread hangs (the thread
 * bound below would catch it).
 *
 * <p>Carrier hook: when the B2BUA routes calls, give the daemon a route for {@code protos@127.0.0.1}
 * to a SIPp UAS carrier ({@code Sipp.scenario("uas.xml")} in the background on a free port, with
 * {@code -trace_msg}), run the loop unchanged, then assert from the UAS's message log that every
 * INVITE it received is byte-identical in its mutated element to case 0000000 (i.e. no malformed
 * INVITE was forwarded). Until then, the daemon answers every valid INVITE 480 and forwards nothing.
 */
class ProtosC07SipIT {
    /** Live thread names with digits folded, counted: what a thread-count failure shows. */
    private static String threadNames() {
        Map<String, Integer> names = new TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            names.merge(t.getName().replaceAll("[0-9]+", "N"), 1, Integer::sum);
        }
        return names.toString();
    }

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(8);
    /** Growth allowed over the run once warmed up: threads, and heap after a full GC. */
    // JVM-wide counts: ITs share one failsafe JVM, and threads of earlier ITs' daemons that are still
    // winding down (pool closers, timers) come and go during this one. A leak per case would be thousands.
    private static final int MAX_EXTRA_THREADS = 32;
    /**
     * Growth allowed over the run. Transactions legitimately outlive their case by up to 32 s
     * (RFC 3261 Timer H/J), each holding its request (up to 64 KB here), so the live set is bounded
     * by rate x 32 s, not by the case count; what must not happen is growth without bound.
     */
    private static final long MAX_EXTRA_HEAP = 128L << 20;

    @TempDir
    Path tmp;

    @Test
    void daemonAnswersTheValidCaseAfterEveryProtosCaseWithBoundedHeapAndThreads() throws Exception {
        Path archive = TortureCorpus.dir().resolve("protos-c07-sip-testcases.tar.gz");
        Tar.extractGz(archive, tmp.resolve("protos"));
        List<Path> files;
        try (Stream<Path> s = Files.list(tmp.resolve("protos/testcases"))) {
            files = s.sorted().toList();
        }
        assertThat(files).hasSize(4527);
        ProtosCase valid = ProtosCase.read(files.get(0));
        assertThat(valid.id()).isEqualTo("0000000");

        int sipPort = FreePorts.udpAndTcp();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        Map<String, Integer> classes = new TreeMap<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> unanswered = new ArrayList<>();
        int truncated = 0;
        int baselineThreads = 0;
        long baselineHeap = 0;
        int peakThreads = 0;
        String peakThreadNames = "";
        long t0 = System.nanoTime();
        // One source sends ~4 requests per case as fast as the daemon answers: the per-source flood
        // limit (SourceGuardTest covers it) would block it, so it is off here.
        try (Daemon daemon = Daemon.start(SecurityConfigs.config(sipPort, "max_requests_per_source: 0"),
                tmp.resolve("data"))) {
            for (int i = 0; i < files.size(); i++) {
                ProtosCase c = ProtosCase.read(files.get(i));
                try (UdpSipClient client = new UdpSipClient(sipPort)) {
                    ProtosCase.Fill fill = fill(client.localPort(), c.id());
                    ProtosCase.Fill probeFill = fill(client.localPort(), "probe");
                    byte[] invite = c.inviteFor(fill);
                    truncated += c.invite().length > ProtosCase.MAX_DATAGRAM ? 1 : 0;
                    client.send(invite);
                    client.send(valid.inviteFor(probeFill));
                    Optional<Integer> caseStatus = Optional.empty();
                    Optional<Integer> probeStatus = Optional.empty();
                    long deadline = System.nanoTime() + PROBE_TIMEOUT.toNanos();
                    long resend = System.nanoTime() + Duration.ofMillis(500).toNanos();
                    while (probeStatus.isEmpty() && System.nanoTime() < deadline) {
                        Optional<UdpSipClient.Received> r = client.receive(Duration.ofMillis(100));
                        if (r.isPresent() && r.get().status() >= 200) {
                            if (r.get().callId().startsWith(probeFill.callId())) {
                                probeStatus = Optional.of(r.get().status());
                            } else if (caseStatus.isEmpty()) {
                                caseStatus = Optional.of(r.get().status());
                            }
                        } else if (r.isEmpty() && System.nanoTime() > resend) {
                            client.send(valid.inviteFor(probeFill)); // RFC 3261 timer A retransmission
                            resend = System.nanoTime() + Duration.ofSeconds(1).toNanos();
                        }
                    }
                    if (caseStatus.isEmpty()) {
                        caseStatus = client.receive(Duration.ofMillis(2)).filter(r -> r.status() >= 200)
                                .map(UdpSipClient.Received::status);
                    }
                    client.send(c.teardownFor(fill, caseStatus.isPresent() ? "ACK" : "CANCEL"));
                    if (probeStatus.isPresent()) {
                        client.send(valid.teardownFor(probeFill, "ACK"));
                    } else {
                        unanswered.add(c.id());
                    }
                    String cls = caseStatus.map(s -> s / 100 + "xx").orElse("none");
                    classes.merge(cls, 1, Integer::sum);
                    caseStatus.ifPresent(s -> statuses.merge(s, 1, Integer::sum));
                }
                if (i == 200) {
                    System.gc();
                    baselineThreads = threads.getThreadCount();
                    baselineHeap = memory.getHeapMemoryUsage().getUsed();
                }
                int now = threads.getThreadCount();
                if (now > peakThreads) {
                    peakThreads = now;
                    peakThreadNames = threadNames();
                }
            }
            System.gc();
            long endHeap = memory.getHeapMemoryUsage().getUsed();
            int endThreads = threads.getThreadCount();
            String report = "PROTOS c07-sip: " + files.size() + " cases in " + (System.nanoTime() - t0) / 1_000_000
                    + " ms; valid probe answered after " + (files.size() - unanswered.size()) + "/" + files.size()
                    + "; case answers by class " + classes + ", by status " + statuses + "; truncated to 65507 bytes: "
                    + truncated + "; threads baseline/peak/end " + baselineThreads + "/" + peakThreads + "/" + endThreads
                    + "; heap after GC baseline/end " + (baselineHeap >> 20) + "/" + (endHeap >> 20) + " MiB";
            System.out.println(report);
            Files.writeString(Path.of("target/protos-c07-sip-report.txt"), report + "\n", StandardCharsets.UTF_8);
            assertThat(unanswered).as("cases after which the valid INVITE went unanswered").isEmpty();
            assertThat(endThreads).as("threads at end vs baseline %d", baselineThreads)
                    .isLessThanOrEqualTo(baselineThreads + MAX_EXTRA_THREADS);
            assertThat(peakThreads).as("peak threads (at peak: %s)", peakThreadNames)
                    .isLessThanOrEqualTo(baselineThreads + MAX_EXTRA_THREADS);
            assertThat(endHeap).as("heap after GC at end vs baseline %d MiB", baselineHeap >> 20)
                    .isLessThanOrEqualTo(baselineHeap + MAX_EXTRA_HEAP);
        }
    }

    private static ProtosCase.Fill fill(int localPort, String tag) {
        String unique = tag + "-" + UUID.randomUUID();
        return new ProtosCase.Fill("protos@127.0.0.1", "tester@127.0.0.1", "127.0.0.1", localPort,
                unique, unique, 1);
    }
}
