package io.softswitch.trunking.properties;

import static org.assertj.core.api.Assertions.assertThat;

import io.softswitch.trunking.internal.WeightedOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class WeightedOrderPropertyTest {
    private record Candidate(int id, int priority, int weight) {
    }

    /**
     * Over many seeded draws, the share of times each candidate comes first in its priority group
     * is its weight over the group's total, within 5 standard errors (plus a small absolute slack).
     */
    @Property(tries = 40)
    void firstPlaceFrequenciesMatchWeights(@ForAll @Size(min = 2, max = 6) List<@IntRange(min = 1, max = 100) Integer> weights,
            @ForAll long seed) {
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < weights.size(); i++) {
            candidates.add(new Candidate(i, 0, weights.get(i)));
        }
        candidates.add(new Candidate(99, 1, 1000)); // a lower priority never comes first
        int draws = 20_000;
        int[] first = new int[weights.size()];
        SplittableRandom random = new SplittableRandom(seed);
        for (int d = 0; d < draws; d++) {
            List<Candidate> order = WeightedOrder.order(candidates, Candidate::priority, Candidate::weight, random);
            assertThat(order).hasSize(candidates.size());
            assertThat(order.get(order.size() - 1).id()).isEqualTo(99);
            first[order.get(0).id()]++;
        }
        double total = weights.stream().mapToInt(Integer::intValue).sum();
        for (int i = 0; i < weights.size(); i++) {
            double p = weights.get(i) / total;
            double observed = first[i] / (double) draws;
            double tolerance = 5 * Math.sqrt(p * (1 - p) / draws) + 0.002;
            assertThat(observed).as("candidate %d weight %d", i, weights.get(i)).isCloseTo(p,
                    org.assertj.core.data.Offset.offset(tolerance));
        }
    }

    /** Every candidate appears exactly once and priorities never go down. */
    @Property(tries = 200)
    void orderIsAPermutationSortedByPriority(@ForAll @Size(max = 12) List<@IntRange(min = 0, max = 3) Integer> priorities,
            @ForAll long seed) {
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < priorities.size(); i++) {
            candidates.add(new Candidate(i, priorities.get(i), 1 + i));
        }
        List<Candidate> order = WeightedOrder.order(candidates, Candidate::priority, Candidate::weight,
                new SplittableRandom(seed));
        assertThat(order).containsExactlyInAnyOrderElementsOf(candidates);
        for (int i = 1; i < order.size(); i++) {
            assertThat(order.get(i).priority()).isGreaterThanOrEqualTo(order.get(i - 1).priority());
        }
    }
}
