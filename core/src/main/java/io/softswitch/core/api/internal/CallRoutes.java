package io.softswitch.core.api.internal;

import io.javalin.Javalin;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.javalin.http.Context;
import io.softswitch.core.call.CallHandle;
import io.softswitch.core.call.LiveCall;
import io.softswitch.core.call.LiveCalls;
import io.softswitch.core.call.TwimlSource;
import io.softswitch.core.store.Rows;
import io.softswitch.core.store.Sids;
import io.softswitch.voice.twiml.TwimlParser;
import io.softswitch.voice.twiml.TwimlResult;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /2010-04-01/Accounts/{AccountSid}/Calls.json} (list, filters {@code To}, {@code From},
 * {@code Status}, {@code ParentCallSid}, {@code StartTime}, {@code StartTime<}, {@code StartTime>},
 * {@code EndTime...}), {@code Calls/{Sid}.json} (fetch, delete) and {@code Calls.csv} (the same
 * filters, every row, for billing). A subaccount's delete hides the call from it; the main account's
 * {@code Calls.csv} still lists it, with {@code deleted_at} set, for the retention period. Dates in
 * filters are {@code YYYY-MM-DD} (UTC day) or ISO-8601 instants; {@code StartTime>} means on or
 * after, {@code StartTime<} on or before, as Twilio.
 *
 * <p>Live calls (issue 19) come from {@link LiveCalls}: fetched, listed ahead of the records and
 * modified ({@code POST}). Why one class of this size: the record view and the live view of a call
 * share the rendering, the filters and the paging, which must stay one rule for both.
 */
public final class CallRoutes {
    private static final List<String> CSV_COLUMNS = List.of("sid", "account_sid", "parent_call_sid", "direction",
            "from", "to", "status", "start_time", "answer_time", "end_time", "duration", "trunk_sid", "carrier_sid",
            "gateway_sid", "sip_call_id", "attempts", "sip_response_code", "hangup_by", "rtp_packets_in",
            "rtp_packets_out", "rtp_packets_lost", "jitter_ms", "caller_leg_srtp", "callee_leg_srtp", "node", "deleted_at");
    private static final String BASE = "/2010-04-01/Accounts/{AccountSid}/Calls";
    private static final Parser STATUS = Parser.oneOf("queued", "ringing", "in-progress", "completed", "busy", "failed",
            "no-answer", "canceled");
    private static final Parser PARENT = (p, raw) -> {
        if (!Sids.isValid("CA", raw)) {
            throw ApiException.invalid(p, raw, "CA followed by 32 lowercase hex digits");
        }
        return raw;
    };

    private static final Parser MODIFY_STATUS = Parser.oneOf("completed", "canceled");

    private final Rows rows;
    private final Scopes scopes;
    private final LiveCalls live;
    private final TwimlParser twiml = new TwimlParser();
    private final CallCreation creation;

    public CallRoutes(Rows rows, Scopes scopes) {
        this(rows, scopes, new LiveCalls(), null, null);
    }

    /**
     * The routes over the call records and, while calls are up, {@code live}; {@code POST Calls.json}
     * served by {@code maker} (issue 19) when it is not null.
     */
    public CallRoutes(Rows rows, Scopes scopes, LiveCalls live, io.softswitch.core.api.CallMaker maker,
            io.softswitch.core.security.TargetPolicy targets) {
        this.rows = rows;
        this.scopes = scopes;
        this.live = live;
        this.creation = maker == null ? null : new CallCreation(maker, targets);
    }

    public void register(Javalin app) {
        if (creation != null) {
            app.post(BASE + ".json", this::create);
        }
        app.get(BASE + ".json", this::list);
        app.get(BASE + ".csv", this::csv);
        app.get(BASE + "/{Sid}", this::fetch);
        app.post(BASE + "/{Sid}", this::modify);
        app.delete(BASE + "/{Sid}", this::delete);
    }

    private record Filter(String where, List<Object> args) {
    }

