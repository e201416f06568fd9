package io.softswitch.core.api.internal;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.softswitch.core.recording.Recordings;
import io.softswitch.core.store.Rows;
import io.softswitch.core.store.Sids;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Twilio's {@code Recordings} resource ({@code RE} SIDs) under the account and under a call:
 * {@code GET .../Recordings.json} (list; filters {@code CallSid}, {@code DateCreated},
 * {@code DateCreated<}, {@code DateCreated>}), {@code GET .../Recordings/{Sid}.json} (fetch),
 * {@code GET .../Recordings/{Sid}.wav} or without extension (the audio, streamed, as Twilio),
 * {@code DELETE .../Recordings/{Sid}.json} (the file and the row). Another account's recording is a 404.
 */
public final class CallRecordingRoutes {
    private static final String ACCOUNT = "/2010-04-01/Accounts/{AccountSid}/Recordings";
    private static final String CALL = "/2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}/Recordings";

    private final Rows rows;
    private final Scopes scopes;
    private final Recordings recordings;

    /** @param recordings the files, or null when this API serves no audio (rows only) */
    public CallRecordingRoutes(Rows rows, Scopes scopes, Recordings recordings) {
        this.rows = rows;
        this.scopes = scopes;
        this.recordings = recordings;
    }

    public void register(Javalin app) {
        for (String base : List.of(ACCOUNT, CALL)) {
            app.get(base + ".json", this::list);
            app.get(base + "/{Sid}", this::fetch);
            app.delete(base + "/{Sid}", this::delete);
        }
    }

    private String callSid(Context ctx) {
        String call = ctx.pathParamMap().get("CallSid");
        if (call != null && !Sids.isValid("CA", call)) {
            throw ApiException.notFound(ctx.path());
        }
        return call;
    }

    private void list(Context ctx) {
        Scope scope = scopes.of(ctx, false);
        StringBuilder where = new StringBuilder("account_sid = ?");
        List<Object> args = new ArrayList<>(List.of(scope.accountSid()));
        String call = callSid(ctx);
        String filterCall = call != null ? call : ctx.queryParam("CallSid");
        if (filterCall != null) {
            where.append(" AND call_sid = ?");
            args.add(filterCall);
        }
        for (String op : List.of("", "<", ">")) {
            String raw = ctx.queryParam("DateCreated" + op);
            if (raw == null) {
                continue;
            }
            Instant t = day("DateCreated" + op, raw);
            switch (op) {
                case "" -> {
                    where.append(" AND date_created >= ? AND date_created < ?");
                    args.add(t);
                    args.add(raw.length() == 10 ? t.plusSeconds(86_400) : t.plusSeconds(1));
                }
                case "<" -> {
                    where.append(" AND date_created < ?");
                    args.add(raw.length() == 10 ? t.plusSeconds(86_400) : t.plusSeconds(1));
                }
                default -> {
                    where.append(" AND date_created >= ?");
                    args.add(t);
                }
            }
        }
        Paging paging = Paging.of(ctx);
        List<Map<String, Object>> page = rows.list("recordings", where.toString(), args, "start_time DESC, seq DESC",
                paging.pageSize() + 1, paging.offset());
        boolean more = page.size() > paging.pageSize();
        ctx.json(paging.page2010(ctx, "recordings", page.stream().limit(paging.pageSize())
                .map(r -> render(r, scope.baseUrl())).toList(), more));
    }

    private static Instant day(String param, String raw) {
        try {
            return raw.length() == 10 ? java.time.LocalDate.parse(raw).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()
                    : Instant.parse(raw);
        } catch (java.time.format.DateTimeParseException e) {
            throw ApiException.invalid(param, raw, "YYYY-MM-DD or an ISO-8601 instant like 2026-11-27T10:00:00Z");
        }
    }

    /** The SID and extension of the last path segment: {@code .json}, {@code .wav} or none. */
    private record Item(String sid, String extension) {
    }

