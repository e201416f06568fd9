package io.softswitch.core.store.internal;

import io.softswitch.config.Provisioning;
import io.softswitch.config.provisioning.Account;
import io.softswitch.config.provisioning.AccountStatus;
import io.softswitch.config.provisioning.Carrier;
import io.softswitch.config.provisioning.CarrierType;
import io.softswitch.config.provisioning.Credential;
import io.softswitch.config.provisioning.Gateway;
import io.softswitch.config.provisioning.MediaEncryption;
import io.softswitch.config.provisioning.NumberFormat;
import io.softswitch.config.provisioning.NumberNormalization;
import io.softswitch.config.provisioning.OriginationUrl;
import io.softswitch.config.provisioning.PhoneNumber;
import io.softswitch.config.provisioning.Route;
import io.softswitch.config.provisioning.RouteAction;
import io.softswitch.config.provisioning.TimeWindow;
import io.softswitch.config.provisioning.Trunk;
import io.softswitch.config.provisioning.VoiceWebhooks;
import io.softswitch.core.store.Rows;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads every provisioning table into one {@link Provisioning}, with a few bulk queries. Numbers and
 * routes refer to trunks and carriers by SID (names are labels, and two accounts may use the same);
 * a trunk without a friendly name is labelled by its SID; the digest realm of every trunk is its account SID, the realm the
 * credentials' HA1 values were computed for.
 */
public final class TableProvisioningReader {
    private TableProvisioningReader() {
    }

    /**
     * Nine bulk queries whatever the size (one per table or association, grouped here), not
     * several per trunk: a write re-reads everything inside its transaction, so this bounds the
     * cost of every API write (bench/provisioning).
     */
    public static Provisioning read(Rows rows) {
        Map<String, List<String>> trunkAcls = grouped(rows, "SELECT t.trunk_sid AS owner, a.ip_address,"
                + " a.cidr_prefix_length FROM ip_addresses a JOIN trunk_ip_access_control_lists t"
                + " ON t.sid = a.ip_access_control_list_sid ORDER BY t.seq, a.seq", TableProvisioningReader::cidr);
        Map<String, List<Credential>> trunkCreds = grouped(rows, "SELECT t.trunk_sid AS owner, c.username, c.ha1_md5,"
                + " c.ha1_sha256 FROM credentials c JOIN trunk_credential_lists t ON t.sid = c.credential_list_sid"
                + " ORDER BY t.seq, c.seq", r -> new Credential((String) r.get("username"), null,
                        (String) r.get("ha1_md5"), (String) r.get("ha1_sha256")));
        Map<String, List<OriginationUrl>> ous = grouped(rows, "SELECT trunk_sid AS owner, sid, friendly_name, sip_url,"
                + " priority, weight, enabled FROM origination_urls ORDER BY priority, seq",
                r -> new OriginationUrl((String) r.get("sid"), (String) r.get("friendly_name"), (String) r.get("sip_url"),
                        num(r, "priority"), num(r, "weight"), (Boolean) r.get("enabled")));
        List<Trunk> trunks = new ArrayList<>();
        for (Map<String, Object> t : rows.select("SELECT * FROM trunks ORDER BY seq")) {
            String sid = (String) t.get("sid");
            String name = t.get("friendly_name") == null ? sid : (String) t.get("friendly_name");
            List<String> acl = trunkAcls.getOrDefault(sid, List.of()).stream().distinct().toList();
            trunks.add(new Trunk(sid, (String) t.get("account_sid"), name, (String) t.get("domain_name"), acl,
                    trunkCreds.getOrDefault(sid, List.of()), (String) t.get("account_sid"),
                    NumberNormalization.valueOf(t.get("number_normalization").toString().toUpperCase(Locale.ROOT)),
                    (String) t.get("default_region"), num(t, "cps_limit"), num(t, "concurrent_call_limit"),
                    (Boolean) t.get("symmetric_rtp_enabled"), (Boolean) t.get("caller_id_must_be_owned"),
                    ous.getOrDefault(sid, List.of()), Rewrites.fromJson(t.get("called_rewrites")),
                    Rewrites.fromJson(t.get("calling_rewrites")), Boolean.TRUE.equals(t.get("secure")),
                    io.softswitch.config.provisioning.VoiceWebhooks.of((String) t.get("disaster_recovery_url"),
                            (String) t.get("disaster_recovery_method"), null, null, null, null)));
        }
        Map<String, List<Gateway>> gateways = grouped(rows, "SELECT carrier_sid AS owner, sid, friendly_name, sip_url,"
                + " priority, weight, enabled FROM gateways ORDER BY priority, seq",
                r -> new Gateway((String) r.get("sid"), (String) r.get("friendly_name"), (String) r.get("sip_url"),
                        num(r, "priority"), num(r, "weight"), (Boolean) r.get("enabled")));
        Map<String, List<String>> carrierAcls = grouped(rows, "SELECT t.carrier_sid AS owner, a.ip_address,"
                + " a.cidr_prefix_length FROM ip_addresses a JOIN carrier_ip_access_control_lists t"
                + " ON t.sid = a.ip_access_control_list_sid ORDER BY t.seq, a.seq", TableProvisioningReader::cidr);
        List<Carrier> carriers = new ArrayList<>();
        for (Map<String, Object> c : rows.select("SELECT * FROM carriers ORDER BY seq")) {
            String sid = (String) c.get("sid");
            String codes = (String) c.get("final_response_codes");
            carriers.add(new Carrier(sid, (String) c.get("friendly_name"),
                    CarrierType.valueOf(c.get("type").toString().toUpperCase(Locale.ROOT)),
                    NumberFormat.valueOf(c.get("number_format").toString().toUpperCase(Locale.ROOT).replace('-', '_')),
                    (String) c.get("tech_prefix"), (String) c.get("username"), (String) c.get("password"),
                    num(c, "cps_limit"), num(c, "concurrent_call_limit"), num(c, "probe_interval_seconds"),
                    num(c, "failover_timeout_ms"),
                    codes.isEmpty() ? List.of() : Arrays.asList(codes.split(",")), gateways.getOrDefault(sid, List.of()),
                    carrierAcls.getOrDefault(sid, List.of()).stream().distinct().toList(),
                    Rewrites.fromJson(c.get("called_rewrites")), Rewrites.fromJson(c.get("calling_rewrites")),
                    MediaEncryption.valueOf(c.get("media_encryption").toString().toUpperCase(Locale.ROOT))));
        }
        List<PhoneNumber> numbers = rows.select("SELECT * FROM phone_numbers ORDER BY seq").stream()
                .map(n -> new PhoneNumber((String) n.get("sid"), (String) n.get("account_sid"),
                        (String) n.get("phone_number"), (String) n.get("trunk_sid"), voice(n))).toList();
        List<Route> routes = rows.select("SELECT * FROM routes ORDER BY seq").stream()
                .map(r -> new Route((String) r.get("sid"), (String) r.get("friendly_name"), (String) r.get("prefix"),
                        (String) r.get("carrier_sid"), num(r, "priority"), num(r, "weight"),
                        (String) r.get("trunk_sid"),
                        RouteAction.valueOf(r.get("action").toString().toUpperCase(Locale.ROOT)), windows(r)))
                .toList();
        return new Provisioning(trunks, carriers, numbers, routes, accounts(rows));
    }

