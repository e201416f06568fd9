package io.softswitch.trunking.properties;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.config.provisioning.RouteAction;
import io.softswitch.trunking.dialplan.DialPlan;
import io.softswitch.trunking.dialplan.RouteEntry;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class DialPlanPropertyTest {

    /** The trie's answer is what a scan over every prefix finds: the longest one the number starts with. */
    @Property(tries = 300)
    void longestPrefixEqualsBruteForceScan(@ForAll("prefixes") List<String> prefixes, @ForAll("numbers") List<String> numbers) {
        Map<String, RouteEntry> byPrefix = new TreeMap<>();
        DialPlan.Builder b = DialPlan.builder();
        for (String p : prefixes) {
            RouteEntry e = new RouteEntry(null, "c-" + p, 0, 1, null, RouteAction.ROUTE, List.of());
            if (byPrefix.putIfAbsent(p, e) == null) {
                b.add(p, e);
            }
        }
        DialPlan plan = b.build();
        assertThat(plan.prefixCount()).isEqualTo(byPrefix.size());
        for (String n : numbers) {
            String best = null;
            for (String p : byPrefix.keySet()) {
                if (n.startsWith(p) && (best == null || p.length() > best.length())) {
                    best = p;
                }
            }
            List<RouteEntry> expected = best == null ? List.of() : List.of(byPrefix.get(best));
            assertThat(plan.longestMatch(n)).as("number %s", n).isEqualTo(expected);
            DialPlan.Match m = plan.select(n, e -> true);
            assertThat(m == null ? null : m.prefix()).isEqualTo(best);
        }
    }

    /** Prefixes over a small alphabet so that they nest often; the empty prefix sometimes. */
    @Provide
    Arbitrary<List<String>> prefixes() {
        return Arbitraries.strings().withChars("0123").ofMinLength(0).ofMaxLength(6).list().ofMaxSize(60);
    }

    @Provide
    Arbitrary<List<String>> numbers() {
        return Arbitraries.strings().withChars("01234").ofMinLength(0).ofMaxLength(15).list().ofMinSize(1).ofMaxSize(30);
    }
}
