package io.softswitch.sip.internal;

import io.softswitch.sip.OverloadLimit;
import io.softswitch.sip.SipEvents;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Overload protection in front of the SIP stack: while datagrams wait longer than a threshold in
 * the stack's receive queue, a new INVITE (no To tag) is answered {@code 503} with
 * {@code Retry-After} straight from its bytes, statelessly, before it costs a parse, a
 * transaction or a call. Everything else (ACK, BYE, responses, in-dialog requests) is still
 * queued: it finishes calls already admitted and so is what gives capacity back. The ACK a UAC
 * sends for one of these 503s is recognized by its To tag and dropped. A retransmission of an
 * INVITE that was queued before (its transaction exists or is about to) is queued too, never
 * answered 503: the receive thread remembers the branches of the INVITEs it queued in the last
 * 32 s (Timer B), so a call the switch took is never refused afterwards.
 *
 * <p>The threshold is a queue delay, not a length: the switch sheds as soon as it is behind,
 * whatever its speed, and the queue never holds more than that much work, so full capacity is
 * back as soon as the offered load drops.
 */
final class OverloadShedder {

    /** To-tag prefix of our stateless 503s (their ACKs are dropped on sight). */
    static final String TAG_PREFIX = "ovl";

    private final OverloadLimit limit;
    private final long startedAtMs;
    private final String server;
    private final SipEvents events;
    /** Branch (or Call-ID + CSeq) of INVITEs queued in the last {@link #REMEMBER_MS}; receive thread only. */
    private final LinkedHashMap<String, Long> queuedInvites = new LinkedHashMap<>();

    /** The handler's own overload verdict ({@link io.softswitch.sip.SipHandler#overloaded()}). */
    private volatile java.util.function.BooleanSupplier handlerOverloaded = () -> false;
    /** When the last 503 was sent here (epoch ms; receive thread only): its ACK is still to come. */
    private long lastShedMs = Long.MIN_VALUE / 2;

    private static final long REMEMBER_MS = 32_000;
    private static final int REMEMBER_MAX = 100_000;

    /**
     * Sheds by {@code limit}, whose warm-up counts from {@code startedAtMs} (epoch ms, like reception
     * times), with its {@code Retry-After}.
     */
    OverloadShedder(OverloadLimit limit, long startedAtMs, String server, SipEvents events) {
        this.limit = limit;
        this.startedAtMs = startedAtMs;
        this.server = server;
        this.events = events;
    }

    boolean enabled() {
        return limit.enabled();
    }

    /**
     * Also sheds a new INVITE statelessly while {@code overloaded} says the handler would refuse
     * it for overload anyway (the call engine is behind): far cheaper than parsing it, creating a
     * transaction and a leg and answering 503 through the stack.
     */
    void followHandler(java.util.function.BooleanSupplier overloaded) {
        this.handlerOverloaded = overloaded;
    }

    /**
     * How long the queue must stay too old before shedding starts: a GC pause leaves a backlog
     * that a switch with capacity to spare works off within milliseconds; only a backlog that
     * stays is overload.
     */
    static final long GRACE_MS = 100;

    /** Since when the oldest queued datagram has been too old without a break; 0 = it is not. Receive thread only. */
    private long behindSince;

    /**
     * True when the oldest queued datagram ({@code oldestReceivedAtMs}, 0 = the queue is empty)
     * has waited longer than the threshold in force (the warm-up one early on), and the queue has
     * been that far behind for {@link #GRACE_MS}. Called for every datagram by the receive thread.
     */
    boolean overloaded(long oldestReceivedAtMs, long nowMs) {
        long maxDelayMs = limit.thresholdMs(nowMs - startedAtMs);
        if (maxDelayMs <= 0 || oldestReceivedAtMs <= 0 || nowMs - oldestReceivedAtMs <= maxDelayMs) {
            behindSince = 0;
            return false;
        }
        if (behindSince == 0) {
            behindSince = nowMs;
        }
        return nowMs - behindSince >= GRACE_MS;
    }

    /** What to do with one datagram while overloaded. */
    sealed interface Verdict permits Queue, Drop, Answer {
    }

    record Queue() implements Verdict {
    }

    record Drop() implements Verdict {
    }

    record Answer(byte[] response) implements Verdict {
    }

    private static final Verdict QUEUE = new Queue();
    private static final Verdict DROP = new Drop();

    /**
     * The verdict for {@code message} (of {@code length} bytes): while {@code overloaded} (the SIP
     * queue is behind) or the handler says it would refuse new calls, a stateless 503 for a new
     * INVITE; a drop for the ACK of such a 503; else (and for anything else) queue it as usual. Malformed input is always queued: the stack gives it its proper
     * error response. Called for every datagram, on the receive thread only.
     */
    Verdict judge(byte[] message, int length, boolean overloaded, long nowMs) {
        int start = SipHead.start(message, length);
        if (!overloaded && SipHead.startsWith(message, start, length, "INVITE ")
                && !SipHead.hasContinuation(message, start, length)) {
            return judgeInvite(message, start, length, nowMs);
        }
        return judgeFramed(message, length, overloaded, nowMs);
    }