    /**
     * The rows a request may see: never those the tenant deleted, except in the operator's export
     * ({@code Calls.csv} by the main account), which keeps them until the retention purge.
     */
    private Filter filter(Context ctx, Scope scope, boolean withDeleted) {
        StringBuilder where = new StringBuilder(withDeleted ? "account_sid = ?" : "account_sid = ? AND deleted_at IS NULL");
        List<Object> args = new ArrayList<>(List.of(scope.accountSid()));
        Map<String, String> eq = Map.of("To", "to_number", "From", "from_number", "Status", "status",
                "ParentCallSid", "parent_call_sid");
        eq.forEach((param, column) -> {
            String v = ctx.queryParam(param);
            if (v != null) {
                Object value = switch (param) {
                    case "Status" -> STATUS.parse(param, v);
                    case "ParentCallSid" -> PARENT.parse(param, v);
                    default -> v;
                };
                where.append(" AND ").append(column).append(" = ?");
                args.add(value);
            }
        });
        for (String field : List.of("StartTime", "EndTime")) {
            String column = field.equals("StartTime") ? "start_time" : "end_time";
            String exact = ctx.queryParam(field);
            if (exact != null) {
                Instant from = time(field, exact);
                where.append(" AND ").append(column).append(" >= ? AND ").append(column).append(" < ?");
                args.add(from);
                args.add(exact.length() == 10 ? from.plusSeconds(86_400) : from.plusSeconds(1));
            }
            String after = ctx.queryParam(field + ">");
            if (after != null) {
                where.append(" AND ").append(column).append(" >= ?");
                args.add(time(field + ">", after));
            }
            String before = ctx.queryParam(field + "<");
            if (before != null) {
                Instant t = time(field + "<", before);
                where.append(" AND ").append(column).append(" < ?");
                args.add(before.length() == 10 ? t.plusSeconds(86_400) : t.plusSeconds(1));
            }
        }
        return new Filter(where.toString(), args);
    }

    private static Instant time(String param, String raw) {
        try {
            if (raw.length() == 10) {
                return LocalDate.parse(raw).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            if (raw.length() == 19) { // 2026-11-27T10:00:00, as Twilio's helper libraries send it: UTC
                return java.time.LocalDateTime.parse(raw).toInstant(ZoneOffset.UTC);
            }
            return Instant.parse(raw);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(param, raw, "YYYY-MM-DD or an ISO-8601 instant like 2026-11-27T10:00:00Z");
        }
    }

    /**
     * Live calls that match the filters come first (newest first), then the records: a list is
     * one sequence over both, paged by offset, so a page may shift by the calls that ended or
     * started between two requests (Twilio's list of a busy account shifts the same way).
     */
    private void list(Context ctx) {
        Scope scope = scopes.of(ctx, false);
        Filter f = filter(ctx, scope, false);
        Paging paging = Paging.of(ctx);
        Instant now = Instant.now();
        List<Map<String, Object>> liveRows = live.of(scope.accountSid()).stream().filter(liveFilter(ctx))
                .map(c -> liveRow(c, now)).toList();
        List<Map<String, Object>> page = new ArrayList<>();
        long offset = paging.offset();
        if (offset < liveRows.size()) {
            page.addAll(liveRows.subList((int) offset, (int) Math.min(liveRows.size(), offset + paging.pageSize() + 1)));
        }
        int wanted = paging.pageSize() + 1 - page.size();
        if (wanted > 0) {
            page.addAll(rows.list("calls", f.where(), f.args(), "start_time DESC, seq DESC", wanted,
                    Math.max(0, offset - liveRows.size())));
        }
        boolean more = page.size() > paging.pageSize();
        String base = ctx.path().substring(0, ctx.path().length() - 5);
        List<Map<String, Object>> items = withPhoneNumberSids(scope, page.stream().limit(paging.pageSize()).toList());
        ctx.json(paging.page2010(ctx, "calls", items.stream().map(r -> render(r, base)).toList(), more));
    }

    /** A live call's snapshot as a record row (no end yet, duration so far), for {@link #render}. */
    private static Map<String, Object> liveRow(LiveCall c, Instant now) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("sid", c.sid());
        r.put("account_sid", c.accountSid());
        r.put("parent_call_sid", c.parentCallSid());
        r.put("date_created", c.startTime());
        r.put("date_updated", c.answerTime() == null ? c.startTime() : c.answerTime());
        r.put("start_time", "queued".equals(c.state()) ? null : c.startTime()); // Twilio: not started yet
        r.put("end_time", null);
        r.put("to_number", c.to());
        r.put("from_number", c.from());
        r.put("status", c.twilioStatus());
        r.put("duration", c.durationSeconds(now));
        r.put("direction", c.direction());
        r.put("trunk_sid", c.trunk());
        r.put("answer_time", c.answerTime());
        r.put("carrier_sid", c.carrier());
        r.put("gateway_sid", c.gateway());
        r.put("sip_call_id", c.sipCallId());
        return r;
    }

