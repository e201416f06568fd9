package io.softswitch.trunking.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToIntFunction;
import java.util.random.RandomGenerator;

/**
 * Orders candidates by ascending priority and, within one priority, by weighted random draws
 * without replacement: the first of a priority group is item {@code i} with probability
 * {@code weight(i) / sum(weights)}, the next one is drawn the same way from the rest (the RFC 2782
 * SRV selection, used here for routes, gateways and origination URLs alike).
 *
 * <p>Weights below 1 are treated as 1 so that every candidate is tried eventually.
 */
public final class WeightedOrder {
    private WeightedOrder() {
    }

    public static <T> List<T> order(List<T> items, ToIntFunction<T> priority, ToIntFunction<T> weight,
            RandomGenerator random) {
        if (items.size() <= 1) {
            return List.copyOf(items);
        }
        List<T> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparingInt(priority)); // stable: equal priorities keep input order
        List<T> out = new ArrayList<>(sorted.size());
        int start = 0;
        while (start < sorted.size()) {
            int p = priority.applyAsInt(sorted.get(start));
            int end = start;
            while (end < sorted.size() && priority.applyAsInt(sorted.get(end)) == p) {
                end++;
            }
            drawGroup(sorted.subList(start, end), weight, random, out);
            start = end;
        }
        return out;
    }

    private static <T> void drawGroup(List<T> group, ToIntFunction<T> weight, RandomGenerator random, List<T> out) {
        if (group.size() == 1) {
            out.add(group.get(0));
            return;
        }
        List<T> rest = new ArrayList<>(group);
        long total = 0;
        for (T t : rest) {
            total += Math.max(1, weight.applyAsInt(t));
        }
        while (!rest.isEmpty()) {
            long pick = random.nextLong(total);
            int i = 0;
            long w = Math.max(1, weight.applyAsInt(rest.get(0)));
            while (pick >= w) {
                pick -= w;
                i++;
                w = Math.max(1, weight.applyAsInt(rest.get(i)));
            }
            out.add(rest.remove(i));
            total -= w;
        }
    }
}
