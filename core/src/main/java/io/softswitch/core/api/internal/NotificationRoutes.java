package io.softswitch.core.api.internal;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.softswitch.core.store.Rows;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Twilio's Notification resource (read-only): the webhook and TwiML failures of the account's calls,
 * {@code .../Notifications.json} for the account and {@code .../Calls/{CallSid}/Notifications.json}
 * for one call, each with its {@code /{Sid}.json}. Filters {@code Log} ({@code 0} error,
 * {@code 1} warning) and {@code MessageDate} ({@code YYYY-MM-DD}, {@code <}, {@code >}).
 */
public final class NotificationRoutes {
    private static final String ACCOUNT = "/2010-04-01/Accounts/{AccountSid}";
    private static final Parser LOG = Parser.oneOf("0", "1");

    private final Rows rows;
    private final Scopes scopes;

    public NotificationRoutes(Rows rows, Scopes scopes) {
        this.rows = rows;
        this.scopes = scopes;
    }

    public void register(Javalin app) {
        app.get(ACCOUNT + "/Notifications.json", this::list);
        app.get(ACCOUNT + "/Notifications/{Sid}", this::fetch);
        app.get(ACCOUNT + "/Calls/{CallSid}/Notifications.json", this::list);
        app.get(ACCOUNT + "/Calls/{CallSid}/Notifications/{Sid}", this::fetch);
    }

    private void list(Context ctx) {
        Scope scope = scopes.of(ctx, false);
        StringBuilder where = new StringBuilder("account_sid = ?");
        List<Object> args = new ArrayList<>(List.of(scope.accountSid()));
        String call = ctx.pathParamMap().get("CallSid");
        if (call != null) {
            where.append(" AND call_sid = ?");
            args.add(call);
        }
        String log = ctx.queryParam("Log");
        if (log != null) {
            where.append(" AND log_level = ?");
            args.add(Integer.parseInt((String) LOG.parse("Log", log)));
        }
        String exact = ctx.queryParam("MessageDate");
        if (exact != null) {
            java.time.Instant day = day("MessageDate", exact);
            where.append(" AND date_created >= ? AND date_created < ?");
            args.add(day);
            args.add(day.plusSeconds(86_400));
        }
        String after = ctx.queryParam("MessageDate>");
        if (after != null) {
            where.append(" AND date_created >= ?");
            args.add(day("MessageDate>", after));
        }
        String before = ctx.queryParam("MessageDate<");
        if (before != null) {
            where.append(" AND date_created < ?");
            args.add(day("MessageDate<", before).plusSeconds(86_400));
        }
        Paging paging = Paging.of(ctx);
        List<Map<String, Object>> page = rows.list("call_notifications", where.toString(), args,
                "date_created DESC, seq DESC", paging.pageSize() + 1, paging.offset());
        boolean more = page.size() > paging.pageSize();
        String base = ctx.path().substring(0, ctx.path().length() - 5);
        ctx.json(paging.page2010(ctx, "notifications",
                page.stream().limit(paging.pageSize()).map(r -> render(r, base)).toList(), more));
    }

    private static java.time.Instant day(String param, String raw) {
        try {
            return java.time.LocalDate.parse(raw).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw ApiException.invalid(param, raw, "YYYY-MM-DD");
        }
    }

    private void fetch(Context ctx) {
        Scope scope = scopes.of(ctx, false);
        String sid = CrudRoutes.itemSid(ctx, false);
        String call = ctx.pathParamMap().get("CallSid");
        Map<String, Object> row = (call == null
                ? rows.find("call_notifications", "sid = ? AND account_sid = ?", sid, scope.accountSid())
                : rows.find("call_notifications", "sid = ? AND account_sid = ? AND call_sid = ?", sid,
                        scope.accountSid(), call))
                .orElseThrow(() -> ApiException.notFound(ctx.path()));
        ctx.json(render(row, ctx.path().substring(0, ctx.path().lastIndexOf('/'))));
    }

    static Map<String, Object> render(Map<String, Object> r, String base) {
        Map<String, Object> json = Json.row(r);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("account_sid", json.get("account_sid"));
        out.put("api_version", "2010-04-01");
        out.put("call_sid", json.get("call_sid"));
        out.put("date_created", json.get("date_created"));
        out.put("date_updated", json.get("date_updated"));
        out.put("error_code", String.valueOf(json.get("error_code")));
        out.put("log", String.valueOf(json.get("log_level")));
        out.put("message_date", json.get("date_created"));
        out.put("message_text", json.get("message_text"));
        out.put("more_info", "https://www.twilio.com/docs/errors/" + json.get("error_code"));
        out.put("request_method", json.get("request_method"));
        out.put("request_url", json.get("request_url"));
        out.put("request_variables", "");
        out.put("response_body", "");
        out.put("response_headers", "");
        out.put("sid", json.get("sid"));
        out.put("uri", base + "/" + r.get("sid") + ".json");
        return out;
    }
}