    /**
     * The list's filters applied to a live call: {@code Status}, {@code To}, {@code From},
     * {@code ParentCallSid}, {@code StartTime} (exact day or instant, {@code <}, {@code >}); any
     * {@code EndTime} filter leaves live calls out (they have no end yet).
     */
    private static java.util.function.Predicate<LiveCall> liveFilter(Context ctx) {
        java.util.function.Predicate<LiveCall> p = c -> true;
        String status = ctx.queryParam("Status");
        if (status != null) {
            Object s = STATUS.parse("Status", status);
            p = p.and(c -> c.twilioStatus().equals(s));
        }
        String to = ctx.queryParam("To");
        if (to != null) {
            p = p.and(c -> to.equals(c.to()));
        }
        String from = ctx.queryParam("From");
        if (from != null) {
            p = p.and(c -> from.equals(c.from()));
        }
        String parent = ctx.queryParam("ParentCallSid");
        if (parent != null) {
            Object ps = PARENT.parse("ParentCallSid", parent);
            p = p.and(c -> ps.equals(c.parentCallSid()));
        }
        String exact = ctx.queryParam("StartTime");
        if (exact != null) {
            Instant t = time("StartTime", exact);
            Instant end = exact.length() == 10 ? t.plusSeconds(86_400) : t.plusSeconds(1);
            p = p.and(c -> !c.startTime().isBefore(t) && c.startTime().isBefore(end));
        }
        String after = ctx.queryParam("StartTime>");
        if (after != null) {
            Instant t = time("StartTime>", after);
            p = p.and(c -> !c.startTime().isBefore(t));
        }
        String before = ctx.queryParam("StartTime<");
        if (before != null) {
            Instant t = time("StartTime<", before);
            Instant end = before.length() == 10 ? t.plusSeconds(86_400) : t.plusSeconds(1);
            p = p.and(c -> c.startTime().isBefore(end));
        }
        for (String f : List.of("EndTime", "EndTime>", "EndTime<")) {
            String v = ctx.queryParam(f);
            if (v != null) {
                time(f, v);
                p = p.and(c -> false);
            }
        }
        return p;
    }

    /** {@code 201} with the new call {@code queued} (Twilio's answer); see {@link CallCreation}. */
    private void create(Context ctx) {
        Scope scope = scopes.of(ctx, false);
        Map<String, Object> row = creation.create(ctx, scope);
        Map<String, Object> out = render(withPhoneNumberSids(scope, List.of(row)).get(0), ctx.path().substring(0,
                ctx.path().length() - 5));
        out.put("duration", null);
        ctx.status(201).json(out);
    }

    private void fetch(Context ctx) {
        Scope scope = scopes.of(ctx, false);
        String sid = CrudRoutes.itemSid(ctx, false);
        String base = ctx.path().substring(0, ctx.path().lastIndexOf('/'));
        java.util.Optional<CallHandle> up = live.find(scope.accountSid(), sid);
        if (up.isPresent()) {
            ctx.json(render(withPhoneNumberSids(scope, List.of(liveRow(up.get().snapshot(), Instant.now()))).get(0), base));
            return;
        }
        Map<String, Object> row = rows.find("calls", "sid = ? AND account_sid = ? AND deleted_at IS NULL", sid,
                scope.accountSid())
                .orElseThrow(() -> ApiException.notFound(ctx.path()));
        ctx.json(render(withPhoneNumberSids(scope, List.of(row)).get(0), base));
    }

