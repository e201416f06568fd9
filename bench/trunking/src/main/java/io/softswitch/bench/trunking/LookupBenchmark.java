package io.softswitch.bench.trunking;

import io.softswitch.trunking.dialplan.DialPlan;
import io.softswitch.trunking.dialplan.RouteEntry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Longest-prefix lookups on a 1,000,000-prefix plan, one thread (one core).
 *
 * <p>Biases avoided: the numbers come from a 64k array indexed by a running counter, so the JIT
 * cannot constant-fold the input and the branch predictor cannot learn one path; the array is
 * larger than L1/L2 working sets, like real traffic; results are returned (JMH sinks them). The
 * reference, {@link #referenceHashProbe}, is the obvious alternative measured in the same run: a
 * HashMap of every prefix probed from the longest substring down.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LookupBenchmark {
    private static final int MASK = (1 << 16) - 1;

    DialPlan plan;
    Map<String, RouteEntry> byPrefix;
    String[] numbers;
    int next;

    @Setup(Level.Trial)
    public void setUp() {
        String[] prefixes = Plans.prefixes(1_000_000, 42);
        RouteEntry[] entries = Plans.entries();
        plan = Plans.build(prefixes, entries);
        byPrefix = new HashMap<>(prefixes.length * 2);
        byPrefix.put("", entries[0]);
        for (int i = 0; i < prefixes.length; i++) {
            byPrefix.put(prefixes[i], entries[i % entries.length]);
        }
        numbers = Plans.numbers(prefixes, MASK + 1, 7);
    }

    @Benchmark
    public List<RouteEntry> trieLongestMatch() {
        return plan.longestMatch(numbers[next++ & MASK]);
    }

    @Benchmark
    public RouteEntry referenceHashProbe() {
        String n = numbers[next++ & MASK];
        for (int len = Math.min(n.length(), 15); len >= 0; len--) {
            RouteEntry e = byPrefix.get(n.substring(0, len));
            if (e != null) {
                return e;
            }
        }
        return null;
    }
}
