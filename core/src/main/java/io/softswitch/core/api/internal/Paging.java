package io.softswitch.core.api.internal;

import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Twilio paging: {@code PageSize} (default 50, 1-1000), {@code Page} (from 0) and an opaque
 * {@code PageToken} ({@code PT} + offset) that wins over {@code Page}; renders the 2010 page fields
 * ({@code first_page_uri}, {@code next_page_uri}, ...) or the v1 {@code meta} object.
 */
public record Paging(int pageSize, int page, long offset) {
    public static final int DEFAULT_PAGE_SIZE = 50;
    public static final int MAX_PAGE_SIZE = 1000;

    public static Paging of(Context ctx) {
        int size = DEFAULT_PAGE_SIZE;
        String s = ctx.queryParam("PageSize");
        if (s != null) {
            size = (Integer) Parser.integer(1, MAX_PAGE_SIZE).parse("PageSize", s);
        }
        int page = 0;
        String p = ctx.queryParam("Page");
        if (p != null) {
            page = (Integer) Parser.integer(0, Integer.MAX_VALUE).parse("Page", p);
        }
        long offset = (long) page * size;
        String token = ctx.queryParam("PageToken");
        if (token != null && !token.isEmpty()) {
            if (!token.matches("PT[0-9]{1,12}")) {
                throw ApiException.invalid("PageToken", token, "a token from a previous page's next_page_uri");
            }
            offset = Long.parseLong(token.substring(2));
        }
        return new Paging(size, page, offset);
    }

    /** The page body for the 2010 API: {@code key} holds the items. */
    public Map<String, Object> page2010(Context ctx, String key, List<?> items, boolean more) {
        Map<String, Object> m = new LinkedHashMap<>();
        String path = ctx.path();
        String filters = filters(ctx);
        m.put("first_page_uri", path + "?" + filters + "PageSize=" + pageSize + "&Page=0");
        m.put("end", offset + items.size() - (items.isEmpty() ? 0 : 1));
        m.put("previous_page_uri", page > 0 && offset >= pageSize
                ? path + "?" + filters + "PageSize=" + pageSize + "&Page=" + (page - 1) + "&PageToken=PT" + (offset - pageSize)
                : null);
        m.put(key, items);
        m.put("uri", path + "?" + filters + "PageSize=" + pageSize + "&Page=" + page);
        m.put("page_size", pageSize);
        m.put("start", offset);
        m.put("next_page_uri", more
                ? path + "?" + filters + "PageSize=" + pageSize + "&Page=" + (page + 1) + "&PageToken=PT" + (offset + pageSize)
                : null);
        m.put("page", page);
        return m;
    }

    /** The page body for the v1 API: {@code key} holds the items, {@code meta} the paging. */
    public Map<String, Object> pageV1(Context ctx, String baseUrl, String key, List<?> items, boolean more) {
        String url = baseUrl + ctx.path() + "?" + filters(ctx);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("page", page);
        meta.put("page_size", pageSize);
        meta.put("first_page_url", url + "PageSize=" + pageSize + "&Page=0");
        meta.put("previous_page_url", page > 0 && offset >= pageSize
                ? url + "PageSize=" + pageSize + "&Page=" + (page - 1) + "&PageToken=PT" + (offset - pageSize) : null);
        meta.put("url", url + "PageSize=" + pageSize + "&Page=" + page);
        meta.put("next_page_url", more
                ? url + "PageSize=" + pageSize + "&Page=" + (page + 1) + "&PageToken=PT" + (offset + pageSize) : null);
        meta.put("key", key);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(key, items);
        m.put("meta", meta);
        return m;
    }

    /** The request's other query parameters (filters), re-encoded, each followed by {@code &}. */
    private static String filters(Context ctx) {
        StringBuilder sb = new StringBuilder();
        ctx.queryParamMap().forEach((k, vs) -> {
            if (!k.equals("PageSize") && !k.equals("Page") && !k.equals("PageToken")) {
                for (String v : vs) {
                    sb.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                            .append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&');
                }
            }
        });
        return sb.toString();
    }
}
