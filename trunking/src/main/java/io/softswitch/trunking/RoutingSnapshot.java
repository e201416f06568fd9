package io.softswitch.trunking;

import io.softswitch.config.Provisioning;
import io.softswitch.config.provisioning.PhoneNumber;
import io.softswitch.trunking.dialplan.DialPlan;
import io.softswitch.trunking.dialplan.RouteEntry;
import java.net.InetAddress;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything routing reads, compiled from one {@link Provisioning}: trunks by key (SID), domain
 * and ACL; carriers by key and source address; numbers; the dial plan; the emergency route; built by
 * {@link #compile}, which leaves out what does not compile and says why. Immutable:
 * a change builds a new snapshot and swaps it in a {@link SnapshotHolder}, so the call path never
 * takes a lock.
 */
public final class RoutingSnapshot {
    public static final RoutingSnapshot EMPTY = compile(Provisioning.EMPTY).snapshot();

    private final Provisioning provisioning;
    private final Map<String, TrunkProfile> trunks;
    private final Map<String, TrunkProfile> trunksByDomain;
    private final Map<String, CarrierProfile> carriers;
    private final Map<String, PhoneNumber> numbers;
    private final Map<String, Set<String>> numbersByAccount;
    private final DialPlan dialPlan;
    private final List<RouteEntry> emergencyRoutes;

    RoutingSnapshot(Provisioning provisioning, Map<String, TrunkProfile> trunks, Map<String, TrunkProfile> trunksByDomain,
            Map<String, CarrierProfile> carriers, List<PhoneNumber> numbers, DialPlan dialPlan,
            List<RouteEntry> emergencyRoutes) {
        this.provisioning = provisioning;
        this.trunks = Collections.unmodifiableMap(new LinkedHashMap<>(trunks));
        this.trunksByDomain = Map.copyOf(trunksByDomain);
        this.carriers = Collections.unmodifiableMap(new LinkedHashMap<>(carriers));
        Map<String, PhoneNumber> byNumber = new HashMap<>();
        Map<String, Set<String>> byAccount = new HashMap<>();
        for (PhoneNumber n : numbers) {
            byNumber.put(n.number(), n);
            String account = accountOf(n, trunks);
            if (account != null) {
                byAccount.computeIfAbsent(account, k -> new HashSet<>()).add(n.number());
            }
        }
        Map<String, Set<String>> frozen = new HashMap<>();
        byAccount.forEach((k, v) -> frozen.put(k, Set.copyOf(v)));
        this.numbers = Map.copyOf(byNumber);
        this.numbersByAccount = Map.copyOf(frozen);
        this.dialPlan = dialPlan;
        this.emergencyRoutes = List.copyOf(emergencyRoutes);
    }

    /**
     * Compiles {@code p}: a snapshot of everything that compiles and every problem of what does
     * not, e.g. {@code carriers[1].final_response_codes[0]: '1xx' (expected: ...)}. Never throws on
     * bad provisioning; the rules are {@link SnapshotCompiler}'s.
     */
    public static Compilation compile(Provisioning p) {
        return compile(p, Set.of());
    }

    /**
     * Compiles {@code p} for a switch that also answers to {@code ownHosts} (its listen and
     * advertised hosts): no trunk may take one of them, or {@code localhost}/{@code 127.0.0.1}...,
     * as its domain name.
     */
    public static Compilation compile(Provisioning p, Set<String> ownHosts) {
        return SnapshotCompiler.compile(p, ownHosts);
    }

    /**
     * Compiles {@code p} when it has no problem, for tools and tests that build a snapshot from
     * known-good provisioning.
     *
     * @throws IllegalArgumentException listing every problem, one per line
     */
    public static RoutingSnapshot build(Provisioning p) {
        Compilation c = compile(p);
        if (!c.ok()) {
            throw new IllegalArgumentException(String.join("\n", c.problems().stream()
                    .map(pr -> pr.path() + ": " + pr.value() + " (expected: " + pr.expected() + ")").toList()));
        }
        return c.snapshot();
    }

    private static String accountOf(PhoneNumber n, Map<String, TrunkProfile> trunks) {
        if (n.accountSid() != null) {
            return n.accountSid();
        }
        TrunkProfile t = n.trunk() == null ? null : trunks.get(n.trunk());
        return t == null ? null : t.trunk().accountSid();
    }

    /** The provisioning this snapshot was built from. */
    public Provisioning provisioning() {
        return provisioning;
    }

    /** The trunk whose {@linkplain TrunkProfile#key() key} is {@code key} (its SID; its name in YAML read alone). */
    public Optional<TrunkProfile> trunk(String key) {
        return Optional.ofNullable(key == null ? null : trunks.get(key));
    }

    /** The trunk whose domain name is {@code host} (case-insensitive), e.g. the Request-URI host. */
    public Optional<TrunkProfile> trunkByDomain(String host) {
        return Optional.ofNullable(host == null ? null : trunksByDomain.get(host.toLowerCase(Locale.ROOT)));
    }

    /**
     * The trunk an incoming request belongs to: by Request-URI {@code host} when it is a trunk's
     * domain name; else by {@code source}, only when that is unambiguous: the trunks whose ACL
     * contains it all belong to one account (then the narrowest entry wins, the first in
     * provisioning order on a tie). Never "most specific wins" across accounts (issue 22): a source
     * two tenants' ACLs contain identifies no trunk. Authentication (ACL, digest) is a separate,
     * later step.
     */
    public Optional<TrunkProfile> identifyTrunk(String host, InetAddress source) {
        Optional<TrunkProfile> byHost = trunkByDomain(host);
        if (byHost.isPresent() || source == null) {
            return byHost;
        }
        TrunkProfile best = null;
        int bestLength = -1;
        String account = null;
        boolean ambiguous = false;
        for (TrunkProfile profile : trunks.values()) {
            int len = profile.longestAclMatch(source);
            if (len < 0) {
                continue;
            }
            String a = profile.trunk().accountSid();
            if (best != null && !java.util.Objects.equals(account, a)) {
                ambiguous = true;
            }
            if (len > bestLength) {
                best = profile;
                bestLength = len;
                account = a;
            }
        }
        return ambiguous ? Optional.empty() : Optional.ofNullable(best);
    }

    /** The carrier whose inbound CIDRs contain {@code source} most narrowly (origination calls). */
    public Optional<CarrierProfile> carrierBySource(InetAddress source) {
        CarrierProfile best = null;
        int bestLength = -1;
        for (CarrierProfile profile : carriers.values()) {
            int len = profile.longestInboundMatch(source);
            if (len > bestLength) {
                best = profile;
                bestLength = len;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The carriers that compiled, in provisioning order. */
    public Collection<CarrierProfile> carriers() {
        return carriers.values();
    }

    /** The carrier whose {@linkplain CarrierProfile#key() key} is {@code key}. */
    public Optional<CarrierProfile> carrier(String key) {
        return Optional.ofNullable(key == null ? null : carriers.get(key));
    }

    public Optional<PhoneNumber> number(String e164) {
        return Optional.ofNullable(e164 == null ? null : numbers.get(e164));
    }

    /** Whether {@code e164} is a number of {@code accountSid}. */
    public boolean ownsNumber(String accountSid, String e164) {
        Set<String> owned = accountSid == null ? null : numbersByAccount.get(accountSid);
        return owned != null && owned.contains(e164);
    }

    /**
     * The account's own CPS and concurrency pool (the limit its trunks share), or empty when the
     * account is unknown or unlimited. For calls without a trunk (Calls API, issue 19).
     */
    public Optional<io.softswitch.trunking.limit.LimitScope> accountLimit(String accountSid) {
        if (accountSid == null) {
            return Optional.empty();
        }
        for (io.softswitch.config.provisioning.Account a : provisioning.accounts()) {
            if (accountSid.equals(a.sid())) {
                io.softswitch.trunking.limit.LimitScope scope = io.softswitch.trunking.limit.LimitScope.of(
                        io.softswitch.trunking.limit.LimitScope.ACCOUNT, a.sid(), a.cpsLimit(), a.concurrentCallLimit());
                return scope.unlimited() ? Optional.empty() : Optional.of(scope);
            }
        }
        return Optional.empty();
    }

    public DialPlan dialPlan() {
        return dialPlan;
    }

    public List<RouteEntry> emergencyRoutes() {
        return emergencyRoutes;
    }
}
