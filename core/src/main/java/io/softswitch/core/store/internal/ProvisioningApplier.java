package io.softswitch.core.store.internal;

import io.softswitch.config.Provisioning;
import io.softswitch.config.provisioning.Carrier;
import io.softswitch.config.provisioning.Credential;
import io.softswitch.config.provisioning.Gateway;
import io.softswitch.config.provisioning.OriginationUrl;
import io.softswitch.config.provisioning.PhoneNumber;
import io.softswitch.config.provisioning.Route;
import io.softswitch.config.provisioning.TimeWindow;
import io.softswitch.config.provisioning.Trunk;
import io.softswitch.core.store.Digest;
import io.softswitch.core.store.Rows;
import io.softswitch.core.store.Sids;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Applies a declared {@link Provisioning} (the YAML {@code provisioning:} block) to the tables,
 * idempotently: resources are matched by friendly name (numbers by number), updated in place (their
 * SIDs stay), and created when absent. Resources the declaration does not name are left alone. A
 * trunk's {@code ipAcl} and {@code credentials} live in an IP ACL and a credential list named
 * {@code config:<trunk name>}; a carrier's inbound IPs in an IP ACL named {@code config:<carrier name>}.
 * Clear passwords are hashed here (realm = the owning account SID) and dropped.
 */
public final class ProvisioningApplier {
    private final Rows rows;
    private final String mainAccount;
    private final Map<String, String> trunkNames = new java.util.HashMap<>();
    private final Map<String, String> carrierNames = new java.util.HashMap<>();

    public ProvisioningApplier(Rows rows, String mainAccount) {
        this.rows = rows;
        this.mainAccount = mainAccount;
    }

    public void apply(Provisioning p) {
        // The declaration refers by key (the name, or a sid written in the file); the tables by SID.
        for (Trunk t : p.trunks()) {
            trunkNames.put(t.key(), t.name());
        }
        for (Carrier c : p.carriers()) {
            carrierNames.put(c.key(), c.name());
        }
        for (Trunk t : p.trunks()) {
            applyTrunk(t);
        }
        for (Carrier c : p.carriers()) {
            applyCarrier(c);
        }
        for (PhoneNumber n : p.numbers()) {
            applyNumber(n);
        }
        for (Route r : p.routes()) {
            applyRoute(r);
        }
    }

    private String account(String declared) {
        if (declared != null && rows.find("accounts", "sid = ?", declared).isPresent()) {
            return declared;
        }
        return mainAccount;
    }

    private void applyTrunk(Trunk t) {
        String account = account(t.accountSid());
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("account_sid", account);
        v.put("friendly_name", t.name());
        v.put("domain_name", t.domainName());
        v.put("number_normalization", t.normalization().name().toLowerCase(Locale.ROOT));
        v.put("default_region", t.defaultRegion());
        v.put("cps_limit", t.cpsLimit());
        v.put("concurrent_call_limit", t.concurrentCallLimit());
        v.put("symmetric_rtp_enabled", t.symmetricRtp());
        v.put("caller_id_must_be_owned", t.callerIdMustBeOwned());
        v.put("secure", t.secure());
        v.put("called_rewrites", Rewrites.toJson(t.calledRewrites()));
        v.put("calling_rewrites", Rewrites.toJson(t.callingRewrites()));
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("disaster_recovery_method", "POST");
        defaults.put("transfer_mode", "disable-all");
        defaults.put("transfer_caller_id", "from-transferee");
        defaults.put("cnam_lookup_enabled", false);
        defaults.put("recording_mode", "do-not-record");
        defaults.put("recording_trim", "do-not-trim");
        String sid = upsert("trunks", "TK", "account_sid = ? AND friendly_name = ?", List.of(account, t.name()), v, defaults);

        List<String> keptOus = new ArrayList<>();
        for (OriginationUrl ou : t.originationUrls()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("account_sid", account);
            o.put("trunk_sid", sid);
            o.put("friendly_name", ou.name());
            o.put("sip_url", ou.sipUrl());
            o.put("priority", ou.priority());
            o.put("weight", ou.weight());
            o.put("enabled", ou.enabled());
            keptOus.add(upsert("origination_urls", "OU", "trunk_sid = ? AND sip_url = ?", List.of(sid, ou.sipUrl()), o, Map.of()));
        }
        deleteExcept("origination_urls", "trunk_sid = ?", sid, keptOus);

        String listName = "config:" + t.name();
        associate("trunk_ip_access_control_lists", "trunk_sid", sid, ipList(account, listName, t.ipAcl()));
        associate("trunk_credential_lists", "trunk_sid", sid, credentialList(account, listName, t.credentials()));
    }

