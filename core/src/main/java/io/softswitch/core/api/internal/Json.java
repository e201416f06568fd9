package io.softswitch.core.api.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** JSON rendering: snake_case maps; dates as RFC 2822 in GMT ({@code Fri, 27 Nov 2026 10:00:00 +0000}) or ISO 8601 for v1. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    /** RFC 2822 section 3.3 date-time, always with a two-digit day and +0000 (Twilio's form). */
    public static final DateTimeFormatter RFC_2822 =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);

    private Json() {
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String date(Instant t) {
        return t == null ? null : RFC_2822.format(t);
    }

    /** A row of the 2010 API as JSON-ready values: instants become RFC 2822 strings, {@code seq} goes. */
    public static Map<String, Object> row(Map<String, Object> row) {
        return row(row, false);
    }

    /**
     * A row as JSON-ready values. Twilio writes RFC 2822 dates in the 2010 API and ISO 8601
     * ({@code 2026-11-27T10:00:00Z}) in the v1 APIs, and its helper libraries parse each family so.
     */
    public static Map<String, Object> row(Map<String, Object> row, boolean v1) {
        Map<String, Object> out = new LinkedHashMap<>();
        row.forEach((k, v) -> {
            if (!k.equals("seq")) {
                out.put(k, v instanceof Instant t ? (v1 ? ISO.format(t) : date(t)) : v);
            }
        });
        return out;
    }

    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'", Locale.US)
            .withZone(ZoneOffset.UTC);

    /** Twilio's error body; {@code base} (scheme://host of the request) prefixes the link to our own codes' page. */
    public static Map<String, Object> error(ApiException e, String base) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", e.code());
        m.put("message", e.getMessage());
        m.put("more_info", ApiError.moreInfo(e.code(), base));
        m.put("status", e.status());
        return m;
    }
}