    private Item item(Context ctx) {
        String s = ctx.pathParam("Sid");
        int dot = s.lastIndexOf('.');
        Item item = dot < 0 ? new Item(s, "") : new Item(s.substring(0, dot), s.substring(dot + 1));
        if (!Sids.isValid("RE", item.sid())) {
            throw ApiException.notFound(ctx.path());
        }
        return item;
    }

    private Map<String, Object> row(Context ctx, Scope scope, String sid) {
        String call = callSid(ctx);
        return (call == null
                ? rows.find("recordings", "sid = ? AND account_sid = ?", sid, scope.accountSid())
                : rows.find("recordings", "sid = ? AND account_sid = ? AND call_sid = ?", sid, scope.accountSid(), call))
                .orElseThrow(() -> ApiException.notFound(ctx.path()));
    }

    private void fetch(Context ctx) {
        Scope scope = scopes.of(ctx, false);
        Item item = item(ctx);
        Map<String, Object> row = row(ctx, scope, item.sid());
        switch (item.extension()) {
            case "json" -> ctx.json(render(row, scope.baseUrl()));
            case "", "wav" -> audio(ctx, item.sid());
            default -> throw new ApiException(ApiError.NOT_FOUND, "Recording media in ." + ApiException.echo(item.extension())
                    + " is not available (expected: .wav or no extension; .json for the resource)");
        }
    }

    private void audio(Context ctx, String sid) {
        if (recordings == null) {
            throw ApiException.notFound(ctx.path());
        }
        Path file = recordings.file(sid);
        try {
            long size = Files.size(file);
            InputStream in = Files.newInputStream(file);
            ctx.result(in);
            // set last, on the servlet response: Javalin would add a charset to an audio type
            ctx.res().setCharacterEncoding(null);
            ctx.res().setContentType("audio/x-wav");
            ctx.res().setContentLengthLong(size);
        } catch (NoSuchFileException e) {
            throw new ApiException(ApiError.NOT_FOUND, "The media of recording " + sid + " is not available");
        } catch (IOException e) {
            throw new IllegalStateException("recording " + sid + ": " + e.getMessage(), e);
        }
    }

    private void delete(Context ctx) {
        Scope scope = scopes.of(ctx, false);
        Item item = item(ctx);
        if (!item.extension().equals("json") && !item.extension().isEmpty()) {
            throw ApiException.notFound(ctx.path());
        }
        Map<String, Object> row = row(ctx, scope, item.sid());
        if (recordings != null) {
            recordings.delete(scope.accountSid(), item.sid());
        } else {
            rows.delete("recordings", "sid = ? AND account_sid = ?", row.get("sid"), scope.accountSid());
        }
        ctx.status(204);
    }

    static Map<String, Object> render(Map<String, Object> r, String baseUrl) {
        Map<String, Object> json = Json.row(r);
        String account = (String) r.get("account_sid");
        String sid = (String) r.get("sid");
        String uri = "/2010-04-01/Accounts/" + account + "/Recordings/" + sid;
        Object ms = r.get("duration_ms");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("account_sid", account);
        out.put("api_version", "2010-04-01");
        out.put("call_sid", r.get("call_sid"));
        out.put("conference_sid", null);
        out.put("date_created", json.get("date_created"));
        out.put("date_updated", json.get("date_updated"));
        out.put("start_time", json.get("start_time"));
        // Twilio: whole seconds as a string; -1 while the recording is in progress
        out.put("duration", ms == null ? "-1" : Long.toString(Math.round(((Number) ms).longValue() / 1000.0)));
        out.put("sid", sid);
        out.put("price", null);
        out.put("price_unit", "USD");
        out.put("status", r.get("status"));
        out.put("channels", r.get("channels"));
        out.put("source", r.get("source"));
        out.put("error_code", r.get("error_code"));
        out.put("uri", uri + ".json");
        out.put("encryption_details", null);
        // Twilio lists add-on results and transcriptions: neither exists here.
        out.put("subresource_uris", Map.of());
        out.put("media_url", baseUrl + uri + ".wav");
        return out;
    }
}
