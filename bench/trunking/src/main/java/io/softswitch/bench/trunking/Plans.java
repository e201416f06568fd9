package io.softswitch.bench.trunking;

import io.softswitch.config.provisioning.RouteAction;
import io.softswitch.trunking.dialplan.DialPlan;
import io.softswitch.trunking.dialplan.RouteEntry;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Seeded synthetic dial plans: {@code n} distinct prefixes of 3-9 digits (first digit 1-9, like
 * E.164 country codes), each routed to one of 20 carriers, plus a default route. Numbers to look
 * up are 11-12 digits, half of them extending a known prefix, half random.
 */
final class Plans {
    static final int CARRIERS = 20;

    private Plans() {
    }

    static String[] prefixes(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Set<String> seen = new HashSet<>(n * 2);
        String[] out = new String[n];
        int i = 0;
        StringBuilder sb = new StringBuilder(9);
        while (i < n) {
            sb.setLength(0);
            sb.append((char) ('1' + r.nextInt(9)));
            int len = 3 + r.nextInt(7);
            while (sb.length() < len) {
                sb.append((char) ('0' + r.nextInt(10)));
            }
            String p = sb.toString();
            if (seen.add(p)) {
                out[i++] = p;
            }
        }
        return out;
    }

    static RouteEntry[] entries() {
        RouteEntry[] e = new RouteEntry[CARRIERS];
        for (int c = 0; c < CARRIERS; c++) {
            e[c] = new RouteEntry(null, "carrier-" + c, 0, 1, null, RouteAction.ROUTE, List.of());
        }
        return e;
    }

    static DialPlan build(String[] prefixes, RouteEntry[] entries) {
        DialPlan.Builder b = DialPlan.builder().add("", entries[0]);
        for (int i = 0; i < prefixes.length; i++) {
            b.add(prefixes[i], entries[i % entries.length]);
        }
        return b.build();
    }

    static String[] numbers(String[] prefixes, int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        String[] out = new String[count];
        StringBuilder sb = new StringBuilder(12);
        for (int i = 0; i < count; i++) {
            sb.setLength(0);
            if (i % 2 == 0) {
                sb.append(prefixes[r.nextInt(prefixes.length)]);
            } else {
                sb.append((char) ('1' + r.nextInt(9)));
            }
            int len = 11 + r.nextInt(2);
            while (sb.length() < len) {
                sb.append((char) ('0' + r.nextInt(10)));
            }
            out[i] = sb.toString();
        }
        return out;
    }
}
