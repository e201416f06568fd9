package io.softswitch.core.api.internal;

import io.javalin.http.Context;
import io.softswitch.core.api.CallMaker;
import io.softswitch.core.security.TargetPolicy;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code POST /2010-04-01/Accounts/{AccountSid}/Calls.json} (issue 19): checks the request's form
 * with Twilio's error codes where Twilio has one (21211 To, 21212 From, 21205 Url), hands the call
 * to the {@link CallMaker} (which checks the caller ID, routing and the account's queue) and answers
 * {@code 201} with the call {@code queued}, as Twilio does. Nothing is started when a check fails.
 */
final class CallCreation {
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");
    private static final Pattern DIGITS = Pattern.compile("[0-9*#wW]{1,32}");
    /** Twilio's limit on an inline {@code Twiml} document. */
    static final int MAX_TWIML_CHARS = 4000;
    private static final Parser METHOD = Parser.httpMethod();
    private static final Parser URL = Parser.httpUrl();
    private static final Parser TIMEOUT = Parser.integer(1, 600);
    private static final Parser TIME_LIMIT = Parser.integer(1, 86_400);
    private static final Parser RECORD = Parser.bool();
    private static final Parser CHANNELS = Parser.oneOf("mono", "dual");
    private static final Parser TRIM = Parser.oneOf("trim-silence", "do-not-trim");
    /** Twilio's recording events; {@code in-progress} is accepted and not sent (see the README). */
    private static final Set<String> RECORDING_EVENTS = Set.of("in-progress", "completed", "absent");
    private static final Set<String> EVENTS = Set.of("initiated", "ringing", "answered", "completed");
    /** Twilio parameters whose feature the switch does not have: refused, never ignored. */
    private static final List<String> NOT_YET = List.of("MachineDetection", "AsyncAmd", "Byoc", "CallReason",
            "CallToken");

    private final CallMaker maker;
    private final TargetPolicy targets;

    CallCreation(CallMaker maker, TargetPolicy targets) {
        this.maker = maker;
        this.targets = targets;
    }

    Map<String, Object> create(Context ctx, Scope scope) {
        String account = scope.accountSid();
        String to = required(ctx, "To");
        if (to.regionMatches(true, 0, "sip:", 0, 4)) {
            Parser.sipUrl().parse("To", to);
            targets.refusal(to).ifPresent(why -> {
                throw new ApiException(400, 21211, "Invalid 'To' SIP URI " + ApiException.echo(to) + ": " + why);
            });
        } else if (!E164.matcher(to).matches()) {
            throw new ApiException(400, 21211, "Invalid 'To' Phone Number: " + ApiException.echo(to)
                    + " (expected: E.164 with +, e.g. +14155550100, or a sip: URI)");
        }
        String from = required(ctx, "From");
        if (!E164.matcher(from).matches()) {
            throw new ApiException(400, 21212, "Invalid 'From' Phone Number: " + ApiException.echo(from)
                    + " (expected: E.164 with +, a number of the account)");
        }
        String appSid = ctx.formParam("ApplicationSid");
        if (appSid != null && !appSid.isEmpty()) {
            throw ApiException.unsupported("ApplicationSid", appSid, "applications do not exist here: give Url or Twiml");
        }
        for (String p : NOT_YET) {
            String v = ctx.formParam(p);
            if (v != null && !v.isEmpty()) {
                throw ApiException.unsupported(p, v, "not implemented by this switch");
            }
        }
        CallMaker.Recording recording = recording(ctx);
        URI url = url(ctx, "Url");
        String twiml = ctx.formParam("Twiml");
        if (twiml != null && twiml.isEmpty()) {
            twiml = null;
        }
        if (twiml != null && twiml.length() > MAX_TWIML_CHARS) {
            throw ApiException.invalid("Twiml", twiml, "a TwiML document of at most " + MAX_TWIML_CHARS + " characters");
        }
        if (url == null && twiml == null) {
            throw new ApiException(400, 21205, "Url or Twiml is required (Url: an absolute http:// or https:// URL)");
        }
        Set<String> events = new LinkedHashSet<>();
        for (String raw : ctx.formParams("StatusCallbackEvent")) {
            for (String e : raw.trim().split("[\\s,]+")) {
                if (e.isEmpty()) {
                    continue;
                }
                if (!EVENTS.contains(e)) {
                    throw ApiException.invalid("StatusCallbackEvent", raw, "initiated | ringing | answered | completed");
                }
                events.add(e);
            }
        }
        String digits = ctx.formParam("SendDigits");
        if (digits != null && !digits.isEmpty() && !DIGITS.matcher(digits).matches()) {
            throw ApiException.invalid("SendDigits", digits, "up to 32 of 0-9 * # w");
        }
        CallMaker.NewCall call = new CallMaker.NewCall(account, to, from, url, method(ctx, "Method"), twiml,
                url(ctx, "FallbackUrl"), method(ctx, "FallbackMethod"), url(ctx, "StatusCallback"),
                method(ctx, "StatusCallbackMethod"), events, integer(ctx, "Timeout", TIMEOUT, 60),
                integer(ctx, "TimeLimit", TIME_LIMIT, 0), digits == null || digits.isEmpty() ? null : digits,
                ctx.formParam("SipAuthUsername"), ctx.formParam("SipAuthPassword"), recording);
        String sid;
        try {
            sid = maker.place(call);
        } catch (CallMaker.Refused e) {
            throw new ApiException(e.status(), e.code(), e.getMessage());
        }
        Map<String, Object> row = new LinkedHashMap<>();
        Instant now = Instant.now();
        row.put("sid", sid);
        row.put("account_sid", account);
        row.put("parent_call_sid", null);
        row.put("date_created", now);
        row.put("date_updated", now);
        row.put("start_time", null);
        row.put("end_time", null);
        row.put("to_number", to);
        row.put("from_number", from);
        row.put("status", "queued");
        row.put("duration", null);
        row.put("direction", "outbound-api");
        return row;
    }

    /**
     * {@code Record}, {@code RecordingChannels} (mono, Twilio's default for API calls),
     * {@code Trim} (trim-silence by default), {@code RecordingStatusCallback},
     * {@code RecordingStatusCallbackMethod}, {@code RecordingStatusCallbackEvent}; null when
     * {@code Record} is not true (the recording parameters are then checked and unused, as Twilio).
     */
    private static CallMaker.Recording recording(Context ctx) {
        String rec = ctx.formParam("Record");
        boolean on = rec != null && !rec.isEmpty() && (Boolean) RECORD.parse("Record", rec);
        String channels = ctx.formParam("RecordingChannels");
        boolean dual = channels != null && !channels.isEmpty() && "dual".equals(CHANNELS.parse("RecordingChannels", channels));
        String trim = ctx.formParam("Trim");
        boolean trimSilence = trim == null || trim.isEmpty() || "trim-silence".equals(TRIM.parse("Trim", trim));
        String track = ctx.formParam("RecordingTrack");
        if (track != null && !track.isEmpty() && !"both".equalsIgnoreCase(track)) {
            throw ApiException.unsupported("RecordingTrack", track, "the relay records both directions");
        }
        URI callback = url(ctx, "RecordingStatusCallback");
        String method = method(ctx, "RecordingStatusCallbackMethod");
        Set<String> events = new LinkedHashSet<>();
        for (String raw : ctx.formParams("RecordingStatusCallbackEvent")) {
            for (String e : raw.trim().split("[\\s,]+")) {
                if (e.isEmpty()) {
                    continue;
                }
                if (!RECORDING_EVENTS.contains(e)) {
                    throw ApiException.invalid("RecordingStatusCallbackEvent", raw, "in-progress | completed | absent");
                }
                events.add(e);
            }
        }
        if (events.isEmpty()) {
            events.add("completed");
        }
        return on ? new CallMaker.Recording(dual, trimSilence, callback, method, events) : null;
    }

    private static String required(Context ctx, String param) {
        String v = ctx.formParam(param);
        if (v == null || v.isEmpty()) {
            throw ApiException.missing(param);
        }
        return v;
    }

    private static URI url(Context ctx, String param) {
        String v = ctx.formParam(param);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return URI.create((String) URL.parse(param, v));
        } catch (ApiException e) {
            throw new ApiException(400, 21205, param + " is not a valid URL: " + e.getMessage());
        }
    }

    private static String method(Context ctx, String param) {
        String v = ctx.formParam(param);
        return v == null || v.isEmpty() ? null : (String) METHOD.parse(param, v);
    }

    private static int integer(Context ctx, String param, Parser parser, int absent) {
        String v = ctx.formParam(param);
        return v == null || v.isEmpty() ? absent : ((Number) parser.parse(param, v)).intValue();
    }
}