    private void applyCarrier(Carrier c) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("account_sid", mainAccount);
        v.put("friendly_name", c.name());
        v.put("type", c.type().name().toLowerCase(Locale.ROOT));
        v.put("number_format", c.numberFormat().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        v.put("tech_prefix", nz(c.techPrefix()));
        v.put("username", nz(c.username()));
        v.put("password", nz(c.password()));
        v.put("cps_limit", c.cpsLimit());
        v.put("concurrent_call_limit", c.concurrentCallLimit());
        v.put("probe_interval_seconds", c.probeIntervalSeconds());
        v.put("failover_timeout_ms", c.failoverTimeoutMs());
        v.put("final_response_codes", String.join(",", c.finalResponseCodes()));
        v.put("media_encryption", c.mediaEncryption().name().toLowerCase(Locale.ROOT));
        v.put("called_rewrites", Rewrites.toJson(c.calledRewrites()));
        v.put("calling_rewrites", Rewrites.toJson(c.callingRewrites()));
        String sid = upsert("carriers", "BY", "friendly_name = ?", List.of(c.name()), v, Map.of());
        List<String> kept = new ArrayList<>();
        for (Gateway g : c.gateways()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("account_sid", mainAccount);
            o.put("carrier_sid", sid);
            o.put("friendly_name", g.name());
            o.put("sip_url", g.sipUrl());
            o.put("priority", g.priority());
            o.put("weight", g.weight());
            o.put("enabled", g.enabled());
            kept.add(upsert("gateways", "GW", "carrier_sid = ? AND sip_url = ?", List.of(sid, g.sipUrl()), o, Map.of()));
        }
        deleteExcept("gateways", "carrier_sid = ?", sid, kept);
        associate("carrier_ip_access_control_lists", "carrier_sid", sid,
                ipList(mainAccount, "config:" + c.name(), c.inboundIps()));
    }

    private void applyNumber(PhoneNumber n) {
        String account = account(n.accountSid());
        if (account.equals(mainAccount) && n.trunk() == null && rows.find("phone_numbers",
                "phone_number = ? AND account_sid <> ?", n.number(), mainAccount).isPresent()) {
            return; // an inventory number a subaccount has taken since (issue 22): the file does not take it back
        }
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("account_sid", account);
        v.put("phone_number", n.number());
        v.put("trunk_sid", n.trunk() == null ? null : trunkSid(trunkNames.getOrDefault(n.trunk(), n.trunk()), account));
        Map<String, Object> defaults = Map.of("friendly_name", n.number());
        upsert("phone_numbers", "PN", "phone_number = ?", List.of(n.number()), v, defaults);
    }

    private void applyRoute(Route r) {
        String name = r.name() != null ? r.name() : "route:" + r.prefix() + ":" + r.carrier();
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("account_sid", mainAccount);
        v.put("friendly_name", name);
        v.put("prefix", r.prefix());
        String carrierName = r.carrier() == null ? null : carrierNames.getOrDefault(r.carrier(), r.carrier());
        v.put("carrier_sid", carrierName == null ? null : rows.find("carriers", "friendly_name = ?", carrierName)
                .map(m -> (String) m.get("sid"))
                .orElseThrow(() -> new IllegalArgumentException("route " + name + ": carrier " + r.carrier() + " (expected: a declared carrier)")));
        v.put("priority", r.priority());
        v.put("weight", r.weight());
        v.put("trunk_sid", r.trunk() == null ? null : trunkSid(trunkNames.getOrDefault(r.trunk(), r.trunk()), null));
        v.put("action", r.action().name().toLowerCase(Locale.ROOT));
        TimeWindow w = r.windows().isEmpty() ? null : r.windows().get(0);
        v.put("time_window_days", w == null ? null : w.days().stream().sorted().map(ProvisioningApplier::dayName)
                .collect(Collectors.joining(",")));
        v.put("time_window_start", w == null ? null : w.start().toString());
        v.put("time_window_end", w == null ? null : w.end().toString());
        v.put("time_window_zone", w == null ? null : w.zone().getId());
        upsert("routes", "RT", "friendly_name = ?", List.of(name), v, Map.of());
    }

    private static String dayName(DayOfWeek d) {
        return d.name().substring(0, 3).toLowerCase(Locale.ROOT);
    }

    private String trunkSid(String name, String account) {
        Optional<Map<String, Object>> t = account == null
                ? rows.find("trunks", "friendly_name = ? ORDER BY seq", name)
                : rows.find("trunks", "account_sid = ? AND friendly_name = ?", account, name);
        return t.map(m -> (String) m.get("sid"))
                .orElseThrow(() -> new IllegalArgumentException("trunk: " + name + " (expected: a declared trunk)"));
    }