    /**
     * {@code POST .../Calls/{Sid}.json} (issue 19): {@code Status=completed} hangs the live call up,
     * {@code Status=canceled} ends it only while it is not answered, {@code Url} (+{@code Method})
     * or {@code Twiml} gives a TwiML call new instructions. A call that has ended is Twilio's
     * 21220; another account's or an unknown call 404. The answer is the call as it is after the
     * request was taken (the hang-up itself completes a moment later).
     */
    private void modify(Context ctx) {
        Scope scope = scopes.of(ctx, false);
        String sid = CrudRoutes.itemSid(ctx, false);
        String status = ctx.formParam("Status");
        Object newStatus = status == null ? null : MODIFY_STATUS.parse("Status", status);
        String url = ctx.formParam("Url");
        String doc = ctx.formParam("Twiml");
        String method = ctx.formParam("Method");
        Object m = method == null || method.isEmpty() ? "POST" : Parser.httpMethod().parse("Method", method);
        TwimlSource source = null;
        if (url != null && !url.isEmpty()) {
            source = TwimlSource.url(java.net.URI.create((String) Parser.httpUrl().parse("Url", url)), (String) m);
        } else if (doc != null && !doc.isEmpty()) {
            if (twiml.parse(doc, null) instanceof TwimlResult.Failed failed) {
                throw ApiException.invalid("Twiml", doc, "a TwiML <Response> document; " + failed.error());
            }
            source = TwimlSource.inline(doc);
        }
        for (String p : List.of("FallbackUrl", "FallbackMethod", "StatusCallback", "StatusCallbackMethod", "TimeLimit")) {
            String v = ctx.formParam(p);
            if (v != null && !v.isEmpty()) {
                throw ApiException.unsupported(p, v, "a live call keeps the webhooks and limits it started with");
            }
        }
        if (newStatus == null && source == null) {
            throw ApiException.missing("Status, Url or Twiml");
        }
        String base = ctx.path().substring(0, ctx.path().lastIndexOf('/'));
        CallHandle call = live.find(scope.accountSid(), sid).orElse(null);
        if (call == null) {
            if (rows.find("calls", "sid = ? AND account_sid = ? AND deleted_at IS NULL", sid, scope.accountSid())
                    .isPresent()) {
                throw new ApiException(ApiError.CALL_NOT_IN_PROGRESS, "Call " + sid + " is not in progress: it has"
                        + " already ended, so it cannot be " + (source != null ? "redirected" : newStatus));
            }
            throw ApiException.notFound(ctx.path());
        }
        LiveCall before = call.snapshot();
        Map<String, Object> row = liveRow(before, Instant.now());
        if ("completed".equals(newStatus)) {
            call.hangUp();
            row.put("status", before.answerTime() == null ? "canceled" : "completed");
        } else if ("canceled".equals(newStatus)) {
            if (before.answerTime() == null) {
                call.cancel();
                row.put("status", "canceled");
            }
        } else if (!call.redirect(source)) {
            throw ApiException.unsupported(url != null && !url.isEmpty() ? "Url" : "Twiml", sid,
                    "call " + sid + " is a trunking call: it runs no TwiML to redirect");
        }
        ctx.json(render(withPhoneNumberSids(scope, List.of(row)).get(0), base));
    }

