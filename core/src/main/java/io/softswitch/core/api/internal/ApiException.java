package io.softswitch.core.api.internal;

/**
 * A request the API refuses, rendered as Twilio's error JSON
 * {@code {"code", "message", "more_info", "status"}}. Codes used: 20001 missing parameter, 20003
 * authentication, 20404 not found, 20403 not allowed, 21201 invalid parameter value, 21202 field
 * not supported yet, 21421 invalid phone number, 21450 already exists, 21451 limit reached.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final int code;

    public ApiException(int status, int code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public int code() {
        return code;
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, 20404, "The requested resource " + what + " was not found");
    }

    public static ApiException missing(String param) {
        return new ApiException(400, 20001, "Missing required parameter " + param + " in the post body");
    }

    public static ApiException invalid(String param, String value, String expected) {
        return new ApiException(400, 21201, param + ": " + value + " (expected: " + expected + ")");
    }

    public static ApiException unsupported(String param, String value, String why) {
        return new ApiException(400, 21202, param + ": " + value + " is not supported yet (" + why + ")");
    }
}
