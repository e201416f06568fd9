package io.softswitch.core.api.internal;

/**
 * A request the API refuses, rendered as Twilio's error JSON
 * {@code {"code", "message", "more_info", "status"}}; the codes are {@link ApiError}'s. A value
 * from the request is echoed at most {@link #ECHO_LIMIT} characters long.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** How much of a refused value a message repeats. */
    public static final int ECHO_LIMIT = 64;
    /** How much of a request path a message repeats. */
    public static final int PATH_ECHO_LIMIT = 256;

    private final int status;
    private final int code;

    public ApiException(int status, int code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public ApiException(ApiError error, String message) {
        this(error.status(), error.code(), message);
    }

    public int status() {
        return status;
    }

    public int code() {
        return code;
    }

    public static ApiException notFound(String what) {
        return new ApiException(ApiError.NOT_FOUND, "The requested resource " + echo(what, PATH_ECHO_LIMIT) + " was not found");
    }

    public static ApiException missing(String param) {
        return new ApiException(ApiError.MISSING_PARAMETER, "Missing required parameter " + param + " in the post body");
    }

    public static ApiException invalid(String param, String value, String expected) {
        return new ApiException(ApiError.INVALID_PARAMETER, param + ": " + echo(value) + " (expected: " + expected + ")");
    }

    public static ApiException unsupported(String param, String value, String why) {
        return new ApiException(ApiError.NOT_SUPPORTED_YET, param + ": " + echo(value) + " is not supported yet (" + why + ")");
    }

    public static ApiException malformed(String what) {
        return new ApiException(ApiError.MALFORMED_REQUEST, what);
    }

    /** At most {@link #ECHO_LIMIT} characters of a request value, and its length when cut. */
    public static String echo(String value) {
        return echo(value, ECHO_LIMIT);
    }

    public static String echo(String value, int limit) {
        if (value == null || value.length() <= limit) {
            return value;
        }
        return value.substring(0, limit) + "... (" + value.length() + " characters)";
    }
}