    /**
     * Fills {@code phone_number_sid} as Twilio does, from the account's numbers: the number called on
     * an origination call (carrier to PBX), the caller's number on a termination call. One query per page.
     */
    private List<Map<String, Object>> withPhoneNumberSids(Scope scope, List<Map<String, Object>> calls) {
        List<Object> numbers = new ArrayList<>();
        for (Map<String, Object> c : calls) {
            if (c.get("phone_number_sid") == null && ownNumber(c) != null) {
                numbers.add(ownNumber(c));
            }
        }
        if (numbers.isEmpty()) {
            return calls;
        }
        List<Object> args = new ArrayList<>(List.of(scope.accountSid()));
        args.addAll(numbers);
        Map<Object, Object> sids = new java.util.HashMap<>();
        rows.select("SELECT sid, phone_number FROM phone_numbers WHERE account_sid = ? AND phone_number IN ("
                + String.join(", ", java.util.Collections.nCopies(numbers.size(), "?")) + ")", args.toArray())
                .forEach(r -> sids.put(r.get("phone_number"), r.get("sid")));
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> c : calls) {
            Object sid = sids.get(ownNumber(c));
            if (c.get("phone_number_sid") == null && sid != null) {
                c = new LinkedHashMap<>(c);
                c.put("phone_number_sid", sid);
            }
            out.add(c);
        }
        return out;
    }

    private static Object ownNumber(Map<String, Object> call) {
        return "trunking-originating".equals(call.get("direction")) ? call.get("to_number") : call.get("from_number");
    }

    private void delete(Context ctx) {
        Scope scope = scopes.of(ctx, false);
        String sid = CrudRoutes.itemSid(ctx, false);
        // The operator's delete removes the row; a tenant's only hides it from the tenant: the record
        // is the operator's billing data too, kept for tenancy.deleted_call_retention_days (issue 22).
        int n = scope.callerIsMain()
                ? rows.delete("calls", "sid = ? AND account_sid = ?", sid, scope.accountSid())
                : rows.jdbc().update("UPDATE calls SET deleted_at = ? WHERE sid = ? AND account_sid = ?"
                        + " AND deleted_at IS NULL", Rows.now(), sid, scope.accountSid());
        if (n == 0) {
            throw ApiException.notFound(ctx.path());
        }
        ctx.status(204);
    }

    private void csv(Context ctx) {
        Scope scope = scopes.of(ctx, false);
        Filter f = filter(ctx, scope, scope.callerIsMain());
        StringBuilder sb = new StringBuilder(String.join(",", CSV_COLUMNS)).append("\r\n");
        long offset = 0;
        while (true) {
            List<Map<String, Object>> page = rows.list("calls", f.where(), f.args(), "start_time, seq", 1000, offset);
            for (Map<String, Object> r : page) {
                Map<String, Object> j = render(r, "");
                List<String> cells = new ArrayList<>();
                for (String c : CSV_COLUMNS) {
                    Object v = c.endsWith("_time") || c.equals("deleted_at") ? r.get(c) : j.get(c);
                    cells.add(cell(v == null ? "" : v.toString()));
                }
                sb.append(String.join(",", cells)).append("\r\n");
            }
            if (page.size() < 1000) {
                break;
            }
            offset += page.size();
        }
        ctx.contentType("text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"calls.csv\"")
                .result(sb.toString());
    }

    /** RFC 4180 quoting; a leading = + - @ is prefixed with ' so spreadsheets do not run it. */
    private static String cell(String v) {
        if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0 && !v.matches("[+-]?[0-9.]+")) {
            v = "'" + v;
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }

    /** A gateway ({@code GW}) or origination URL ({@code OU}) SID; anything else (a name or URL from older records) is no SID. */
    private static Object gatewaySid(Object v) {
        return v instanceof String s && (Sids.isValid("GW", s) || Sids.isValid("OU", s)) ? s : null;
    }

    /** A number in its country's national format, as Twilio's {@code to_formatted}: {@code (415) 555-0100}; other text as is. */
    static String national(String number) {
        if (number == null || !number.startsWith("+")) {
            return number;
        }
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        try {
            return util.format(util.parse(number, "ZZ"), PhoneNumberUtil.PhoneNumberFormat.NATIONAL);
        } catch (NumberParseException e) {
            return number;
        }
    }

    static Map<String, Object> render(Map<String, Object> r, String base) {
        Map<String, Object> json = Json.row(r);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sid", json.get("sid"));
        out.put("account_sid", json.get("account_sid"));
        out.put("parent_call_sid", json.get("parent_call_sid"));
        out.put("date_created", json.get("date_created"));
        out.put("date_updated", json.get("date_updated"));
        out.put("start_time", json.get("start_time"));
        out.put("end_time", json.get("end_time"));
        out.put("to", json.get("to_number"));
        out.put("to_formatted", national((String) json.get("to_number")));
        out.put("from", json.get("from_number"));
        out.put("from_formatted", national((String) json.get("from_number")));
        out.put("phone_number_sid", json.get("phone_number_sid"));
        out.put("status", json.get("status"));
        out.put("duration", String.valueOf(json.get("duration")));
        out.put("price", null);
        out.put("price_unit", "USD");
        out.put("direction", json.get("direction"));
        out.put("answered_by", null);
        out.put("forwarded_from", json.get("forwarded_from"));
        out.put("caller_name", json.get("caller_name"));
        out.put("trunk_sid", json.get("trunk_sid"));
        out.put("group_sid", null);
        out.put("queue_time", "0");
        out.put("api_version", "2010-04-01");
        out.put("uri", base + "/" + r.get("sid") + ".json");
        // Twilio lists a call's recordings, notifications, events...: recordings and notifications exist here.
        out.put("subresource_uris", Map.of("recordings", base + "/" + r.get("sid") + "/Recordings.json",
                "notifications", base + "/" + r.get("sid") + "/Notifications.json"));
        // ours
        out.put("answer_time", json.get("answer_time"));
        out.put("carrier_sid", json.get("carrier_sid"));
        out.put("gateway_sid", gatewaySid(json.get("gateway_sid")));
        out.put("sip_call_id", json.get("sip_call_id"));
        out.put("attempts", json.get("attempts"));
        out.put("sip_response_code", json.get("sip_response_code"));
        out.put("hangup_by", json.get("hangup_by"));
        out.put("rtp_packets_in", json.get("rtp_packets_in"));
        out.put("rtp_packets_out", json.get("rtp_packets_out"));
        out.put("rtp_packets_lost", json.get("rtp_packets_lost"));
        out.put("jitter_ms", json.get("jitter_ms"));
        // SRTP suite of each leg's media, null for plain RTP (issue 16; the caller leg is the inbound one)
        out.put("caller_leg_srtp", json.get("caller_leg_srtp"));
        out.put("callee_leg_srtp", json.get("callee_leg_srtp"));
        out.put("node", json.get("node")); // the cluster node that handled the call (issue 17)
        return out;
    }
}
