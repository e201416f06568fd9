package io.softswitch.trunking;

import io.softswitch.config.Provisioning;
import io.softswitch.config.provisioning.Account;
import io.softswitch.config.provisioning.Carrier;
import io.softswitch.config.provisioning.Cidr;
import io.softswitch.config.provisioning.Gateway;
import io.softswitch.config.provisioning.OriginationUrl;
import io.softswitch.config.provisioning.PhoneNumber;
import io.softswitch.config.provisioning.ProvisioningProblem;
import io.softswitch.config.provisioning.RewriteRule;
import io.softswitch.config.provisioning.Route;
import io.softswitch.config.provisioning.RouteAction;
import io.softswitch.config.provisioning.Trunk;
import io.softswitch.trunking.dialplan.DialPlan;
import io.softswitch.trunking.dialplan.RouteEntry;
import io.softswitch.trunking.limit.LimitScope;
import io.softswitch.trunking.number.NumberNormalizer;
import io.softswitch.trunking.number.Rewriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.HashSet;

/**
 * The one owner of the provisioning rules: compiles a {@link Provisioning} into a
 * {@link RoutingSnapshot}, checking every rule routing depends on and collecting every problem
 * (never throwing on bad provisioning). A resource with a problem is left out, and so is whatever
 * refers to it; the rest compiles. Rules: final response codes, default regions libphonenumber
 * knows, tech prefixes, SIP URLs (parsed here once, never per call), CIDRs, rewrites, unique
 * keys, domain names and numbers, references between resources, dial-plan prefixes. Resources are
 * keyed by {@code key()}: their SID (names are tenants' labels), or their name in YAML read alone.
 */
final class SnapshotCompiler {
    static final String TECH_PREFIX = "[0-9A-Za-z#*+]{0,16}";

    /** Names and addresses every switch answers to, whatever its configuration. */
    static final Set<String> ALWAYS_OWN = Set.of("localhost", "localhost.localdomain", "127.0.0.1", "::1",
            "0:0:0:0:0:0:0:1", "[::1]", "0.0.0.0", "::");

    private final List<ProvisioningProblem> problems = new ArrayList<>();
    private final Set<String> ownHosts;

    private SnapshotCompiler(Set<String> ownHosts) {
        this.ownHosts = new HashSet<>(ALWAYS_OWN);
        ownHosts.forEach(h -> this.ownHosts.add(h.toLowerCase(Locale.ROOT)));
    }

    static Compilation compile(Provisioning p, Set<String> ownHosts) {
        return new SnapshotCompiler(ownHosts).run(p);
    }

    private Compilation run(Provisioning p) {
        Map<String, LimitScope> accountLimits = new HashMap<>();
        for (Account a : p.accounts()) {
            accountLimits.put(a.sid(), LimitScope.of(LimitScope.ACCOUNT, a.sid(), a.cpsLimit(), a.concurrentCallLimit()));
        }
        Map<String, TrunkProfile> trunks = new LinkedHashMap<>();
        Map<String, TrunkProfile> byDomain = new HashMap<>();
        Set<Integer> overlapping = crossAccountOverlaps(p.trunks());
        for (int i = 0; i < p.trunks().size(); i++) {
            Trunk t = p.trunks().get(i);
            if (overlapping.contains(i)) {
                continue;
            }
            TrunkProfile profile = trunk("trunks[" + i + "]", t, accountLimits);
            if (profile == null) {
                continue;
            }
            String at = "trunks[" + i + "]";
            String subject = subject(t.sid(), t.name());
            if (trunks.containsKey(t.key())) {
                problem(at + (t.sid() != null ? ".sid" : ".name"), subject, quote(t.key()),
                        t.sid() != null ? "a sid no other trunk uses" : "a name no other trunk uses");
                continue;
            }
            if (t.domainName() != null && !t.domainName().isBlank()) {
                String domain = t.domainName().toLowerCase(Locale.ROOT);
                if (ownHosts.contains(domain) || domain.startsWith("127.")) {
                    // Issue 22: a domain of the switch itself would capture every call sent to it.
                    problem(at + ".domain_name", subject, quote(t.domainName()),
                            "a domain name of the trunk's own, not one of the switch's addresses or names");
                    continue;
                }
                if (byDomain.containsKey(domain)) {
                    problem(at + ".domain_name", subject, quote(t.domainName()), "a domain name no other trunk uses");
                    continue;
                }
                byDomain.put(domain, profile);
            }
            trunks.put(t.key(), profile);
        }
        Map<String, CarrierProfile> carriers = new LinkedHashMap<>();
        for (int i = 0; i < p.carriers().size(); i++) {
            Carrier c = p.carriers().get(i);
            CarrierProfile profile = carrier("carriers[" + i + "]", c);
            if (profile == null) {
                continue;
            }
            if (carriers.containsKey(c.key())) {
                problem("carriers[" + i + "]" + (c.sid() != null ? ".sid" : ".name"), subject(c.sid(), c.name()),
                        quote(c.key()), c.sid() != null ? "a sid no other carrier uses" : "a name no other carrier uses");
                continue;
            }
            carriers.put(c.key(), profile);
        }
        List<PhoneNumber> numbers = new ArrayList<>();
        Map<String, PhoneNumber> seenNumbers = new HashMap<>();
        for (int i = 0; i < p.numbers().size(); i++) {
            PhoneNumber n = p.numbers().get(i);
            String at = "numbers[" + i + "]";
            String subject = subject(n.sid(), n.number());
            if (n.trunk() != null && !trunks.containsKey(n.trunk())) {
                if (!named(p.trunks(), n.trunk())) {
                    problem(at + ".trunk", subject, quote(n.trunk()), "a defined trunk");
                }
                continue;
            }
            if (seenNumbers.putIfAbsent(n.number(), n) != null) {
                problem(at + ".number", subject, quote(n.number()), "a number no other entry uses");
                continue;
            }
            numbers.add(n);
        }
        DialPlan.Builder plan = DialPlan.builder();
        List<RouteEntry> emergency = new ArrayList<>();
        for (int i = 0; i < p.routes().size(); i++) {
            Route r = p.routes().get(i);
            String at = "routes[" + i + "]";
            String subject = subject(r.sid(), r.name());
            if (r.action() == RouteAction.ROUTE && (r.carrier() == null || !carriers.containsKey(r.carrier()))) {
                if (r.carrier() == null || p.carriers().stream().noneMatch(c -> c.key().equals(r.carrier()))) {
                    problem(at + ".carrier", subject, r.carrier() == null ? "missing" : quote(r.carrier()),
                            "a defined carrier");
                }
                continue;
            }
            if (r.trunk() != null && !trunks.containsKey(r.trunk())) {
                if (!named(p.trunks(), r.trunk())) {
                    problem(at + ".trunk", subject, quote(r.trunk()), "a defined trunk");
                }
                continue;
            }
            RouteEntry e = new RouteEntry(r.name(), r.carrier(), r.priority(), r.weight(), r.trunk(), r.action(), r.windows());
            if (Route.EMERGENCY.equals(r.prefix())) {
                emergency.add(e);
            } else if (!r.prefix().matches("[0-9]{0,15}")) {
                problem(at + ".prefix", subject, quote(r.prefix()), "0-15 digits");
            } else {
                plan.add(r.prefix(), e);
            }
        }
        RoutingSnapshot snapshot = new RoutingSnapshot(p, trunks, byDomain, carriers, numbers, plan.build(), emergency);
        return new Compilation(snapshot, problems);
    }

