package io.softswitch.core.api.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error code of the REST API: Twilio's code where Twilio has one for the same case (its
 * {@code more_info} link is Twilio's page), otherwise one of ours, six digits so it can never be
 * mistaken for a Twilio code, documented at {@code /docs/errors/{code}} on the daemon and in
 * {@code core/README.md}. An open code space, so a value class with constants.
 */
public record ApiError(int code, int status, String title, String description) {
    private static final Map<Integer, ApiError> BY_CODE = new LinkedHashMap<>();

    // Twilio's codes, used with Twilio's meaning.
    public static final ApiError AUTHENTICATE = twilio(20003, 401, "Authentication error");
    public static final ApiError METHOD_NOT_ALLOWED = twilio(20004, 405, "Method not allowed");
    public static final ApiError FORBIDDEN = twilio(20403, 403, "Forbidden");
    public static final ApiError NOT_FOUND = twilio(20404, 404, "The requested resource was not found");
    public static final ApiError INTERNAL = twilio(20500, 500, "Internal server error");
    public static final ApiError INVALID_PHONE_NUMBER = twilio(21421, 400, "PhoneNumber is invalid");
    public static final ApiError NUMBER_NOT_AVAILABLE = twilio(21422, 400, "PhoneNumber is not available");
    public static final ApiError TOO_MANY_REQUESTS = twilio(20429, 429, "Too Many Requests");
    /** A modify ({@code POST .../Calls/{Sid}.json}) of a call that has already ended. */
    public static final ApiError CALL_NOT_IN_PROGRESS = twilio(21220, 400, "Invalid call state");

    // Ours.
    public static final ApiError MISSING_PARAMETER = ours(100001, 400, "Missing required parameter",
            "A parameter the resource requires was absent or empty. The message names it.");
    public static final ApiError INVALID_PARAMETER = ours(100002, 400, "Invalid parameter value",
            "A parameter's value has the wrong type, range or form. The message names the parameter, shows at most"
                    + " the first 64 characters of the value and says what is expected.");
    public static final ApiError NOT_SUPPORTED_YET = ours(100003, 400, "Parameter not supported yet",
            "A Twilio parameter (or one of its values) whose behaviour the switch does not have yet. It is refused"
                    + " rather than stored and ignored. The message names the parameter and the missing feature."
                    + " Parameter names Twilio does not know are ignored, as Twilio does.");
    public static final ApiError ALREADY_EXISTS = ours(100004, 400, "Resource already exists",
            "Another resource already has this unique value (domain name, phone number, friendly name, username),"
                    + " or the association already exists.");
    public static final ApiError LIMIT_REACHED = ours(100005, 400, "Limit reached",
            "A parent resource already holds its maximum number of children (e.g. 10 origination URLs per trunk).");
    public static final ApiError MALFORMED_REQUEST = ours(100006, 400, "Malformed request",
            "The request is not what a form endpoint accepts: a body that is not"
                    + " application/x-www-form-urlencoded, broken percent-encoding, bytes that are not UTF-8, or a"
                    + " control character (U+0000-U+001F, U+007F) in a parameter name or value.");
    public static final ApiError BODY_TOO_LARGE = ours(100007, 413, "Request body too large",
            "The request body is larger than the API accepts (1 MiB).");
    public static final ApiError CONFIG_REJECTED = ours(100008, 400, "Configuration rejected",
            "POST /admin/reload found problems in the configuration file; nothing was applied.");

    private static ApiError twilio(int code, int status, String title) {
        ApiError e = new ApiError(code, status, title, null);
        BY_CODE.put(code, e);
        return e;
    }

    private static ApiError ours(int code, int status, String title, String description) {
        ApiError e = new ApiError(code, status, title, description);
        BY_CODE.put(code, e);
        return e;
    }

    /** Twilio's codes are five digits; ours six. */
    public boolean twilios() {
        return code < 100_000;
    }

    /** The {@code more_info} link: Twilio's error page, or ours on this daemon ({@code base} = scheme://host). */
    public static String moreInfo(int code, String base) {
        return code < 100_000 ? "https://www.twilio.com/docs/errors/" + code : base + "/docs/errors/" + code;
    }

    /** Our documented codes, for {@code /docs/errors}. */
    public static Map<Integer, ApiError> ours() {
        Map<Integer, ApiError> m = new LinkedHashMap<>();
        BY_CODE.forEach((k, v) -> {
            if (!v.twilios()) {
                m.put(k, v);
            }
        });
        return m;
    }

    public static ApiError valueOf(int code) {
        return BY_CODE.get(code);
    }
}
