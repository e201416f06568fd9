package io.softswitch.core.api.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /docs/errors[/{code}]}: the page behind the {@code more_info} link of our own error codes. */
public final class ErrorDocs {
    private ErrorDocs() {
    }

    public static List<Map<String, Object>> all() {
        return ApiError.ours().values().stream().map(ErrorDocs::render).toList();
    }

    public static Map<String, Object> one(String code) {
        ApiError e = code.matches("[0-9]{1,9}") ? ApiError.valueOf(Integer.parseInt(code)) : null;
        if (e == null || e.twilios()) {
            throw ApiException.notFound("/docs/errors/" + code);
        }
        return render(e);
    }

    private static Map<String, Object> render(ApiError e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", e.code());
        m.put("status", e.status());
        m.put("title", e.title());
        m.put("description", e.description());
        return m;
    }
}