    /**
     * {@link #judge} for an INVITE while the queue is not behind, the common case: the same
     * verdict, read from the bytes in place (no continuation lines), with only the key remembered
     * decoded (issue 15, allocation per call). A 503 is built by {@link #judgeFramed}.
     */
    private Verdict judgeInvite(byte[] message, int start, int length, long nowMs) {
        int topVia = -1;
        int topViaEnd = -1;
        boolean from = false;
        int to = -1;
        int toEnd = -1;
        int callId = -1;
        int callIdEnd = -1;
        int cseq = -1;
        int cseqEnd = -1;
        int lf = SipHead.lineFeed(message, start, length);
        for (int line = lf + 1; line < length; line = lf + 1) {
            lf = SipHead.lineFeed(message, line, length);
            int end = SipHead.lineEnd(message, line, lf, length);
            if (end == line && lf < length) {
                break; // the empty line
            }
            int colon = SipHead.indexOf(message, line, end, ':');
            if (colon <= line || SipHead.indexOf(message, line, end, '\r') >= 0) {
                return QUEUE; // not a header line (or a bare CR in it): the stack answers it
            }
            int nameFrom = SipHead.trimStart(message, line, colon);
            int nameLength = SipHead.trimEnd(message, line, colon) - nameFrom;
            int valueFrom = SipHead.trimStart(message, colon + 1, end);
            int valueTo = SipHead.trimEnd(message, valueFrom, end);
            if (isName(message, nameFrom, nameLength, "via", "v")) {
                if (topVia < 0) {
                    topVia = valueFrom;
                    topViaEnd = valueTo;
                }
            } else if (isName(message, nameFrom, nameLength, "from", "f")) {
                from = true;
            } else if (isName(message, nameFrom, nameLength, "to", "t")) {
                to = valueFrom;
                toEnd = valueTo;
            } else if (isName(message, nameFrom, nameLength, "call-id", "i")) {
                callId = valueFrom;
                callIdEnd = valueTo;
            } else if (isName(message, nameFrom, nameLength, "cseq", "cseq")) {
                cseq = valueFrom;
                cseqEnd = valueTo;
            }
        }
        if (topVia < 0 || !from || to < 0 || callId < 0 || cseq < 0) {
            return QUEUE;
        }
        int gt = toEnd - 1;
        while (gt >= to && message[gt] != '>') {
            gt--;
        }
        if (param(message, gt >= to ? gt + 1 : to, toEnd, "tag=") >= 0 || cseqEnd - cseq < 6
                || !SipHead.equalsIgnoreCase(message, cseqEnd - 6, "invite")) {
            return QUEUE; // a re-INVITE (in-dialog) or an inconsistent request: not ours to shed
        }
        int comma = SipHead.indexOf(message, topVia, topViaEnd, ',');
        int viaEnd = comma >= 0 ? comma : topViaEnd;
        int branch = param(message, topVia, viaEnd, "branch=");
        String key;
        if (branch >= 0) {
            int keyFrom = SipHead.trimStart(message, branch, viaEnd);
            int keyTo = SipHead.trimEnd(message, keyFrom, SipHead.indexOf(message, branch, viaEnd, ';') < 0 ? viaEnd
                    : SipHead.indexOf(message, branch, viaEnd, ';'));
            key = new String(message, keyFrom, keyTo - keyFrom, StandardCharsets.ISO_8859_1);
        } else {
            key = new String(message, callId, callIdEnd - callId, StandardCharsets.ISO_8859_1) + ' '
                    + new String(message, cseq, cseqEnd - cseq, StandardCharsets.ISO_8859_1);
        }
        if (queuedInvites.containsKey(key) || !handlerOverloaded.getAsBoolean()) {
            remember(key, nowMs);
            return QUEUE;
        }
        return judgeFramed(message, length, true, nowMs); // sheds: the key is not queued and the handler is behind
    }

    /** The header name {@code [from, from + length)} is {@code full} or {@code compact} (any case). */
    private static boolean isName(byte[] b, int from, int length, String full, String compact) {
        return length == full.length() && SipHead.equalsIgnoreCase(b, from, full)
                || length == compact.length() && SipHead.equalsIgnoreCase(b, from, compact);
    }