    /**
     * Issue 22: a source address must never pick between two tenants. An IP ACL entry that
     * overlaps an entry of another account's trunk is a problem of both trunks (each naming only
     * its own entry; the later trunk is left out of routing), unless both trunks have a domain
     * name (they are identified by it first).
     * One sweep over the entries sorted so that a network comes before those it encloses: the
     * stack holds the networks enclosing the current one.
     */
    private Set<Integer> crossAccountOverlaps(List<Trunk> list) {
        record Entry(Cidr cidr, int trunk, int index) {
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            List<String> acl = list.get(i).ipAcl();
            for (int j = 0; j < acl.size(); j++) {
                if (Cidr.check(acl.get(j)) == null) {
                    entries.add(new Entry(Cidr.parse(acl.get(j)), i, j));
                }
            }
        }
        entries.sort((a, b) -> Cidr.compare(a.cidr(), b.cidr()));
        Set<Integer> out = new HashSet<>();
        Set<String> reported = new HashSet<>();
        java.util.ArrayDeque<Entry> enclosing = new java.util.ArrayDeque<>();
        for (Entry e : entries) {
            while (!enclosing.isEmpty() && !enclosing.peek().cidr().encloses(e.cidr())) {
                enclosing.pop();
            }
            for (Entry outer : enclosing) {
                Trunk a = list.get(outer.trunk());
                Trunk b = list.get(e.trunk());
                boolean sameAccount = java.util.Objects.equals(a.accountSid(), b.accountSid());
                if (sameAccount || (hasDomain(a) && hasDomain(b))) {
                    continue;
                }
                // Each side gets a problem naming only its own entry, so whichever account's write
                // caused the overlap is told about its own range and never about the other's; the
                // later trunk is left out of routing.
                Entry later = outer.trunk() > e.trunk() ? outer : e;
                out.add(later.trunk());
                for (Entry side : List.of(outer, e)) {
                    if (reported.add(side.trunk() + "/" + side.index())) {
                        Trunk t = list.get(side.trunk());
                        problem("trunks[" + side.trunk() + "].ip_acl[" + side.index() + "]", subject(t.sid(), t.name()),
                                quote(t.ipAcl().get(side.index())), "an address range no trunk of another account"
                                        + " uses, or a domain name on both trunks");
                    }
                }
            }
            enclosing.push(e);
        }
        return out;
    }

    private static boolean hasDomain(Trunk t) {
        return t.domainName() != null && !t.domainName().isBlank();
    }

