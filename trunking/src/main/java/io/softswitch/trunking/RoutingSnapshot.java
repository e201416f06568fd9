package io.softswitch.trunking;

import io.softswitch.config.Provisioning;
import io.softswitch.config.provisioning.Account;
import io.softswitch.config.provisioning.Carrier;
import io.softswitch.config.provisioning.PhoneNumber;
import io.softswitch.config.provisioning.Route;
import io.softswitch.config.provisioning.RouteAction;
import io.softswitch.config.provisioning.Trunk;
import io.softswitch.trunking.dialplan.DialPlan;
import io.softswitch.trunking.dialplan.RouteEntry;
import io.softswitch.trunking.limit.LimitScope;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything routing reads, compiled from one {@link Provisioning}: trunks by name, domain and
 * ACL; carriers by name and source address; numbers; the dial plan; the emergency route. Immutable:
 * a change builds a new snapshot and swaps it in a {@link SnapshotHolder}, so the call path never
 * takes a lock.
 */
public final class RoutingSnapshot {
    public static final RoutingSnapshot EMPTY = build(Provisioning.EMPTY);

    private final Provisioning provisioning;
    private final Map<String, TrunkProfile> trunks;
    private final Map<String, TrunkProfile> trunksByDomain;
    private final Map<String, CarrierProfile> carriers;
    private final Map<String, PhoneNumber> numbers;
    private final Map<String, Set<String>> numbersByAccount;
    private final DialPlan dialPlan;
    private final List<RouteEntry> emergencyRoutes;

    private RoutingSnapshot(Provisioning provisioning, Map<String, TrunkProfile> trunks,
            Map<String, TrunkProfile> trunksByDomain, Map<String, CarrierProfile> carriers,
            Map<String, PhoneNumber> numbers, Map<String, Set<String>> numbersByAccount, DialPlan dialPlan,
            List<RouteEntry> emergencyRoutes) {
        this.provisioning = provisioning;
        this.trunks = trunks;
        this.trunksByDomain = trunksByDomain;
        this.carriers = carriers;
        this.numbers = numbers;
        this.numbersByAccount = numbersByAccount;
        this.dialPlan = dialPlan;
        this.emergencyRoutes = emergencyRoutes;
    }

