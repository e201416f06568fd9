package io.softswitch.core.store.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.softswitch.config.provisioning.RewriteRule;
import java.util.List;
import java.util.Map;

/** Rewrite rules as a JSON column: {@code [{"kind":"PREFIX","match":null,"value":"1"}]}. */
public final class Rewrites {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Rewrites() {
    }

    public static String toJson(List<RewriteRule> rules) {
        if (rules.isEmpty()) {
            return null;
        }
        try {
            return JSON.writeValueAsString(rules.stream()
                    .map(r -> {
                        Map<String, String> m = new java.util.LinkedHashMap<>();
                        m.put("kind", r.kind().name());
                        m.put("match", r.match());
                        m.put("value", r.value());
                        return m;
                    }).toList());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<RewriteRule> fromJson(Object column) {
        if (column == null || column.toString().isEmpty()) {
            return List.of();
        }
        try {
            List<Map<String, String>> raw = JSON.readValue(column.toString(), new TypeReference<>() { });
            return raw.stream().map(m -> new RewriteRule(RewriteRule.Kind.valueOf(m.get("kind")), m.get("match"),
                    m.get("value"))).toList();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored rewrite rules are not valid JSON: " + e.getMessage(), e);
        }
    }
}