    private TrunkProfile trunk(String at, Trunk t, Map<String, LimitScope> accountLimits) {
        int before = problems.size();
        String subject = subject(t.sid(), t.name());
        List<Cidr> acl = cidrs(at + ".ip_acl", subject, t.ipAcl());
        String region = t.defaultRegion() == null || t.defaultRegion().isBlank()
                ? TrunkProfile.DEFAULT_REGION : t.defaultRegion();
        if (!NumberNormalizer.supportsRegion(region)) {
            problem(at + ".default_region", subject, quote(region),
                    "an ISO 3166 two-letter region in capitals that has a numbering plan, e.g. US or GB");
        }
        rewrites(at + ".called_rewrites", subject, t.calledRewrites());
        rewrites(at + ".calling_rewrites", subject, t.callingRewrites());
        List<SipDestination> origination = new ArrayList<>();
        for (int j = 0; j < t.originationUrls().size(); j++) {
            OriginationUrl u = t.originationUrls().get(j);
            SipTarget target = target(at + ".origination_urls[" + j + "].sip_url", subject, u.sipUrl());
            if (target != null) {
                origination.add(new SipDestination(u.key(), target, u.priority(), u.weight(), u.enabled()));
            }
        }
        if (problems.size() > before) {
            return null;
        }
        LimitScope account = t.accountSid() == null ? null : accountLimits.get(t.accountSid());
        return new TrunkProfile(t, acl, new NumberNormalizer(t.normalization(), region), Rewriter.of(t.calledRewrites()),
                Rewriter.of(t.callingRewrites()), origination, account == null || account.unlimited() ? null : account);
    }

    private CarrierProfile carrier(String at, Carrier c) {
        int before = problems.size();
        String subject = subject(c.sid(), c.name());
        List<String> codes = c.finalResponseCodes().isEmpty() ? FailoverPolicy.DEFAULT_FINAL_CODES : c.finalResponseCodes();
        for (int j = 0; j < c.finalResponseCodes().size(); j++) {
            String expected = FailoverPolicy.check(c.finalResponseCodes().get(j));
            if (expected != null) {
                problem(at + ".final_response_codes[" + j + "]", subject, quote(c.finalResponseCodes().get(j)), expected);
            }
        }
        if (c.techPrefix() != null && !c.techPrefix().matches(TECH_PREFIX)) {
            problem(at + ".tech_prefix", subject, quote(c.techPrefix()), "up to 16 of 0-9 A-Z a-z # * +");
        }
        rewrites(at + ".called_rewrites", subject, c.calledRewrites());
        rewrites(at + ".calling_rewrites", subject, c.callingRewrites());
        List<Cidr> inbound = cidrs(at + ".inbound_ips", subject, c.inboundIps());
        List<SipDestination> gateways = new ArrayList<>();
        for (int j = 0; j < c.gateways().size(); j++) {
            Gateway g = c.gateways().get(j);
            SipTarget target = target(at + ".gateways[" + j + "].sip_url", subject, g.sipUrl());
            if (target != null) {
                gateways.add(new SipDestination(g.key(), target, g.priority(), g.weight(), g.enabled()));
            }
        }
        if (problems.size() > before) {
            return null;
        }
        FailoverPolicy failover = FailoverPolicy.of(codes,
                c.failoverTimeoutMs() > 0 ? c.failoverTimeoutMs() : FailoverPolicy.DEFAULT_ATTEMPT_TIMEOUT_MS);
        return new CarrierProfile(c, failover, Rewriter.of(c.calledRewrites()), Rewriter.of(c.callingRewrites()),
                inbound, gateways);
    }

    private List<Cidr> cidrs(String at, String subject, List<String> texts) {
        List<Cidr> out = new ArrayList<>();
        for (int j = 0; j < texts.size(); j++) {
            String expected = Cidr.check(texts.get(j));
            if (expected != null) {
                problem(at + "[" + j + "]", subject, quote(texts.get(j)), expected);
            } else {
                out.add(Cidr.parse(texts.get(j)));
            }
        }
        return out;
    }

    private void rewrites(String at, String subject, List<RewriteRule> rules) {
        for (int j = 0; j < rules.size(); j++) {
            RewriteRule r = rules.get(j);
            String expected = Rewriter.check(r);
            if (expected != null) {
                String key = r.kind() == RewriteRule.Kind.REGEX ? "regex" : r.kind().name().toLowerCase(Locale.ROOT);
                problem(at + "[" + j + "]." + key, subject, quote(r.kind() == RewriteRule.Kind.REGEX ? r.match() : r.value()),
                        expected);
            }
        }
    }

    private SipTarget target(String at, String subject, String url) {
        SipTarget.Parsed parsed = SipTarget.parse(url);
        if (parsed instanceof SipTarget.Invalid invalid) {
            problem(at, subject, quote(url), invalid.expected());
            return null;
        }
        return ((SipTarget.Valid) parsed).target();
    }

    private static boolean named(List<Trunk> trunks, String key) {
        return trunks.stream().anyMatch(t -> t.key().equals(key));
    }

    private void problem(String path, String subject, String value, String expected) {
        problems.add(new ProvisioningProblem(path, subject, value, expected));
    }

    private static String subject(String sid, String name) {
        return sid != null ? sid : name;
    }

    private static String quote(String v) {
        return "'" + v + "'";
    }
}