    /** Every account with its status (limits are not stored: 0 = unlimited). */
    private static List<Account> accounts(Rows rows) {
        return rows.select("SELECT sid, friendly_name, status FROM accounts ORDER BY seq").stream()
                .map(a -> new Account((String) a.get("sid"), (String) a.get("friendly_name"), 0, 0,
                        AccountStatus.of((String) a.get("status")))).toList();
    }

    /** Runs {@code sql} (whose first column is {@code owner}) and groups the mapped rows by owner, in row order. */
    private static <T> Map<String, List<T>> grouped(Rows rows, String sql, Function<Map<String, Object>, T> mapper) {
        Map<String, List<T>> out = new HashMap<>();
        for (Map<String, Object> r : rows.select(sql)) {
            out.computeIfAbsent((String) r.get("owner"), k -> new ArrayList<>()).add(mapper.apply(r));
        }
        return out;
    }

    private static String cidr(Map<String, Object> r) {
        return r.get("ip_address") + "/" + r.get("cidr_prefix_length");
    }

    private static List<TimeWindow> windows(Map<String, Object> r) {
        if (r.get("time_window_start") == null) {
            return List.of();
        }
        return List.of(new TimeWindow(days((String) r.get("time_window_days")),
                LocalTime.parse((String) r.get("time_window_start")), LocalTime.parse((String) r.get("time_window_end")),
                ZoneId.of((String) r.get("time_window_zone"))));
    }

    /** {@code mon,tue,...}; empty or null = every day. */
    public static Set<DayOfWeek> days(String csv) {
        if (csv == null || csv.isBlank()) {
            return Set.of(DayOfWeek.values());
        }
        return Arrays.stream(csv.split(",")).map(String::trim).map(TableProvisioningReader::day).collect(Collectors.toSet());
    }

    public static DayOfWeek day(String s) {
        DayOfWeek d = TimeWindow.day(s);
        if (d == null) {
            throw new IllegalArgumentException("day: " + s + " (expected: " + TimeWindow.DAY_NAMES + ")");
        }
        return d;
    }

    private static int num(Map<String, Object> row, String column) {
        return ((Number) row.get(column)).intValue();
    }

    private static VoiceWebhooks voice(Map<String, Object> n) {
        return VoiceWebhooks.of((String) n.get("voice_url"), (String) n.get("voice_method"),
                (String) n.get("voice_fallback_url"), (String) n.get("voice_fallback_method"),
                (String) n.get("status_callback"), (String) n.get("status_callback_method"));
    }
}
