package io.softswitch.config.internal;

import io.softswitch.config.Provisioning;
import io.softswitch.config.provisioning.Account;
import io.softswitch.config.provisioning.Carrier;
import io.softswitch.config.provisioning.CarrierType;
import io.softswitch.config.provisioning.Cidr;
import io.softswitch.config.provisioning.Credential;
import io.softswitch.config.provisioning.Gateway;
import io.softswitch.config.provisioning.MediaEncryption;
import io.softswitch.config.provisioning.NumberFormat;
import io.softswitch.config.provisioning.NumberNormalization;
import io.softswitch.config.provisioning.OriginationUrl;
import io.softswitch.config.provisioning.PhoneNumber;
import io.softswitch.config.provisioning.RewriteRule;
import io.softswitch.config.provisioning.Route;
import io.softswitch.config.provisioning.RouteAction;
import io.softswitch.config.provisioning.TimeWindow;
import io.softswitch.config.provisioning.Trunk;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads the {@code provisioning:} block: {@code accounts}, {@code trunks}, {@code carriers},
 * {@code numbers} and {@code routes} lists. Every field's shape and type is checked, and so is
 * every name a YAML entry refers to (a route's carrier and trunk, a number's trunk, a trunk's
 * account), each problem reported with its path. The provisioning rules (final response codes,
 * regions, tech prefixes, SIP URLs, unique domains...) are the routing compile's alone
 * ({@code RoutingSnapshot.compile} in trunking); {@link io.softswitch.config.ConfigLoader} runs it
 * when given, with file and line. Long because it is one flat walk over the whole provisioning model.
 */
public final class YamlProvisioningReader {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");
    private static final Pattern PREFIX = Pattern.compile("\\+?[0-9]{0,15}");
    private static final Pattern REWRITE_PREFIX = Pattern.compile("[0-9A-Za-z#*+]{0,16}");
    private static final int MAX_CPS = 100_000;
    private static final int MAX_CONCURRENT = 1_000_000;

    private YamlProvisioningReader() {
    }

    public static Provisioning read(ConfigNode n) {
        if (!n.isPresent()) {
            return Provisioning.EMPTY;
        }
        if (!n.expectMapping("accounts", "trunks", "carriers", "numbers", "routes")) {
            return Provisioning.EMPTY;
        }
        List<Account> accounts = accounts(n.list("accounts"));
        Set<String> accountSids = new HashSet<>();
        accounts.forEach(a -> accountSids.add(a.sid()));
        List<Trunk> trunks = trunks(n.list("trunks"), accountSids);
        Map<String, Trunk> trunkByName = new LinkedHashMap<>();
        trunks.forEach(t -> trunkByName.putIfAbsent(t.name(), t));
        List<Carrier> carriers = carriers(n.list("carriers"));
        Set<String> carrierNames = new HashSet<>();
        carriers.forEach(c -> carrierNames.add(c.name()));
        List<PhoneNumber> numbers = numbers(n.list("numbers"), trunkByName, accountSids);
        List<Route> routes = routes(n.list("routes"), trunkByName.keySet(), carrierNames);
        // The file refers to trunks and carriers by name; the model by key (a declared sid, else the name).
        Map<String, String> trunkKeys = new HashMap<>();
        trunkByName.forEach((name, t) -> trunkKeys.put(name, t.key()));
        Map<String, String> carrierKeys = new HashMap<>();
        carriers.forEach(c -> carrierKeys.putIfAbsent(c.name(), c.key()));
        numbers = numbers.stream().map(x -> new PhoneNumber(x.sid(), x.accountSid(), x.number(),
                x.trunk() == null ? null : trunkKeys.getOrDefault(x.trunk(), x.trunk()))).toList();
        routes = routes.stream().map(r -> new Route(r.sid(), r.name(), r.prefix(),
                r.carrier() == null ? null : carrierKeys.getOrDefault(r.carrier(), r.carrier()), r.priority(), r.weight(),
                r.trunk() == null ? null : trunkKeys.getOrDefault(r.trunk(), r.trunk()), r.action(), r.windows())).toList();
        return new Provisioning(trunks, carriers, numbers, routes, accounts);
    }

