package io.softswitch.core.console;

import static io.softswitch.core.console.Html.esc;

import io.javalin.http.Context;
import io.softswitch.core.call.LiveCall;
import io.softswitch.core.cdr.CallAttempts;
import io.softswitch.core.store.Rows;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code /console/calls/{sid}}: one call of the user's account: both legs, every outbound attempt,
 * the media statistics, the live media while it is up, and its recordings with a player. The audio
 * is the Recordings API's own {@code .wav} (the browser's console session authenticates it, and the
 * API's tenant scoping applies), and delete is the API's {@code DELETE}, after a confirmation.
 */
final class CallPage {
    private final Rows rows;
    private final Function<Context, List<LiveCall>> visibleLive;
    private final BiFunction<Context, List<Object>, String> visibleCalls;
    private final Supplier<Map<String, String>> names;

    /** @param visibleCalls the condition on {@code calls} rows the user may see, adding its arguments */
    CallPage(Rows rows, Function<Context, List<LiveCall>> visibleLive, BiFunction<Context, List<Object>, String> visibleCalls,
            Supplier<Map<String, String>> names) {
        this.rows = rows;
        this.visibleLive = visibleLive;
        this.visibleCalls = visibleCalls;
        this.names = names;
    }

    String render(Context ctx) {
        String sid = ctx.pathParam("sid");
        List<Object> args = new ArrayList<>(List.of(sid));
        String where = "sid = ? AND " + visibleCalls.apply(ctx, args);
        Map<String, Object> c = rows.find("calls", where, args.toArray()).orElse(null);
        LiveCall live = visibleLive.apply(ctx).stream().filter(l -> l.sid().equals(sid)).findFirst().orElse(null);
        if (c == null && live == null) {
            ctx.status(404);
            return "<p role=\"alert\">No call " + esc(sid) + " in your account.</p><p><a href=\"/console/calls\">Back to calls</a></p>";
        }
        Map<String, String> names = this.names.get();
        StringBuilder b = new StringBuilder();
        if (live != null) {
            b.append("<section class=\"card\" aria-labelledby=\"live-h\"><h2 id=\"live-h\">In progress</h2>")
                    .append(Html.table("live-legs", List.of("Leg", "State", "Media"), List.of(
                            List.of("A (caller " + esc(live.from()) + ")", esc(live.state()), Pages.leg(live.media() == null ? null
                                    : live.media().a())),
                            List.of("B (callee " + esc(live.to()) + ")", esc(live.state()), Pages.leg(live.media() == null ? null
                                    : live.media().b()))), ""))
                    .append("<p>The record below appears when the call ends.</p></section>");
        }
        if (c != null) {
            b.append("<section class=\"card\" aria-labelledby=\"legs-h\"><h2 id=\"legs-h\">Legs</h2>")
                    .append(Html.table("legs", List.of("Leg", "Party", "Via", "Signalling", "Media received"), List.of(
                            List.of("A: inbound", esc(c.get("from_number")),
                                    "trunk " + esc(Pages.name(names, c.get("trunk_sid"))),
                                    "Call-ID <code>" + esc(c.get("sip_call_id")) + "</code>, answered "
                                            + esc(c.get("sip_response_code")),
                                    esc(c.get("rtp_packets_in")) + " packets"),
                            List.of("B: outbound", esc(c.get("to_number")),
                                    "carrier " + esc(Pages.name(names, c.get("carrier_sid"))) + ", gateway "
                                            + esc(Pages.name(names, c.get("gateway_sid"))),
                                    esc(c.get("attempts")) + " attempt(s)",
                                    esc(c.get("rtp_packets_out")) + " packets")), ""))
                    .append("</section>");
            List<List<String>> attempts = new ArrayList<>();
            for (CallAttempts.Attempt a : CallAttempts.of(rows.jdbc(), sid)) {
                attempts.add(List.of(Integer.toString(a.attempt()), esc(Pages.name(names, a.carrierSid())),
                        esc(Pages.name(names, a.gatewaySid())), "<code>" + esc(a.target()) + "</code>",
                        a.sipStatus() + " " + esc(a.sipReason()), Pages.when(a.startedAt()),
                        Duration.between(a.startedAt(), a.endedAt()).toMillis() + " ms"));
            }
            b.append("<section class=\"card\" aria-labelledby=\"attempts-h\"><h2 id=\"attempts-h\">Attempts</h2>")
                    .append(Html.table("attempts", List.of("#", "Carrier", "Gateway", "Target", "SIP status", "Sent",
                            "Took"), attempts, "No outbound attempt recorded."))
                    .append("</section>");
            b.append("<section class=\"card\" aria-labelledby=\"media-h\"><h2 id=\"media-h\">Media</h2>")
                    .append("<dl class=\"detail\" id=\"media\"><dt>Packets caller to callee</dt><dd>")
                    .append(esc(c.get("rtp_packets_in"))).append("</dd><dt>Packets callee to caller</dt><dd>")
                    .append(esc(c.get("rtp_packets_out"))).append("</dd><dt>Packets lost</dt><dd>")
                    .append(esc(c.get("rtp_packets_lost"))).append("</dd><dt>Worst jitter</dt><dd>")
                    .append(String.format(java.util.Locale.ROOT, "%.1f ms", ((Number) c.get("jitter_ms")).doubleValue()))
                    .append("</dd></dl></section>");
            StringBuilder dl = new StringBuilder("<details class=\"card\"><summary>Whole record</summary><dl class=\"detail\">");
            for (Map.Entry<String, Object> e : c.entrySet()) {
                if (e.getKey().equals("seq")) {
                    continue;
                }
                Object v = e.getValue();
                if (v instanceof String str && names.containsKey(str)) {
                    v = names.get(str) + " (" + str + ")";
                }
                dl.append("<dt>").append(esc(e.getKey())).append("</dt><dd>").append(esc(v)).append("</dd>");
            }
            b.append(recordings(ctx, sid, (String) c.get("account_sid")));
            b.append(dl).append("</dl></details>");
        }
        return b.append("<p><a href=\"/console/calls\">Back to calls</a></p>").toString();
    }

