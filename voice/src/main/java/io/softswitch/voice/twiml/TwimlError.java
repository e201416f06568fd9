package io.softswitch.voice.twiml;

/**
 * A Twilio error code with its message: why a document or a webhook fetch failed (an error) or
 * what was ignored in it (a warning, {@link #SCHEMA_WARNING}). Codes are Twilio's, so a user can
 * look them up in Twilio's error dictionary.
 */
public record TwimlError(int code, String message) {
    /** HTTP retrieval failure: connect error, timeout, non-2xx status. */
    public static final int HTTP_RETRIEVAL_FAILURE = 11200;
    /** The TwiML response body is larger than the limit (64 kB). */
    public static final int RESPONSE_TOO_LARGE = 11750;
    /** Document parse failure: not XML, not a {@code <Response>}, an unknown or unsupported verb. */
    public static final int DOCUMENT_PARSE_FAILURE = 12100;
    /** Schema validation warning: an unknown attribute or nested element, a bad attribute value (ignored). */
    public static final int SCHEMA_WARNING = 12200;
    /** Invalid Content-Type: the response was not XML (or plain text/audio where TwiML was expected). */
    public static final int INVALID_CONTENT_TYPE = 12300;

    public TwimlError {
        message = message == null ? "" : message;
    }

    public static TwimlError parseFailure(String message) {
        return new TwimlError(DOCUMENT_PARSE_FAILURE, message);
    }

    public static TwimlError warning(String message) {
        return new TwimlError(SCHEMA_WARNING, message);
    }

    @Override
    public String toString() {
        return code + ": " + message;
    }
}