    /** The {@code config:} IP ACL holding {@code cidrs}, or null (and none kept) when there are none. */
    private String ipList(String account, String name, List<String> cidrs) {
        if (cidrs.isEmpty()) {
            rows.delete("ip_access_control_lists", "account_sid = ? AND friendly_name = ?", account, name);
            return null;
        }
        String sid = upsert("ip_access_control_lists", "AL", "account_sid = ? AND friendly_name = ?",
                List.of(account, name), Map.of("account_sid", account, "friendly_name", name), Map.of());
        List<String> kept = new ArrayList<>();
        for (String cidr : cidrs) {
            String[] parts = cidr.split("/", 2);
            int len = parts.length == 2 ? Integer.parseInt(parts[1]) : 32;
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("account_sid", account);
            v.put("ip_access_control_list_sid", sid);
            v.put("friendly_name", cidr);
            v.put("ip_address", parts[0]);
            v.put("cidr_prefix_length", len);
            kept.add(upsert("ip_addresses", "IP", "ip_access_control_list_sid = ? AND ip_address = ?"
                    + " AND cidr_prefix_length = ?", List.of(sid, parts[0], len), v, Map.of()));
        }
        deleteExcept("ip_addresses", "ip_access_control_list_sid = ?", sid, kept);
        return sid;
    }

    private String credentialList(String account, String name, List<Credential> creds) {
        if (creds.isEmpty()) {
            rows.delete("credential_lists", "account_sid = ? AND friendly_name = ?", account, name);
            return null;
        }
        String sid = upsert("credential_lists", "CL", "account_sid = ? AND friendly_name = ?",
                List.of(account, name), Map.of("account_sid", account, "friendly_name", name), Map.of());
        List<String> kept = new ArrayList<>();
        for (Credential c : creds) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("account_sid", account);
            v.put("credential_list_sid", sid);
            v.put("username", c.username());
            if (c.password() != null) {
                v.put("ha1_md5", Digest.ha1Md5(c.username(), account, c.password()));
                v.put("ha1_sha256", Digest.ha1Sha256(c.username(), account, c.password()));
            } else if (c.ha1Md5() != null && c.ha1Sha256() != null) {
                v.put("ha1_md5", c.ha1Md5());
                v.put("ha1_sha256", c.ha1Sha256());
            } else {
                throw new IllegalArgumentException("credential " + c.username() + ": no password (expected: a password,"
                        + " or both HA1 hashes computed for realm " + account + ")");
            }
            kept.add(upsert("credentials", "CR", "credential_list_sid = ? AND username = ?",
                    List.of(sid, c.username()), v, Map.of()));
        }
        deleteExcept("credentials", "credential_list_sid = ?", sid, kept);
        return sid;
    }

    private void associate(String table, String ownerColumn, String owner, String listSid) {
        String like = table.startsWith("trunk_credential") ? "CL%" : "AL%";
        List<Map<String, Object>> existing = rows.select("SELECT t.sid FROM " + table + " t JOIN "
                + (like.startsWith("CL") ? "credential_lists" : "ip_access_control_lists") + " l ON l.sid = t.sid"
                + " WHERE t." + ownerColumn + " = ? AND l.friendly_name LIKE 'config:%'", owner);
        for (Map<String, Object> e : existing) {
            if (!e.get("sid").equals(listSid)) {
                rows.delete(table, ownerColumn + " = ? AND sid = ?", owner, e.get("sid"));
            }
        }
        if (listSid != null && rows.find(table, ownerColumn + " = ? AND sid = ?", owner, listSid).isEmpty()) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put(ownerColumn, owner);
            v.put("sid", listSid);
            v.put("date_created", Rows.now());
            rows.insertRaw(table, v);
        }
    }

    private String upsert(String table, String prefix, String where, List<Object> key, Map<String, Object> values,
            Map<String, Object> insertDefaults) {
        Optional<Map<String, Object>> existing = rows.find(table, where, key.toArray());
        if (existing.isPresent()) {
            String sid = (String) existing.get().get("sid");
            rows.update(table, sid, values);
            return sid;
        }
        Map<String, Object> v = new LinkedHashMap<>(insertDefaults);
        v.put("sid", Sids.next(prefix));
        v.putAll(values);
        return (String) rows.insert(table, v).get("sid");
    }

    private void deleteExcept(String table, String where, String owner, List<String> keep) {
        for (Map<String, Object> r : rows.select("SELECT sid FROM " + table + " WHERE " + where, owner)) {
            if (!keep.contains(r.get("sid"))) {
                rows.delete(table, "sid = ?", r.get("sid"));
            }
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