    /**
     * Where the value of the first {@code ;}-separated parameter of {@code [from, to)} that, trimmed,
     * starts with {@code name} (lower case, with its {@code =}; any case) begins, or -1: as
     * {@link #tag(String)} and {@link #branch(String)} on text.
     */
    private static int param(byte[] b, int from, int to, String name) {
        for (int p = from; p <= to; ) {
            int semi = SipHead.indexOf(b, p, to, ';');
            int end = semi < 0 ? to : semi;
            int t = SipHead.trimStart(b, p, end);
            if (SipHead.trimEnd(b, t, end) - t >= name.length() && SipHead.equalsIgnoreCase(b, t, name)) {
                return t + name.length();
            }
            p = end + 1;
        }
        return -1;
    }

    /** {@link #judge} on the framed head: every case (continuation lines, ACKs, overload, 503s). */
    Verdict judgeFramed(byte[] message, int length, boolean overloaded, long nowMs) {
        int start = SipHead.start(message, length);
        boolean invite = SipHead.startsWith(message, start, length, "INVITE ");
        // the ACK of one of our 503s comes after it: look for it while shedding and for Timer B after
        boolean ack = !invite && (overloaded || nowMs - lastShedMs <= REMEMBER_MS)
                && SipHead.startsWith(message, start, length, "ACK ");
        if (!invite && !ack) {
            return QUEUE;
        }
        StringBuilder vias = new StringBuilder();
        String topVia = null;
        String from = null;
        String to = null;
        String callId = null;
        String cseq = null;
        for (String line : SipHead.frame(message, length).headerLines()) {
            int colon = line.indexOf(':');
            if (colon <= 0 || line.indexOf('\r') >= 0) {
                return QUEUE; // not a header line (or a bare CR in it): the stack answers it
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            switch (name) {
                case "via", "v" -> {
                    if (vias.length() > 0) {
                        vias.append("\r\n");
                    } else {
                        topVia = value;
                    }
                    vias.append("Via: ").append(value);
                }
                case "from", "f" -> from = value;
                case "to", "t" -> to = value;
                case "call-id", "i" -> callId = value;
                case "cseq" -> cseq = value;
                default -> {
                }
            }
        }
        if (vias.length() == 0 || from == null || to == null || callId == null || cseq == null) {
            return QUEUE;
        }
        String toTag = tag(to);
        if (ack) {
            return toTag != null && toTag.startsWith(TAG_PREFIX) ? DROP : QUEUE;
        }
        if (toTag != null || !cseq.toUpperCase(Locale.ROOT).endsWith("INVITE")) {
            return QUEUE; // a re-INVITE (in-dialog) or an inconsistent request: not ours to shed
        }
        String key = branch(topVia);
        if (key == null) {
            key = callId + ' ' + cseq;
        }
        if (queuedInvites.containsKey(key) || !(overloaded || handlerOverloaded.getAsBoolean())) {
            remember(key, nowMs);
            return QUEUE;
        }
        lastShedMs = nowMs;
        String response = "SIP/2.0 503 Service Unavailable\r\n"
                + vias + "\r\n"
                + "From: " + from + "\r\n"
                + "To: " + to + ";tag=" + TAG_PREFIX + Long.toHexString(ThreadLocalRandom.current().nextLong()) + "\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + cseq + "\r\n"
                + "Retry-After: " + limit.retryAfterSeconds() + "\r\n"
                + "Server: " + server + "\r\n"
                + "Content-Length: 0\r\n\r\n";
        return new Answer(response.getBytes(StandardCharsets.ISO_8859_1));
    }

    private void remember(String key, long nowMs) {
        queuedInvites.remove(key);
        queuedInvites.put(key, nowMs);
        var eldest = queuedInvites.entrySet().iterator();
        while (eldest.hasNext()) {
            var e = eldest.next();
            if (queuedInvites.size() <= REMEMBER_MAX && nowMs - e.getValue() <= REMEMBER_MS) {
                break;
            }
            eldest.remove();
        }
    }

    /** The {@code branch} parameter of a Via value, or null. */
    static String branch(String via) {
        if (via == null) {
            return null;
        }
        int comma = via.indexOf(',');
        String top = comma >= 0 ? via.substring(0, comma) : via;
        for (String p : top.split(";")) {
            String t = p.trim();
            if (t.regionMatches(true, 0, "branch=", 0, 7)) {
                return t.substring(7).trim();
            }
        }
        return null;
    }

    /** Counts a shed INVITE. */
    void shed() {
        events.requestReceived("INVITE");
        events.responseSent("INVITE", 503);
        events.overloadShed();
    }

    /** The {@code tag} parameter of a From/To value (outside the angle brackets), or null. */
    static String tag(String value) {
        int gt = value.lastIndexOf('>');
        String params = gt >= 0 ? value.substring(gt + 1) : value;
        for (String p : params.split(";")) {
            String t = p.trim();
            if (t.regionMatches(true, 0, "tag=", 0, 4)) {
                return t.substring(4).trim();
            }
        }
        return null;
    }
}
