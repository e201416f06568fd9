package io.softswitch.bench.trunking;

import io.softswitch.config.Provisioning;
import io.softswitch.config.provisioning.Carrier;
import io.softswitch.config.provisioning.CarrierType;
import io.softswitch.config.provisioning.Gateway;
import io.softswitch.config.provisioning.NumberFormat;
import io.softswitch.config.provisioning.Route;
import io.softswitch.config.provisioning.RouteAction;
import io.softswitch.trunking.RoutingSnapshot;
import io.softswitch.trunking.dialplan.DialPlan;
import io.softswitch.trunking.dialplan.RouteEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Build time and retained heap of a 1,000,000-prefix dial plan. Not a JMH benchmark: a build is
 * a one-shot cost, so each of {@code runs} builds is timed in a fresh state after a full GC and
 * the median is reported (the first runs include JIT warm-up, which is why there are several).
 * Retained heap = used heap after full GCs with the plan reachable minus without it; the input
 * arrays are allocated before the baseline so they are not counted.
 */
public final class BuildMeasurement {
    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        String[] prefixes = Plans.prefixes(1_000_000, 42);
        RouteEntry[] entries = Plans.entries();
        long[] planNanos = new long[runs];
        long[] planBytes = new long[runs];
        List<Object> keep = new ArrayList<>(); // every result stays reachable, so each delta is exactly one result
        for (int i = 0; i < runs; i++) {
            long before = usedAfterGc();
            long t0 = System.nanoTime();
            DialPlan plan = Plans.build(prefixes, entries);
            planNanos[i] = System.nanoTime() - t0;
            keep.add(plan);
            planBytes[i] = usedAfterGc() - before;
            if (plan.prefixCount() != 1_000_001) {
                throw new AssertionError("prefixes: " + plan.prefixCount());
            }
            if (i == runs - 1) {
                System.out.println("trie nodes: " + plan.nodeCount());
            }
        }
        keep.clear();
        // The whole snapshot from a Provisioning with 1M Route records (the records are input, built first).
        List<Carrier> carriers = new ArrayList<>();
        for (int c = 0; c < Plans.CARRIERS; c++) {
            carriers.add(new Carrier(null, "carrier-" + c, CarrierType.SIP, NumberFormat.E164, "", "", "", 0, 0, 0,
                    4000, Carrier.DEFAULT_FINAL_RESPONSE_CODES,
                    List.of(new Gateway("gw", "sip:192.0.2." + (c + 1) + ":5060", 0, 1, true)), List.of(), List.of(),
                    List.of()));
        }
        List<Route> routes = new ArrayList<>(prefixes.length);
        for (int i = 0; i < prefixes.length; i++) {
            routes.add(new Route(null, null, prefixes[i], "carrier-" + (i % Plans.CARRIERS), 0, 1, null,
                    RouteAction.ROUTE, List.of()));
        }
        Provisioning p = new Provisioning(List.of(), carriers, List.of(), routes);
        routes = null;
        int snapRuns = Math.max(3, runs / 2);
        long[] snapNanos = new long[snapRuns];
        long[] snapBytes = new long[snapRuns];
        for (int i = 0; i < snapRuns; i++) {
            long before = usedAfterGc();
            long t0 = System.nanoTime();
            RoutingSnapshot s = RoutingSnapshot.build(p);
            snapNanos[i] = System.nanoTime() - t0;
            keep.add(s);
            snapBytes[i] = usedAfterGc() - before;
            if (s.dialPlan().prefixCount() != 1_000_000) {
                throw new AssertionError();
            }
        }
        System.out.printf("dialplan.build.median_ms %.0f%n", median(planNanos) / 1e6);
        System.out.printf("dialplan.build.all_ms %s%n", Arrays.toString(Arrays.stream(planNanos).map(n -> n / 1_000_000).toArray()));
        System.out.printf("dialplan.retained_mb %.1f%n", median(planBytes) / 1048576.0);
        System.out.printf("snapshot.build.median_ms %.0f%n", median(snapNanos) / 1e6);
        System.out.printf("snapshot.retained_mb %.1f (excluding the Provisioning input it references)%n",
                median(snapBytes) / 1048576.0);
    }

    private static double median(long[] values) {
        long[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2.0;
    }

    /** Used heap after full collections, repeated until it stops shrinking. */
    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            long used = rt.totalMemory() - rt.freeMemory();
            if (used >= last - 1024) {
                return used;
            }
            last = used;
        }
        return last;
    }
}