    private static List<Account> accounts(List<ConfigNode> items) {
        List<Account> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ConfigNode a : items) {
            if (!mapping(a, "an account with sid", "sid", "name", "cps_limit", "concurrent_call_limit")) {
                continue;
            }
            String sid = a.requiredString("sid");
            if (!sid.isEmpty() && !sid.matches("AC[0-9a-fA-F]{32}")) {
                a.problem("sid", quote(sid), "AC followed by 32 hex digits");
            } else if (!sid.isEmpty() && !seen.add(sid)) {
                a.problem("sid", quote(sid), "a sid no other account uses");
            }
            out.add(new Account(sid, a.string("name", sid), a.integer("cps_limit", 0, 0, MAX_CPS),
                    a.integer("concurrent_call_limit", 0, 0, MAX_CONCURRENT)));
        }
        return out;
    }

    private static List<Trunk> trunks(List<ConfigNode> items, Set<String> accountSids) {
        List<Trunk> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ConfigNode t : items) {
            if (!mapping(t, "a trunk with name", "name", "sid", "account", "domain_name", "ip_acl", "credentials",
                    "realm", "normalization", "default_region", "cps_limit", "concurrent_call_limit", "symmetric_rtp",
                    "caller_id_must_be_owned", "origination_urls", "called_rewrites", "calling_rewrites", "secure")) {
                continue;
            }
            String name = uniqueName(t, names, "trunk");
            String account = account(t, accountSids);
            String domain = t.string("domain_name", null);
            if (domain != null) {
                String problem = DomainNames.check(domain);
                if (problem != null) {
                    t.problem("domain_name", quote(domain), problem);
                }
            }
            List<String> acl = t.strings("ip_acl", Cidr::check);
            List<Credential> credentials = new ArrayList<>();
            Set<String> users = new HashSet<>();
            for (ConfigNode c : t.list("credentials")) {
                if (!mapping(c, "a credential with username and password", "username", "password")) {
                    continue;
                }
                String user = c.requiredString("username");
                if (!user.isEmpty() && !users.add(user)) {
                    c.problem("username", quote(user), "a username used once per trunk");
                }
                credentials.add(new Credential(user, c.requiredString("password"), null, null));
            }
            String region = t.string("default_region", "US");
            out.add(new Trunk(t.string("sid", null), account, name, domain, acl, credentials, t.string("realm", null),
                    t.enumValue("normalization", NumberNormalization.class, NumberNormalization.STRICT), region,
                    t.integer("cps_limit", 0, 0, MAX_CPS), t.integer("concurrent_call_limit", 0, 0, MAX_CONCURRENT),
                    t.bool("symmetric_rtp", true), t.bool("caller_id_must_be_owned", false),
                    originationUrls(t.list("origination_urls")), rewrites(t.list("called_rewrites")),
                    rewrites(t.list("calling_rewrites")), t.bool("secure", false)));
        }
        return out;
    }

    private static List<OriginationUrl> originationUrls(List<ConfigNode> items) {
        List<OriginationUrl> out = new ArrayList<>();
        for (ConfigNode u : items) {
            if (!mapping(u, "an origination URL with sip_url", "name", "sip_url", "priority", "weight", "enabled")) {
                continue;
            }
            out.add(new OriginationUrl(u.string("name", null), sipUrl(u), u.integer("priority", 10, 0, 65535),
                    u.integer("weight", 10, 1, 65535), u.bool("enabled", true)));
        }
        return out;
    }

    private static List<Carrier> carriers(List<ConfigNode> items) {
        List<Carrier> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ConfigNode c : items) {
            if (!mapping(c, "a carrier with name and gateways", "name", "sid", "type", "number_format", "tech_prefix",
                    "username", "password", "cps_limit", "concurrent_call_limit", "probe_interval_seconds",
                    "failover_timeout_ms", "final_response_codes", "gateways", "inbound_ips", "called_rewrites",
                    "calling_rewrites", "media_encryption")) {
                continue;
            }
            String name = uniqueName(c, names, "carrier");
            String techPrefix = c.string("tech_prefix", "");
            List<String> finalCodes = c.child("final_response_codes").isPresent()
                    ? c.strings("final_response_codes", v -> null)
                    : Carrier.DEFAULT_FINAL_RESPONSE_CODES;
            out.add(new Carrier(c.string("sid", null), name, c.enumValue("type", CarrierType.class, CarrierType.SIP),
                    c.enumValue("number_format", NumberFormat.class, NumberFormat.E164), techPrefix,
                    c.string("username", ""), c.string("password", ""), c.integer("cps_limit", 0, 0, MAX_CPS),
                    c.integer("concurrent_call_limit", 0, 0, MAX_CONCURRENT),
                    c.integer("probe_interval_seconds", 0, 0, 3600),
                    c.integer("failover_timeout_ms", Carrier.DEFAULT_FAILOVER_TIMEOUT_MS, 100, 120_000), finalCodes,
                    gateways(c), c.strings("inbound_ips", Cidr::check), rewrites(c.list("called_rewrites")),
                    rewrites(c.list("calling_rewrites")),
                    c.enumValue("media_encryption", MediaEncryption.class, MediaEncryption.NONE)));
        }
        return out;
    }

    private static List<Gateway> gateways(ConfigNode carrier) {
        List<ConfigNode> items = carrier.list("gateways");
        if (items.isEmpty()) {
            carrier.problem("gateways", carrier.child("gateways").isPresent() ? "an empty list" : "missing",
                    "at least one gateway with sip_url");
        }
        List<Gateway> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ConfigNode g : items) {
            if (!mapping(g, "a gateway with sip_url", "name", "sip_url", "priority", "weight", "enabled")) {
                continue;
            }
            String url = sipUrl(g);
            String name = g.string("name", null);
            String key = name == null ? url : name;
            if (!names.add(key)) {
                g.problem(name == null ? "sip_url" : "name", quote(key), "unique within the carrier");
            }
            out.add(new Gateway(name, url, g.integer("priority", 10, 0, 65535), g.integer("weight", 10, 1, 65535),
                    g.bool("enabled", true)));
        }
        return out;
    }

    private static List<PhoneNumber> numbers(List<ConfigNode> items, Map<String, Trunk> trunks, Set<String> accounts) {
        List<PhoneNumber> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ConfigNode n : items) {
            if (!mapping(n, "a number with number", "number", "sid", "account", "trunk")) {
                continue;
            }
            String number = n.requiredString("number");
            if (!number.isEmpty() && !E164.matcher(number).matches()) {
                n.problem("number", quote(number), "an E.164 number: + and 2-15 digits, e.g. \"+14155550100\"");
            } else if (!number.isEmpty() && !seen.add(number)) {
                n.problem("number", quote(number), "a number listed once");
            }
            String trunk = n.string("trunk", null);
            if (trunk != null && !trunks.containsKey(trunk)) {
                n.problem("trunk", quote(trunk), "one of the trunks: " + String.join(", ", trunks.keySet()));
            }
            String account = account(n, accounts);
            if (account == null && trunk != null && trunks.containsKey(trunk)) {
                account = trunks.get(trunk).accountSid();
            }
            out.add(new PhoneNumber(n.string("sid", null), account, number, trunk));
        }
        return out;
    }

    private static List<Route> routes(List<ConfigNode> items, Set<String> trunks, Set<String> carriers) {
        List<Route> out = new ArrayList<>();
        for (ConfigNode r : items) {
            if (!mapping(r, "a route with prefix and carrier", "name", "sid", "prefix", "carrier", "priority", "weight",
                    "trunk", "action", "windows")) {
                continue;
            }
            ConfigNode prefixNode = r.child("prefix");
            String prefix = prefixNode.scalar();
            if (prefix == null) {
                prefixNode.problem("missing", "a value for required key 'prefix' (E.164 digits, \"\" for the default "
                        + "route, or emergency)");
                prefix = "";
            } else if (!prefix.equals(Route.EMERGENCY) && !PREFIX.matcher(prefix).matches()) {
                prefixNode.problem(quote(prefix), "up to 15 digits of an E.164 number (a leading + is allowed), \"\" "
                        + "for the default route, or emergency");
            } else if (prefix.startsWith("+")) {
                prefix = prefix.substring(1);
            }
            RouteAction action = r.enumValue("action", RouteAction.class, RouteAction.ROUTE);
            String carrier = r.string("carrier", null);
            if (action == RouteAction.ROUTE && carrier == null) {
                r.problem("carrier", "missing", "a value for required key 'carrier' (a route needs a carrier)");
            } else if (action == RouteAction.BLOCK && carrier != null) {
                r.problem("carrier", quote(carrier), "no carrier on a block route");
            } else if (carrier != null && !carriers.contains(carrier)) {
                r.problem("carrier", quote(carrier), "one of the carriers: " + String.join(", ", sorted(carriers)));
            }
            String trunk = r.string("trunk", null);
            if (trunk != null && !trunks.contains(trunk)) {
                r.problem("trunk", quote(trunk), "one of the trunks: " + String.join(", ", sorted(trunks)));
            }
            List<TimeWindow> windows = new ArrayList<>();
            for (ConfigNode w : r.list("windows")) {
                TimeWindow window = window(w);
                if (window != null) {
                    windows.add(window);
                }
            }
            out.add(new Route(r.string("sid", null), r.string("name", null), prefix, carrier,
                    r.integer("priority", 10, 0, 65535), r.integer("weight", 10, 1, 65535), trunk, action, windows));
        }
        return out;
    }

    private static TimeWindow window(ConfigNode w) {
        if (!mapping(w, "a time window with start and end", "days", "start", "end", "time_zone")) {
            return null;
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String d : w.strings("days", YamlProvisioningReader::checkDay)) {
            days.add(TimeWindow.day(d));
        }
        LocalTime start = time(w, "start");
        LocalTime end = time(w, "end");
        String zoneText = w.string("time_zone", "UTC");
        ZoneId zone = ZoneOffset.UTC;
        try {
            zone = ZoneId.of(zoneText);
        } catch (DateTimeException e) {
            w.problem("time_zone", quote(zoneText), "a time zone id, e.g. America/New_York, Europe/London or UTC");
        }
        return new TimeWindow(days.size() == 7 ? Set.of() : days, start, end, zone);
    }

    private static String checkDay(String d) {
        return TimeWindow.day(d) == null ? TimeWindow.DAY_NAMES : null;
    }

    private static LocalTime time(ConfigNode w, String key) {
        ConfigNode c = w.child(key);
        String v = c.scalar();
        if (v == null) {
            c.problem("missing", "a value for required key '" + key + "' (HH:MM, 24-hour)");
            return LocalTime.MIDNIGHT;
        }
        try {
            if (v.trim().matches("[0-2][0-9]:[0-5][0-9]")) {
                return LocalTime.parse(v.trim());
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        c.problem(quote(v), "a time HH:MM, 24-hour, e.g. 09:00");
        return LocalTime.MIDNIGHT;
    }

    private static List<RewriteRule> rewrites(List<ConfigNode> items) {
        List<RewriteRule> out = new ArrayList<>();
        for (ConfigNode r : items) {
            if (!mapping(r, "a rewrite: {strip: N}, {prefix: TEXT} or {regex: PATTERN, replace: TEXT}", "strip",
                    "prefix", "regex", "replace")) {
                continue;
            }
            boolean strip = r.child("strip").isPresent();
            boolean prefix = r.child("prefix").isPresent();
            boolean regex = r.child("regex").isPresent();
            if ((strip ? 1 : 0) + (prefix ? 1 : 0) + (regex ? 1 : 0) != 1) {
                r.problem("a mapping with " + (strip || prefix || regex ? "several kinds" : "no kind"),
                        "exactly one of strip, prefix, regex");
                continue;
            }
            if (!regex && r.child("replace").isPresent()) {
                r.problem("replace", "present", "replace only together with regex");
            }
            if (strip) {
                out.add(new RewriteRule(RewriteRule.Kind.STRIP, null, String.valueOf(r.integer("strip", 0, 0, 15))));
            } else if (prefix) {
                String p = r.string("prefix", "");
                if (!REWRITE_PREFIX.matcher(p).matches()) {
                    r.problem("prefix", quote(p), "up to 16 of 0-9 A-Z a-z # * +");
                }
                out.add(new RewriteRule(RewriteRule.Kind.PREFIX, null, p));
            } else {
                String pattern = r.string("regex", "");
                try {
                    Pattern.compile(pattern);
                } catch (PatternSyntaxException e) {
                    r.problem("regex", quote(pattern), "a Java regular expression (" + e.getDescription() + ")");
                }
                out.add(new RewriteRule(RewriteRule.Kind.REGEX, pattern, r.string("replace", "")));
            }
        }
        return out;
    }

    private static boolean mapping(ConfigNode n, String what, String... keys) {
        if (!n.isPresent()) {
            n.problem("empty", what);
            return false;
        }
        return n.expectMapping(keys);
    }

    private static String uniqueName(ConfigNode n, Set<String> seen, String kind) {
        String name = n.requiredString("name");
        if (name.isEmpty()) {
            return name;
        }
        if (!NAME.matcher(name).matches()) {
            n.problem("name", quote(name), "1-64 of A-Z a-z 0-9 . _ - starting with a letter or digit");
        } else if (!seen.add(name)) {
            n.problem("name", quote(name), "a name no other " + kind + " uses");
        }
        return name;
    }

    private static String account(ConfigNode n, Set<String> accounts) {
        String account = n.string("account", null);
        if (account != null && !accounts.contains(account)) {
            n.problem("account", quote(account), accounts.isEmpty() ? "a sid listed under provisioning.accounts"
                    : "one of the accounts: " + String.join(", ", sorted(accounts)));
        }
        return account;
    }

    /** Only present and a string here: what makes a usable SIP URL is the routing compile's rule. */
    private static String sipUrl(ConfigNode n) {
        return n.requiredString("sip_url");
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }

    private static String quote(String v) {
        return "'" + v + "'";
    }
}