    /** The call's recordings, oldest first: a player for each completed one, and (admins) delete. */
    private String recordings(Context ctx, String callSid, String accountSid) {
        boolean write = Console.session(ctx).user().canWrite();
        List<List<String>> out = new ArrayList<>();
        for (Map<String, Object> r : rows.list("recordings", "call_sid = ? AND account_sid = ?", List.of(callSid, accountSid),
                "start_time, seq", 100, 0)) {
            String sid = (String) r.get("sid");
            String uri = "/2010-04-01/Accounts/" + accountSid + "/Recordings/" + sid;
            String status = (String) r.get("status");
            String player = "completed".equals(status)
                    ? "<audio controls preload=\"metadata\" src=\"" + esc(uri) + ".wav\" aria-label=\"Recording "
                            + esc(sid) + "\"></audio> <a href=\"" + esc(uri) + ".wav\" download=\"" + esc(sid)
                            + ".wav\">Download</a>"
                    : "failed".equals(status) ? "failed" + (r.get("error_code") == null ? "" : " (" + esc(r.get("error_code")) + ")")
                            : "recording…";
            List<String> row = new ArrayList<>(List.of(Pages.when(r.get("start_time")), duration(r.get("duration_ms")),
                    channels(((Number) r.get("channels")).intValue()), esc(r.get("source")), esc(status), player,
                    "<code>" + esc(sid) + "</code>"));
            if (write) {
                row.add("<form class=\"row-form\" hx-delete=\"" + esc(uri) + ".json\" hx-swap=\"none\" data-api=\"1\""
                        + " hx-confirm=\"Delete recording " + esc(sid) + "? The audio is removed for good.\">"
                        + "<button type=\"submit\" class=\"danger\" aria-label=\"Delete recording " + esc(sid)
                        + "\">Delete</button><span class=\"form-error\" role=\"alert\"></span></form>");
            }
            out.add(row);
        }
        List<String> headers = new ArrayList<>(List.of("Started", "Duration", "Channels", "Source", "Status", "Listen",
                "SID"));
        if (write) {
            headers.add("Actions");
        }
        return "<section class=\"card\" aria-labelledby=\"recordings-h\"><h2 id=\"recordings-h\">Recordings</h2>"
                + Html.table("recordings", headers, out, "Not recorded.") + "</section>";
    }

    private static String duration(Object ms) {
        return ms == null ? "" : String.format(Locale.ROOT, "%.1f s", ((Number) ms).longValue() / 1000.0);
    }

    private static String channels(int n) {
        return n == 2 ? "2 (caller left, callee right)" : n == 1 ? "1 (both mixed)" : Integer.toString(n);
    }
}
