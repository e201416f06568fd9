package io.softswitch.core.console;

import static io.softswitch.core.console.Html.esc;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.softswitch.core.api.internal.Param;
import io.softswitch.core.api.internal.Resources;
import io.softswitch.core.call.CallEngine;
import io.softswitch.core.call.LiveCall;
import io.softswitch.core.call.LiveMedia;
import io.softswitch.core.store.ProvisioningStore;
import io.softswitch.core.store.Rows;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The console's pages after sign-in. Reads come from the store and the call engine, scoped to the
 * user's account; every change is a form that posts to the REST API (see {@link Console}).
 */
final class Pages {
    private static final int CALLS_PAGE = 100;

    private final ProvisioningStore store;
    private final Rows rows;
    private final CallEngine engine;
    private final MetricsRing ring;
    private final CallTraffic traffic;
    private final MeterRegistry registry;
    private final ConsoleUsers users;
    private final Resources resources;

    Pages(ProvisioningStore store, CallEngine engine, MetricsRing ring, CallTraffic traffic, MeterRegistry registry,
            ConsoleUsers users) {
        this.store = store;
        this.traffic = traffic;
        this.registry = registry;
        this.rows = store.rows();
        this.engine = engine;
        this.ring = ring;
        this.users = users;
        this.resources = new Resources(rows);
    }

    void register(Javalin app) {
        app.get("/console/live", ctx -> html(ctx, Html.page("Live calls", "live", s(ctx), live(ctx))));
        app.get("/console/live/rows", ctx -> ctx.contentType("text/html; charset=utf-8").result(liveRows(ctx)));
        app.get("/console/dashboard", ctx -> html(ctx, Html.page("Dashboard", "dashboard", s(ctx), dashboard(ctx),
                "<link rel=\"stylesheet\" href=\"" + Html.UPLOT_CSS + "\"><script src=\"" + Html.UPLOT_JS + "\"></script>")));
        app.get("/console/dashboard.json", ctx -> ctx.json(series(ctx)));
        app.get("/console/dashboard/gateways", ctx -> ctx.contentType("text/html; charset=utf-8")
                .result(operator(ctx) ? gatewayRows() : ""));
        app.get("/console/calls", ctx -> html(ctx, Html.page("Calls", "calls", s(ctx), calls(ctx))));
        CallPage callPage = new CallPage(rows, this::visibleLive, this::visibleCalls, this::names);
        app.get("/console/calls/{sid}", ctx -> html(ctx, Html.page("Call " + ctx.pathParam("sid"), "calls", s(ctx),
                callPage.render(ctx))));
        RoutingPage routing = new RoutingPage(store);
        app.get("/console/routing", ctx -> html(ctx, Html.page("Dry-run routing", "routing", s(ctx),
                routing.render(ctx, s(ctx).user().accountSid()))));
        app.get("/console/audit", ctx -> html(ctx, Html.page("Audit log", "audit", s(ctx), audit(ctx))));
        for (ResourcePage p : ResourcePage.all()) {
            app.get("/console/" + p.slug(), ctx -> html(ctx, Html.page(p.title(), p.slug(), s(ctx), resource(ctx, p))));
        }
    }

    private static ConsoleUsers.Session s(Context ctx) {
        return Console.session(ctx);
    }

    private static void html(Context ctx, String page) {
        ctx.contentType("text/html; charset=utf-8").header("Cache-Control", "no-store").result(page);
    }

    /** The account whose data the user sees. */
    String account(Context ctx) {
        String a = s(ctx).user().accountSid();
        return a == null ? store.mainAccountSid() : a;
    }

    /**
     * The condition on {@code calls} rows the user may see (its arguments added to {@code args}):
     * its account's, and for the operator's users also its subaccounts' (the API lets the main
     * account act on them too); never a call its tenant deleted, as for the Calls API.
     */
    String visibleCalls(Context ctx, List<Object> args) {
        String account = account(ctx);
        args.add(account);
        if (operator(ctx)) {
            args.add(account);
            return "(account_sid = ? OR account_sid IN (SELECT sid FROM accounts WHERE owner_account_sid = ?))"
                    + " AND deleted_at IS NULL";
        }
        return "account_sid = ? AND deleted_at IS NULL";
    }

