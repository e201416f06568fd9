package io.softswitch.sip;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A SIP response status: code and reason phrase (RFC 3261 §7.2, §21). An open set, so a value class
 * rather than an enum (as Netty's {@code HttpResponseStatus}): the registered codes are constants,
 * {@link #valueOf(int)} returns the constant or a new value with its class's phrase, and a custom
 * reason phrase is a new value of the same code ({@code SERVICE_UNAVAILABLE.withReason("Trunk CPS
 * limit exceeded")}). Two statuses are equal when their codes are: the phrase is for humans (RFC 3261
 * §21: "the reason phrase ... MUST NOT be used" to decide).
 */
public final class SipStatus {
    private static final Map<Integer, SipStatus> KNOWN = new HashMap<>();

    public static final SipStatus TRYING = known(100, "Trying");
    public static final SipStatus RINGING = known(180, "Ringing");
    public static final SipStatus CALL_IS_BEING_FORWARDED = known(181, "Call Is Being Forwarded");
    public static final SipStatus QUEUED = known(182, "Queued");
    public static final SipStatus SESSION_PROGRESS = known(183, "Session Progress");
    public static final SipStatus OK = known(200, "OK");
    public static final SipStatus BAD_REQUEST = known(400, "Bad Request");
    public static final SipStatus UNAUTHORIZED = known(401, "Unauthorized");
    public static final SipStatus FORBIDDEN = known(403, "Forbidden");
    public static final SipStatus NOT_FOUND = known(404, "Not Found");
    public static final SipStatus METHOD_NOT_ALLOWED = known(405, "Method Not Allowed");
    public static final SipStatus NOT_ACCEPTABLE = known(406, "Not Acceptable");
    public static final SipStatus PROXY_AUTHENTICATION_REQUIRED = known(407, "Proxy Authentication Required");
    public static final SipStatus REQUEST_TIMEOUT = known(408, "Request Timeout");
    public static final SipStatus GONE = known(410, "Gone");
    public static final SipStatus REQUEST_ENTITY_TOO_LARGE = known(413, "Request Entity Too Large");
    public static final SipStatus UNSUPPORTED_MEDIA_TYPE = known(415, "Unsupported Media Type");
    public static final SipStatus UNSUPPORTED_URI_SCHEME = known(416, "Unsupported URI Scheme");
    public static final SipStatus BAD_EXTENSION = known(420, "Bad Extension");
    public static final SipStatus INTERVAL_TOO_BRIEF = known(423, "Interval Too Brief");
    public static final SipStatus TEMPORARILY_UNAVAILABLE = known(480, "Temporarily Unavailable");
    public static final SipStatus CALL_OR_TRANSACTION_DOES_NOT_EXIST = known(481, "Call/Transaction Does Not Exist");
    public static final SipStatus LOOP_DETECTED = known(482, "Loop Detected");
    public static final SipStatus TOO_MANY_HOPS = known(483, "Too Many Hops");
    public static final SipStatus ADDRESS_INCOMPLETE = known(484, "Address Incomplete");
    public static final SipStatus BUSY_HERE = known(486, "Busy Here");
    public static final SipStatus REQUEST_TERMINATED = known(487, "Request Terminated");
    public static final SipStatus NOT_ACCEPTABLE_HERE = known(488, "Not Acceptable Here");
    public static final SipStatus SERVER_INTERNAL_ERROR = known(500, "Server Internal Error");
    public static final SipStatus NOT_IMPLEMENTED = known(501, "Not Implemented");
    public static final SipStatus SERVICE_UNAVAILABLE = known(503, "Service Unavailable");
    public static final SipStatus SERVER_TIMEOUT = known(504, "Server Time-out");
    public static final SipStatus BUSY_EVERYWHERE = known(600, "Busy Everywhere");
    public static final SipStatus DECLINE = known(603, "Decline");
    public static final SipStatus DOES_NOT_EXIST_ANYWHERE = known(604, "Does Not Exist Anywhere");
    public static final SipStatus NOT_ACCEPTABLE_ANYWHERE = known(606, "Not Acceptable");

    /** The class of a status code: its first digit (RFC 3261 §21). */
    public enum CodeClass {
        PROVISIONAL, SUCCESS, REDIRECTION, CLIENT_ERROR, SERVER_ERROR, GLOBAL_FAILURE;

        /** The class of {@code code} (100-699). */
        public static CodeClass of(int code) {
            return values()[checkCode(code) / 100 - 1];
        }

        /** The phrase for an unregistered code of this class. */
        String defaultReason() {
            return switch (this) {
                case PROVISIONAL -> "Session Progress";
                case SUCCESS -> "OK";
                case REDIRECTION -> "Redirection";
                case CLIENT_ERROR -> "Client Error";
                case SERVER_ERROR -> "Server Error";
                case GLOBAL_FAILURE -> "Global Failure";
            };
        }
    }

    private final int code;
    private final String reasonPhrase;

    private SipStatus(int code, String reasonPhrase) {
        this.code = checkCode(code);
        this.reasonPhrase = checkReason(reasonPhrase);
    }

    private static SipStatus known(int code, String reason) {
        SipStatus s = new SipStatus(code, reason);
        KNOWN.put(code, s);
        return s;
    }

    /** The registered status for {@code code}, or a new one with its class's phrase. */
    public static SipStatus valueOf(int code) {
        SipStatus s = KNOWN.get(code);
        return s != null ? s : new SipStatus(code, CodeClass.of(code).defaultReason());
    }

    /** {@code code} with {@code reasonPhrase}; the constant when it is the registered phrase. */
    public static SipStatus valueOf(int code, String reasonPhrase) {
        SipStatus s = KNOWN.get(code);
        if (s != null && (reasonPhrase == null || s.reasonPhrase.equals(reasonPhrase))) {
            return s;
        }
        return reasonPhrase == null ? valueOf(code) : new SipStatus(code, reasonPhrase);
    }

    /** This code with another reason phrase (Twilio's {@code 503 Trunk CPS limit exceeded}). */
    public SipStatus withReason(String reasonPhrase) {
        return valueOf(code, reasonPhrase);
    }

    public int code() {
        return code;
    }

    public String reasonPhrase() {
        return reasonPhrase;
    }

    public CodeClass codeClass() {
        return CodeClass.of(code);
    }

    /** 1xx. */
    public boolean isProvisional() {
        return code < 200;
    }

    /** 2xx. */
    public boolean isSuccess() {
        return code >= 200 && code < 300;
    }

    /** Any final response (200-699). */
    public boolean isFinal() {
        return code >= 200;
    }

    /** Same code (the reason phrase is not compared). */
    @Override
    public boolean equals(Object o) {
        return o instanceof SipStatus other && other.code == code;
    }

    @Override
    public int hashCode() {
        return code;
    }

    /** {@code 503 Service Unavailable}: the status line's code and phrase. */
    @Override
    public String toString() {
        return code + " " + reasonPhrase;
    }

    private static int checkCode(int code) {
        if (code < 100 || code > 699) {
            throw new IllegalArgumentException("code: " + code + " (expected: 100-699)");
        }
        return code;
    }

    /** RFC 3261 §25.1: Reason-Phrase = *(reserved / unreserved / escaped / UTF8-NONASCII / UTF8-CONT / SP / HTAB). */
    private static String checkReason(String reason) {
        Objects.requireNonNull(reason, "reasonPhrase");
        for (int i = 0; i < reason.length(); i++) {
            char c = reason.charAt(i);
            if (c == '\r' || c == '\n' || (c < 0x20 && c != '\t') || c == 0x7f) {
                throw new IllegalArgumentException("reasonPhrase: " + quote(reason)
                        + " (expected: no control characters but tab)");
            }
        }
        return reason;
    }

    private static String quote(String s) {
        return "'" + s.replace("\r", "\\r").replace("\n", "\\n") + "'";
    }
}
