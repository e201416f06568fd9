package io.softswitch.trunking.dialplan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * An immutable digit trie from E.164 prefixes (digits without {@code +}; the empty prefix is the
 * default route) to the route entries of each prefix.
 *
 * <p>Layout, chosen so that a million prefixes fit in a few tens of megabytes and a lookup touches
 * only arrays: nodes are numbered breadth-first, so the children of a node are consecutive; a node
 * keeps a 10-bit mask of the digits it has children for and the index of its first child, and the
 * child for digit {@code d} is {@code firstChild + bitCount(mask & ((1 << d) - 1))}. Identical
 * route groups are stored once. Thread-safe (immutable); build with {@link #builder()}.
 */
public final class DialPlan {
    public static final DialPlan EMPTY = builder().build();

    /** Longest prefix accepted: an E.164 number has at most 15 digits. */
    public static final int MAX_PREFIX_LENGTH = 15;

    private final short[] mask;
    private final int[] firstChild;
    private final int[] group; // index into groups, -1 for none
    private final List<List<RouteEntry>> groups;
    private final int prefixCount;

    private DialPlan(short[] mask, int[] firstChild, int[] group, List<List<RouteEntry>> groups, int prefixCount) {
        this.mask = mask;
        this.firstChild = firstChild;
        this.group = group;
        this.groups = groups;
        this.prefixCount = prefixCount;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The prefixes that have at least one entry. */
    public int prefixCount() {
        return prefixCount;
    }

    /** Trie nodes, for memory reports. */
    public int nodeCount() {
        return mask.length;
    }

    /** The entries of the longest prefix of {@code digits} that has any; empty when none does. */
    public List<RouteEntry> longestMatch(CharSequence digits) {
        int node = 0;
        int best = group[0];
        for (int i = 0, n = digits.length(); i < n; i++) {
            int d = digits.charAt(i) - '0';
            int m = mask[node];
            if (d < 0 || d > 9 || (m & (1 << d)) == 0) {
                break;
            }
            node = firstChild[node] + Integer.bitCount(m & ((1 << d) - 1));
            if (group[node] >= 0) {
                best = group[node];
            }
        }
        return best < 0 ? List.of() : groups.get(best);
    }

    /**
     * The longest prefix of {@code digits} with at least one entry that {@code usable} accepts
     * (e.g. in scope for the trunk and inside its time window), with only those entries; shorter
     * prefixes are the fallback when a longer one has nothing usable. Null when none matches.
     */
    public Match select(CharSequence digits, Predicate<RouteEntry> usable) {
        int[] path = new int[MAX_PREFIX_LENGTH + 1];
        int depth = 0;
        int node = 0;
        path[0] = 0;
        for (int i = 0, n = Math.min(digits.length(), MAX_PREFIX_LENGTH); i < n; i++) {
            int d = digits.charAt(i) - '0';
            int m = mask[node];
            if (d < 0 || d > 9 || (m & (1 << d)) == 0) {
                break;
            }
            node = firstChild[node] + Integer.bitCount(m & ((1 << d) - 1));
            path[++depth] = node;
        }
        for (int k = depth; k >= 0; k--) {
            int g = group[path[k]];
            if (g < 0) {
                continue;
            }
            List<RouteEntry> entries = groups.get(g);
            List<RouteEntry> usableEntries = new ArrayList<>(entries.size());
            for (RouteEntry e : entries) {
                if (usable.test(e)) {
                    usableEntries.add(e);
                }
            }
            if (!usableEntries.isEmpty()) {
                return new Match(digits.subSequence(0, k).toString(), List.copyOf(usableEntries));
            }
        }
        return null;
    }

    /** The prefix that matched and its usable entries. */
    public record Match(String prefix, List<RouteEntry> entries) {
    }

    /** Collects prefixes; not thread-safe. Building is linear in the total prefix length. */
    public static final class Builder {
        private int[] kids = new int[10 * 64]; // 10 child slots per node; 0 = none (the root is never a child)
        private Object[] pending = new Object[64]; // RouteEntry or List<RouteEntry> per node
        private int nodes = 1;
        private int prefixes;

        private Builder() {
            Arrays.fill(kids, 0);
        }

        /** @throws IllegalArgumentException when {@code prefix} is not 0-15 digits */
        public Builder add(String prefix, RouteEntry entry) {
            if (prefix.length() > MAX_PREFIX_LENGTH) {
                throw new IllegalArgumentException("prefix: '" + prefix + "' (expected: 0-15 digits)");
            }
            int node = 0;
            for (int i = 0; i < prefix.length(); i++) {
                int d = prefix.charAt(i) - '0';
                if (d < 0 || d > 9) {
                    throw new IllegalArgumentException("prefix: '" + prefix + "' (expected: 0-15 digits)");
                }
                int slot = node * 10 + d;
                int child = kids[slot];
                if (child == 0) {
                    child = newNode();
                    kids[slot] = child;
                }
                node = child;
            }
            Object p = pending[node];
            if (p == null) {
                pending[node] = entry;
                prefixes++;
            } else if (p instanceof RouteEntry single) {
                List<RouteEntry> list = new ArrayList<>(2);
                list.add(single);
                list.add(entry);
                pending[node] = list;
            } else {
                @SuppressWarnings("unchecked")
                List<RouteEntry> list = (List<RouteEntry>) p;
                list.add(entry);
            }
            return this;
        }

        private int newNode() {
            if (nodes == pending.length) {
                int cap = nodes * 2;
                pending = Arrays.copyOf(pending, cap);
                kids = Arrays.copyOf(kids, cap * 10);
            }
            return nodes++;
        }

        public DialPlan build() {
            short[] mask = new short[nodes];
            int[] firstChild = new int[nodes];
            int[] group = new int[nodes];
            int[] oldOf = new int[nodes]; // breadth-first order: new index -> builder index
            Map<List<RouteEntry>, Integer> interned = new HashMap<>();
            List<List<RouteEntry>> groups = new ArrayList<>();
            int next = 1;
            for (int i = 0; i < nodes; i++) {
                int old = oldOf[i];
                int m = 0;
                firstChild[i] = next;
                for (int d = 0; d < 10; d++) {
                    int child = kids[old * 10 + d];
                    if (child != 0) {
                        m |= 1 << d;
                        oldOf[next++] = child;
                    }
                }
                mask[i] = (short) m;
                group[i] = groupIndex(pending[old], interned, groups);
            }
            return new DialPlan(mask, firstChild, group, List.copyOf(groups), prefixes);
        }

        private static int groupIndex(Object p, Map<List<RouteEntry>, Integer> interned, List<List<RouteEntry>> groups) {
            if (p == null) {
                return -1;
            }
            @SuppressWarnings("unchecked")
            List<RouteEntry> entries = p instanceof RouteEntry e ? List.of(e) : List.copyOf((List<RouteEntry>) p);
            return interned.computeIfAbsent(entries, k -> {
                groups.add(k);
                return groups.size() - 1;
            });
        }
    }
}