    private boolean operator(Context ctx) {
        return s(ctx).user().accountSid() == null;
    }

    // ------------------------------------------------------------------ live

    List<LiveCall> visibleLive(Context ctx) {
        if (operator(ctx)) {
            return engine.liveCalls();
        }
        String a = account(ctx);
        return engine.liveCalls().stream().filter(c -> a.equals(c.accountSid())).toList();
    }

    private String live(Context ctx) {
        return "<p>Calls in progress, refreshed every second.</p>"
                + "<div class=\"scroll\"><table id=\"live\"><thead><tr><th scope=\"col\">From</th><th scope=\"col\">To</th>"
                + "<th scope=\"col\">Trunk</th><th scope=\"col\">Carrier</th><th scope=\"col\">Gateway</th>"
                + "<th scope=\"col\">State</th><th scope=\"col\">Duration</th>"
                + "<th scope=\"col\">Media from caller</th><th scope=\"col\">Media from callee</th>"
                + "<th scope=\"col\">Call</th></tr></thead>"
                + "<tbody id=\"live-rows\" hx-get=\"/console/live/rows\" hx-trigger=\"every 1s\" hx-swap=\"innerHTML\">"
                + liveRows(ctx) + "</tbody></table></div>";
    }

    private String liveRows(Context ctx) {
        List<List<String>> out = new ArrayList<>();
        Instant now = Instant.now();
        Map<String, String> names = names();
        for (LiveCall c : visibleLive(ctx)) {
            Duration d = Duration.between(c.answerTime() == null ? c.startTime() : c.answerTime(), now);
            // the Voice API's own hang-up (POST Calls/{Sid} Status=completed): its tenant rule, its audit line
            String hangup = s(ctx).user().canWrite()
                    ? "<form class=\"row-form inline\" hx-post=\"/2010-04-01/Accounts/" + esc(c.accountSid()) + "/Calls/"
                            + esc(c.sid()) + ".json\" hx-swap=\"none\" data-api=\"1\"><input type=\"hidden\" name=\"Status\""
                            + " value=\"completed\"><button type=\"submit\" class=\"danger\" aria-label=\"Hang up "
                            + esc(c.sid()) + "\">Hang up</button><span class=\"form-error\" role=\"alert\"></span></form>"
                    : "";
            out.add(List.of(esc(c.from()), esc(c.to()), esc(names.getOrDefault(c.trunk(), c.trunk())),
                    esc(names.getOrDefault(c.carrier(), c.carrier())), esc(names.getOrDefault(c.gateway(), c.gateway())),
                    esc(c.state()),
                    d.toSeconds() + " s", leg(c.media() == null ? null : c.media().a()),
                    leg(c.media() == null ? null : c.media().b()),
                    "<a href=\"/console/calls/" + esc(c.sid()) + "\"><code>" + esc(c.sid()) + "</code></a> " + hangup));
        }
        return Html.tableRows(10, out, "No calls in progress.");
    }

    /** One leg's media so far: packets, loss, jitter and MOS, or a dash before any packet. */
    static String leg(LiveMedia.Leg l) {
        if (l == null || l.packets() == 0) {
            return "<span class=\"media\">no media yet</span>";
        }
        return String.format(java.util.Locale.ROOT, "<span class=\"media\">%d pkts · loss %.1f%% · jitter %.1f ms · MOS %.2f</span>",
                l.packets(), l.lossPercent(), l.jitterMs(), l.mos());
    }

