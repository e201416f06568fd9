package io.softswitch.voice.twiml;

/** The two methods TwiML allows on {@code method} attributes and webhook URLs. */
public enum HttpMethod {
    GET,
    POST;

    /** The method for an attribute value (case-insensitive), or {@code null} when it is neither. */
    public static HttpMethod parse(String value) {
        if ("GET".equalsIgnoreCase(value)) {
            return GET;
        }
        return "POST".equalsIgnoreCase(value) ? POST : null;
    }
}