    /**
     * Compiles {@code p}.
     *
     * @throws IllegalArgumentException naming the first inconsistency, e.g.
     *     {@code routes[3].carrier: 'acme' (expected: a defined carrier)}; the YAML loader reports
     *     these with file and line before a snapshot is ever built
     */
    public static RoutingSnapshot build(Provisioning p) {
        Map<String, LimitScope> accountLimits = new HashMap<>();
        for (Account a : p.accounts()) {
            accountLimits.put(a.sid(), LimitScope.of(LimitScope.ACCOUNT, a.sid(), a.cpsLimit(), a.concurrentCallLimit()));
        }
        Map<String, TrunkProfile> trunks = new LinkedHashMap<>();
        Map<String, TrunkProfile> byDomain = new HashMap<>();
        for (int i = 0; i < p.trunks().size(); i++) {
            Trunk t = p.trunks().get(i);
            LimitScope account = t.accountSid() == null ? null : accountLimits.get(t.accountSid());
            TrunkProfile profile = new TrunkProfile(t, account == null || account.unlimited() ? null : account);
            if (trunks.putIfAbsent(t.name(), profile) != null) {
                throw new IllegalArgumentException("trunks[" + i + "].name: '" + t.name() + "' (expected: a unique name)");
            }
            if (t.domainName() != null && !t.domainName().isBlank()
                    && byDomain.putIfAbsent(t.domainName().toLowerCase(Locale.ROOT), profile) != null) {
                throw new IllegalArgumentException("trunks[" + i + "].domain_name: '" + t.domainName()
                        + "' (expected: a domain name no other trunk uses)");
            }
        }
        Map<String, CarrierProfile> carriers = new LinkedHashMap<>();
        for (int i = 0; i < p.carriers().size(); i++) {
            Carrier c = p.carriers().get(i);
            if (carriers.putIfAbsent(c.name(), new CarrierProfile(c)) != null) {
                throw new IllegalArgumentException("carriers[" + i + "].name: '" + c.name() + "' (expected: a unique name)");
            }
        }
        Map<String, PhoneNumber> numbers = new HashMap<>();
        Map<String, Set<String>> byAccount = new HashMap<>();
        for (int i = 0; i < p.numbers().size(); i++) {
            PhoneNumber n = p.numbers().get(i);
            if (n.trunk() != null && !trunks.containsKey(n.trunk())) {
                throw new IllegalArgumentException("numbers[" + i + "].trunk: '" + n.trunk() + "' (expected: a defined trunk)");
            }
            if (numbers.putIfAbsent(n.number(), n) != null) {
                throw new IllegalArgumentException("numbers[" + i + "].number: '" + n.number() + "' (expected: a unique number)");
            }
            String account = accountOf(n, trunks);
            if (account != null) {
                byAccount.computeIfAbsent(account, k -> new HashSet<>()).add(n.number());
            }
        }
        DialPlan.Builder plan = DialPlan.builder();
        List<RouteEntry> emergency = new ArrayList<>();
        for (int i = 0; i < p.routes().size(); i++) {
            Route r = p.routes().get(i);
            if (r.action() == RouteAction.ROUTE && (r.carrier() == null || !carriers.containsKey(r.carrier()))) {
                throw new IllegalArgumentException("routes[" + i + "].carrier: '" + r.carrier() + "' (expected: a defined carrier)");
            }
            if (r.trunk() != null && !trunks.containsKey(r.trunk())) {
                throw new IllegalArgumentException("routes[" + i + "].trunk: '" + r.trunk() + "' (expected: a defined trunk)");
            }
            RouteEntry e = new RouteEntry(r.name(), r.carrier(), r.priority(), r.weight(), r.trunk(), r.action(), r.windows());
            if (Route.EMERGENCY.equals(r.prefix())) {
                emergency.add(e);
            } else {
                try {
                    plan.add(r.prefix(), e);
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException("routes[" + i + "]." + ex.getMessage(), ex);
                }
            }
        }
        Map<String, Set<String>> frozenByAccount = new HashMap<>();
        byAccount.forEach((k, v) -> frozenByAccount.put(k, Set.copyOf(v)));
        return new RoutingSnapshot(p, Map.copyOf(trunks), Map.copyOf(byDomain), Map.copyOf(carriers),
                Map.copyOf(numbers), Map.copyOf(frozenByAccount), plan.build(), List.copyOf(emergency));
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

    public Optional<TrunkProfile> trunk(String name) {
        return Optional.ofNullable(name == null ? null : trunks.get(name));
    }

    /** The trunk whose domain name is {@code host} (case-insensitive), e.g. the Request-URI host. */
    public Optional<TrunkProfile> trunkByDomain(String host) {
        return Optional.ofNullable(host == null ? null : trunksByDomain.get(host.toLowerCase(Locale.ROOT)));
    }

    /**
     * The trunk an incoming request belongs to: by Request-URI {@code host} when it is a trunk's
     * domain name, else the trunk whose ACL contains {@code source} most narrowly (the first in
     * provisioning order on a tie). Authentication (ACL, digest) is a separate, later step.
     */
    public Optional<TrunkProfile> identifyTrunk(String host, InetAddress source) {
        Optional<TrunkProfile> byHost = trunkByDomain(host);
        if (byHost.isPresent() || source == null) {
            return byHost;
        }
        TrunkProfile best = null;
        int bestLength = -1;
        for (Trunk t : provisioning.trunks()) {
            TrunkProfile profile = trunks.get(t.name());
            int len = profile.longestAclMatch(source);
            if (len > bestLength) {
                best = profile;
                bestLength = len;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The carrier whose inbound CIDRs contain {@code source} most narrowly (origination calls). */
    public Optional<CarrierProfile> carrierBySource(InetAddress source) {
        CarrierProfile best = null;
        int bestLength = -1;
        for (Carrier c : provisioning.carriers()) {
            CarrierProfile profile = carriers.get(c.name());
            int len = profile.longestInboundMatch(source);
            if (len > bestLength) {
                best = profile;
                bestLength = len;
            }
        }
        return Optional.ofNullable(best);
    }

    public Optional<CarrierProfile> carrier(String name) {
        return Optional.ofNullable(name == null ? null : carriers.get(name));
    }

    public Optional<PhoneNumber> number(String e164) {
        return Optional.ofNullable(e164 == null ? null : numbers.get(e164));
    }

    /** Whether {@code e164} is a number of {@code accountSid}. */
    public boolean ownsNumber(String accountSid, String e164) {
        Set<String> owned = accountSid == null ? null : numbersByAccount.get(accountSid);
        return owned != null && owned.contains(e164);
    }

    public DialPlan dialPlan() {
        return dialPlan;
    }

    public List<RouteEntry> emergencyRoutes() {
        return emergencyRoutes;
    }
}