    /** SID to friendly name of trunks, carriers and gateways (a gateway without one: its SIP URL), for display. */
    Map<String, String> names() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Map<String, Object> r : rows.select("SELECT sid, friendly_name FROM trunks UNION ALL SELECT sid, friendly_name"
                + " FROM carriers UNION ALL SELECT sid, COALESCE(friendly_name, sip_url) FROM gateways")) {
            if (r.get("friendly_name") != null) {
                m.put((String) r.get("sid"), (String) r.get("friendly_name"));
            }
        }
        return m;
    }

    // ------------------------------------------------------------------ dashboard

    private String dashboard(Context ctx) {
        StringBuilder gw = new StringBuilder();
        if (operator(ctx)) {
            gw.append("<h2>Gateways</h2><p>Up or down as OPTIONS probing sees them now, refreshed every 5 seconds.</p>")
                    .append("<div class=\"scroll\"><table id=\"gateways\"><thead><tr><th scope=\"col\">Carrier</th>")
                    .append("<th scope=\"col\">Gateway</th><th scope=\"col\">State</th></tr></thead>")
                    .append("<tbody hx-get=\"/console/dashboard/gateways\" hx-trigger=\"every 5s\" hx-swap=\"innerHTML\">")
                    .append(gatewayRows()).append("</tbody></table></div>");
        }
        String keyed = "<h2>Per trunk</h2><div class=\"charts\">"
                + chart("trunk-cps", "Calls per second by trunk") + chart("trunk-active", "Concurrent calls by trunk")
                + chart("trunk-asr", "ASR (answered calls) by trunk") + chart("trunk-pdd", "Average post-dial delay (ms) by trunk")
                + chart("trunk-relay", "Relay latency p99 (µs) by trunk") + "</div>";
        if (operator(ctx)) {
            keyed += "<h2>Per carrier</h2><div class=\"charts\">"
                    + chart("carrier-cps", "Calls per second by carrier") + chart("carrier-active", "Concurrent calls by carrier")
                    + chart("carrier-asr", "ASR (answered attempts) by carrier")
                    + chart("carrier-pdd", "Average post-dial delay (ms) by carrier")
                    + chart("carrier-relay", "Relay latency p99 (µs) by carrier") + "</div>";
        }
        String all = operator(ctx) ? "<h2>Whole switch</h2><div class=\"charts\">"
                + chart("chart-cps", "Calls per second") + chart("chart-active", "Concurrent calls")
                + chart("chart-asr", "ASR (answered attempts), all and per carrier")
                + chart("chart-pdd", "Average post-dial delay (ms)") + chart("chart-relay", "Relay latency p99 (µs)") + "</div>" : "";
        return "<p>The last hour, one point per minute, from the daemon's own meters and call events.</p>"
                + all + keyed + gw + "<script>consoleDashboard();</script>";
    }

    private static String chart(String id, String caption) {
        return "<figure><figcaption id=\"" + id + "-cap\">" + esc(caption) + "</figcaption><div id=\"" + id
                + "\" role=\"img\" aria-labelledby=\"" + id + "-cap\"></div></figure>";
    }

    /** Each carrier gateway and whether probing sees it up (the {@code carrier.gateway.up} meter; up until marked down). */
    private String gatewayRows() {
        List<List<String>> out = new ArrayList<>();
        for (Map<String, Object> g : rows.select("SELECT c.friendly_name AS carrier, g.sid, g.sip_url FROM gateways g"
                + " JOIN carriers c ON c.sid = g.carrier_sid ORDER BY c.friendly_name, g.sip_url")) {
            Gauge up = registry.find("carrier.gateway.up").tag("gateway", (String) g.get("sid")).gauge();
            boolean isUp = up == null || up.value() >= 1;
            out.add(List.of(esc(g.get("carrier")), esc(g.get("sip_url")),
                    isUp ? "<span class=\"up\">up</span>" : "<span class=\"down\">down</span>"));
        }
        return Html.tableRows(3, out, "No gateways.");
    }

    /** The per-trunk (the user's own) and per-carrier (operators only) series, by display name. */
    private Map<String, Object> keyed(Context ctx) {
        List<CallTraffic.Snapshot> points = traffic.series(visibleLive(ctx));
        Map<String, String> names = names();
        java.util.Set<String> mine = operator(ctx) ? null : new java.util.HashSet<>(rows.select(
                "SELECT sid FROM trunks WHERE account_sid = ?", account(ctx)).stream().map(r -> (String) r.get("sid")).toList());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("t", points.stream().map(CallTraffic.Snapshot::epochSecond).toList());
        m.put("trunks", byKey(points, CallTraffic.Snapshot::trunks, names, mine));
        m.put("carriers", operator(ctx) ? byKey(points, CallTraffic.Snapshot::carriers, names, null) : Map.of());
        return m;
    }

    /** {metric: {name: [value per point]}} for cps, active, asr, pdd_ms and relay_p99_us. */
    private static Map<String, Map<String, List<Double>>> byKey(List<CallTraffic.Snapshot> points,
            java.util.function.Function<CallTraffic.Snapshot, Map<String, CallTraffic.Minute>> of, Map<String, String> names,
            java.util.Set<String> only) {
        java.util.Set<String> keys = new java.util.TreeSet<>();
        points.forEach(p -> keys.addAll(of.apply(p).keySet()));
        if (only != null) {
            keys.retainAll(only);
        }
        Map<String, Map<String, List<Double>>> out = new LinkedHashMap<>();
        for (String metric : List.of("cps", "active", "asr", "pdd_ms", "relay_p99_us")) {
            Map<String, List<Double>> series = new LinkedHashMap<>();
            for (String k : keys) {
                List<Double> v = new ArrayList<>();
                for (CallTraffic.Snapshot p : points) {
                    CallTraffic.Minute mi = of.apply(p).get(k);
                    v.add(mi == null ? (metric.equals("cps") || metric.equals("active") ? 0.0 : null) : nullIfNaN(switch (metric) {
                        case "cps" -> mi.callsPerSecond();
                        case "active" -> mi.active();
                        case "asr" -> mi.asr();
                        case "pdd_ms" -> mi.pddMs();
                        default -> mi.relayP99Us();
                    }));
                }
                series.put(names.getOrDefault(k, k), v);
            }
            out.put(metric, series);
        }
        return out;
    }

    private Map<String, Object> series(Context ctx) {
        Map<String, Object> m = operator(ctx) ? series() : new LinkedHashMap<>();
        m.put("keyed", keyed(ctx));
        return m;
    }

    private Map<String, Object> series() {
        List<MetricsRing.Point> points = ring.points();
        List<Long> t = new ArrayList<>();
        List<Double> cps = new ArrayList<>();
        List<Double> active = new ArrayList<>();
        List<Double> asr = new ArrayList<>();
        List<Double> pdd = new ArrayList<>();
        List<Double> relay = new ArrayList<>();
        Map<String, List<Double>> byCarrier = new LinkedHashMap<>();
        points.forEach(p -> p.asrByCarrier().keySet().forEach(k -> byCarrier.put(k, new ArrayList<>())));
        for (MetricsRing.Point p : points) {
            t.add(p.epochSecond());
            cps.add(p.callsPerSecond());
            active.add(p.activeCalls());
            asr.add(nullIfNaN(p.asr()));
            pdd.add(nullIfNaN(p.pddMs()));
            relay.add(nullIfNaN(p.relayP99Us()));
            byCarrier.forEach((k, v) -> v.add(p.asrByCarrier().get(k)));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, String> names = names();
        Map<String, List<Double>> named = new LinkedHashMap<>();
        byCarrier.forEach((k, v) -> named.put(names.getOrDefault(k, k), v));
        m.put("t", t);
        m.put("cps", cps);
        m.put("active", active);
        m.put("asr", asr);
        m.put("asr_by_carrier", named);
        m.put("pdd_ms", pdd);
        m.put("relay_p99_us", relay);
        return m;
    }

    private static final java.time.format.DateTimeFormatter WHEN =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(java.time.ZoneOffset.UTC);

    /** An instant as {@code 2026-12-02 15:25:34} (UTC, as the search form takes it). */
    static String when(Object o) {
        return o instanceof Instant i ? "<time datetime=\"" + i + "\">" + WHEN.format(i) + "</time>" : esc(o);
    }

    private static Double nullIfNaN(double d) {
        return Double.isNaN(d) ? null : d;
    }

    // ------------------------------------------------------------------ calls

    private String calls(Context ctx) {
        List<Object> args = new ArrayList<>();
        StringBuilder where = new StringBuilder(visibleCalls(ctx, args));
        String number = trim(ctx.queryParam("number"));
        if (number != null) {
            where.append(" AND (to_number LIKE ? OR from_number LIKE ?)");
            args.add("%" + number + "%");
            args.add("%" + number + "%");
        }
        filter(where, args, "trunk_sid", trim(ctx.queryParam("trunk")));
        filter(where, args, "status", trim(ctx.queryParam("status")));
        filter(where, args, "sip_call_id", trim(ctx.queryParam("call_id")));
        String from = trim(ctx.queryParam("since"));
        String until = trim(ctx.queryParam("until"));
        String error = null;
        try {
            if (from != null) {
                where.append(" AND start_time >= ?");
                args.add(java.time.LocalDateTime.parse(from).toInstant(java.time.ZoneOffset.UTC));
            }
            if (until != null) {
                where.append(" AND start_time < ?");
                args.add(java.time.LocalDateTime.parse(until).toInstant(java.time.ZoneOffset.UTC));
            }
        } catch (java.time.format.DateTimeParseException e) {
            error = "Time range: expected YYYY-MM-DDTHH:MM (UTC).";
        }
        List<List<String>> out = new ArrayList<>();
        Map<String, String> names = names();
        if (error == null) {
            for (Map<String, Object> c : rows.list("calls", where.toString(), args, "seq DESC", CALLS_PAGE, 0)) {
                out.add(List.of(when(c.get("start_time")), esc(c.get("from_number")), esc(c.get("to_number")),
                        esc(names.getOrDefault((String) c.get("trunk_sid"), (String) c.get("trunk_sid"))),
                        esc(names.getOrDefault((String) c.get("carrier_sid"), (String) c.get("carrier_sid"))),
                        esc(c.get("status")), esc(c.get("duration")) + " s", esc(c.get("sip_response_code")),
                        "<a href=\"/console/calls/" + esc(c.get("sid")) + "\">" + esc(c.get("sid")) + "</a>"));
            }
        }
        StringBuilder trunks = new StringBuilder("<option value=\"\">any</option>");
        for (Map<String, Object> t : rows.list("trunks", "account_sid = ?", List.of(account(ctx)), "seq", 500, 0)) {
            trunks.append("<option value=\"").append(esc(t.get("sid"))).append("\"")
                    .append(t.get("sid").equals(ctx.queryParam("trunk")) ? " selected" : "").append(">")
                    .append(esc(t.get("friendly_name") == null ? t.get("sid") : t.get("friendly_name"))).append("</option>");
        }
        StringBuilder statuses = new StringBuilder("<option value=\"\">any</option>");
        for (String st : List.of("completed", "busy", "no-answer", "failed", "canceled")) {
            statuses.append("<option").append(st.equals(ctx.queryParam("status")) ? " selected" : "").append(">")
                    .append(st).append("</option>");
        }
        return "<form method=\"get\" action=\"/console/calls\" class=\"card search\" role=\"search\">"
                + field("number", "Number contains", ctx.queryParam("number"))
                + "<div><label for=\"trunk\">Trunk</label><select id=\"trunk\" name=\"trunk\">" + trunks + "</select></div>"
                + "<div><label for=\"status\">Status</label><select id=\"status\" name=\"status\">" + statuses + "</select></div>"
                + field("call_id", "SIP Call-ID", ctx.queryParam("call_id"))
                + "<div><label for=\"since\">From (UTC)</label><input id=\"since\" name=\"since\" type=\"datetime-local\" value=\""
                + esc(ctx.queryParam("since")) + "\"></div>"
                + "<div><label for=\"until\">Until (UTC)</label><input id=\"until\" name=\"until\" type=\"datetime-local\" value=\""
                + esc(ctx.queryParam("until")) + "\"></div>"
                + "<div><button type=\"submit\">Search</button></div></form>"
                + (error == null ? "" : "<p class=\"form-error\" role=\"alert\">" + esc(error) + "</p>")
                + Html.table("calls", List.of("Start", "From", "To", "Trunk", "Carrier", "Status", "Duration", "SIP", "Call"),
                        out, "No calls match.");
    }

    static String name(Map<String, String> names, Object sid) {
        return sid == null ? "" : names.getOrDefault(sid.toString(), sid.toString());
    }

    private static void filter(StringBuilder where, List<Object> args, String column, String value) {
        if (value != null) {
            where.append(" AND ").append(column).append(" = ?");
            args.add(value);
        }
    }

    private static String trim(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String field(String name, String label, String value) {
        return "<div><label for=\"" + name + "\">" + esc(label) + "</label><input id=\"" + name + "\" name=\"" + name
                + "\" value=\"" + esc(value) + "\"></div>";
    }

    // ------------------------------------------------------------------ audit

    private String audit(Context ctx) {
        if (!operator(ctx)) {
            return "<p>The audit log is for the operator's users.</p>";
        }
        List<List<String>> out = new ArrayList<>();
        for (Map<String, Object> a : users.auditLog(200)) {
            out.add(List.of(when(a.get("at")), esc(a.get("username")), esc(a.get("source")), esc(a.get("action")),
                    esc(a.get("status"))));
        }
        return Html.table("audit", List.of("When", "User", "Source", "Action", "Status"), out, "Nothing yet.");
    }

    // ------------------------------------------------------------------ resources

    private String resource(Context ctx, ResourcePage p) {
        if (p.mainOnly() && !operator(ctx)) {
            return "<p>" + esc(p.title()) + " are managed by the operator.</p>";
        }
        String account = account(ctx);
        String api = p.api().replace("{account}", account);
        boolean write = s(ctx).user().canWrite();
        Map<String, String> names = names();
        Map<String, Param> params = new LinkedHashMap<>();
        p.spec(resources).params().forEach(x -> params.put(x.name(), x));
        StringBuilder b = new StringBuilder();
        if (write) {
            b.append("<form class=\"card\" id=\"create-").append(p.slug()).append("\" hx-post=\"").append(esc(api))
                    .append("\" hx-swap=\"none\" data-api=\"1\"><h2>New</h2>").append(fields(p.fields(), account, "new-", Map.of(), false))
                    .append("<p class=\"form-error\" role=\"alert\"></p><button type=\"submit\">Create</button></form>");
        }
        List<String> headers = new ArrayList<>();
        for (String[] c : p.columns()) {
            headers.add(c[1]);
        }
        if (p.attachedSql() != null) {
            headers.add("Attached");
        }
        headers.add("SID");
        if (write) {
            headers.add("Actions");
        }
        List<List<String>> out = new ArrayList<>();
        for (Map<String, Object> r : rows.list(p.table(), "account_sid = ?", List.of(account), "seq", 500, 0)) {
            List<String> cells = new ArrayList<>();
            for (String[] c : p.columns()) {
                Object v = r.get(c[0]);
                cells.add(esc(v instanceof String str && names.containsKey(str) ? names.get(str) : v));
            }
            String sid = (String) r.get("sid");
            if (p.attachedSql() != null) {
                Object[] args = java.util.Collections.nCopies((int) p.attachedSql().chars().filter(c -> c == '?').count(), sid)
                        .toArray();
                cells.add(String.join("<br>", rows.select(p.attachedSql(), args).stream()
                        .map(a -> attached(p, api, sid, a, write)).toList()));
            }
            cells.add("<code>" + esc(sid) + "</code>");
            if (write) {
                StringBuilder actions = new StringBuilder();
                List<ResourcePage.Field> editable = new ArrayList<>();
                Map<String, Object> current = new LinkedHashMap<>();
                for (ResourcePage.Field f : p.fields()) {
                    Param param = params.get(f.name());
                    if (param != null && param.updatable() && param.column() != null) {
                        editable.add(f);
                        current.put(f.name(), r.get(param.column()));
                    }
                }
                if (!editable.isEmpty()) {
                    actions.append("<details class=\"edit\"><summary>Edit</summary><form class=\"row-form edit-form\" hx-post=\"")
                            .append(esc(p.item(api, sid))).append("\" hx-swap=\"none\" data-api=\"1\">")
                            .append(fields(editable, account, "edit-" + sid + "-", current, true))
                            .append("<button type=\"submit\">Save</button>")
                            .append("<span class=\"form-error\" role=\"alert\"></span></form></details>");
                }
                for (ResourcePage.RowForm f : p.rowForms()) {
                    Map<String, Object> now = new LinkedHashMap<>();
                    f.fields().stream().filter(x -> x.column() != null).forEach(x -> now.put(x.name(), r.get(x.column())));
                    actions.append("<form class=\"row-form attach\" hx-post=\"").append(esc(p.subPath(api, sid, f.suffix())))
                            .append("\" hx-swap=\"none\" data-api=\"1\">").append(fields(f.fields(), account, sid + "-", now, false))
                            .append("<button type=\"submit\">").append(esc(f.button())).append("</button>")
                            .append("<span class=\"form-error\" role=\"alert\"></span></form>");
                }
                actions.append("<form class=\"row-form\" hx-delete=\"").append(esc(p.item(api, sid)))
                        .append("\" hx-swap=\"none\" data-api=\"1\"><button type=\"submit\" class=\"danger\" aria-label=\"Delete ")
                        .append(esc(sid)).append("\">Delete</button><span class=\"form-error\" role=\"alert\"></span></form>");
                cells.add(actions.toString());
            }
            out.add(cells);
        }
        b.append(Html.table(p.slug(), headers, out, "None yet."));
        if (!write) {
            b.append("<p class=\"note\">Read-only: your role is viewer.</p>");
        }
        return b.toString();
    }

    /**
     * One thing attached to a row ({@code label}), with a button removing it through the API when the
     * query names its item path ({@code path}: the suffix under the row's item path, e.g.
     * {@code /IpAccessControlLists/AL...}).
     */
    private static String attached(ResourcePage p, String api, String sid, Map<String, Object> a, boolean write) {
        String label = esc(a.get("label"));
        Object path = a.get("path");
        if (!write || path == null) {
            return label;
        }
        return "<form class=\"row-form inline\" hx-delete=\"" + esc(p.subPath(api, sid, path.toString()))
                + "\" hx-swap=\"none\" data-api=\"1\">" + label + " <button type=\"submit\" class=\"link danger\""
                + " aria-label=\"Remove " + label + "\">remove</button><span class=\"form-error\" role=\"alert\"></span></form>";
    }

    /**
     * Form fields; {@code current} fills them. An edit form ({@code edit}) marks each field with the
     * value it started from ({@code data-was}): console.js sends only the fields the user changed,
     * so an emptied field goes to the API as {@code Name=} and clears it (the API's rule for an
     * empty value), while a field left alone is not sent at all.
     */
    private String fields(List<ResourcePage.Field> fields, String account, String idPrefix, Map<String, Object> current,
            boolean edit) {
        StringBuilder b = new StringBuilder();
        for (ResourcePage.Field f : fields) {
            String id = esc(idPrefix + f.name());
            Object value = current.get(f.name());
            String was = edit ? " data-was=\"" + esc(value == null ? "" : value) + "\"" : "";
            b.append("<div class=\"field\"><label for=\"").append(id).append("\">").append(esc(f.label())).append("</label>");
            if (f.choices() != null) {
                b.append("<select id=\"").append(id).append("\" name=\"").append(f.name()).append("\"").append(was).append(">");
                for (String c : f.choices()) {
                    b.append("<option").append(c.equals(value) ? " selected" : "").append(">").append(esc(c)).append("</option>");
                }
                b.append("</select>");
            } else if (f.optionsTable() == null) {
                b.append("<input id=\"").append(id).append("\" name=\"").append(f.name()).append("\"").append(was)
                        .append(value == null ? "" : " value=\"" + esc(value) + "\"")
                        .append(f.name().equals("Password") ? " type=\"password\" autocomplete=\"new-password\"" : "")
                        .append(f.required() ? " required" : "").append(">");
            } else {
                b.append("<select id=\"").append(id).append("\" name=\"").append(f.name()).append("\"").append(was).append(">");
                if (!f.required()) {
                    b.append("<option value=\"\">none</option>");
                }
                for (Map<String, Object> r : rows.list(f.optionsTable(), "account_sid = ?", List.of(account), "seq", 500, 0)) {
                    b.append("<option value=\"").append(esc(r.get("sid"))).append("\"")
                            .append(r.get("sid").equals(current.get(f.name())) ? " selected" : "").append(">")
                            .append(esc(r.get("friendly_name") == null ? r.get("sid") : r.get("friendly_name")))
                            .append("</option>");
                }
                b.append("</select>");
            }
            b.append("<span class=\"field-error\" data-error-for=\"").append(f.name()).append("\" role=\"alert\"></span></div>");
        }
        return b.toString();
    }
}
