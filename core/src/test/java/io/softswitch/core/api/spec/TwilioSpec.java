package io.softswitch.core.api.spec;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.ExecutionContext;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.format.Format;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Twilio's OpenAPI descriptions ({@code twilio_api_v2010.json}, {@code twilio_trunking_v1.json}),
 * read in place from {@code ../shared/reference/twilio-oai} ({@code -Dsoftswitch.twilio.oai.dir},
 * else {@code -Dsoftswitch.shared.dir}/reference/twilio-oai), never copied. Operations are read
 * from {@code paths}; values are checked against {@code components/schemas} by networknt's
 * validator in its OpenAPI 3.0 dialect, with Twilio's own formats added (RFC 2822 dates in the 2010
 * API, {@code http-method}, {@code phone-number}...).
 */
final class TwilioSpec {
    static final String API_2010 = "twilio_api_v2010.json";
    static final String TRUNKING_V1 = "twilio_trunking_v1.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One documented operation: its form parameters (name to schema) and the schema of its success answer. */
    record Operation(String file, String path, String method, String operationId, Map<String, JsonNode> params,
            List<String> required, Map<String, JsonNode> examples, Map<String, JsonNode> queryParams, int status,
            JsonNode responseSchema) {
        /** The component name the answer refers to, e.g. {@code trunking.v1.trunk}, or null for lists and 204s. */
        String responseRef() {
            return responseSchema != null && responseSchema.has("$ref") ? name(responseSchema.get("$ref").asText()) : null;
        }

        /** The item schema of a list answer, or null. */
        String listItemRef() {
            if (responseSchema == null || responseSchema.has("$ref")) {
                return null;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = responseSchema.path("properties").fields(); it.hasNext(); ) {
                JsonNode items = it.next().getValue().path("items").path("$ref");
                if (!items.isMissingNode()) {
                    return name(items.asText());
                }
            }
            return null;
        }

        String listKey() {
            for (Iterator<Map.Entry<String, JsonNode>> it = responseSchema.path("properties").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().has("items")) {
                    return e.getKey();
                }
            }
            return null;
        }

        @Override
        public String toString() {
            return method.toUpperCase() + " " + path;
        }
    }

    private final Map<String, JsonNode> docs = new LinkedHashMap<>();
    private final SchemaRegistry registry;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    TwilioSpec() {
        Path dir = dir();
        Map<String, String> texts = new LinkedHashMap<>();
        for (String f : List.of(API_2010, TRUNKING_V1)) {
            try {
                String text = Files.readString(dir.resolve(f));
                texts.put(uri(f), text);
                docs.put(f, JSON.readTree(text));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Dialect dialect = Dialect.builder(Dialects.getOpenApi30())
                .format(format("date-time-rfc-2822", TwilioSpec::rfc2822))
                .format(format("http-method", v -> v.equals("GET") || v.equals("POST")))
                .format(format("phone-number", v -> v.matches("\\+[1-9][0-9]{1,14}")))
                .format(format("currency", v -> v.matches("[A-Z]{3}")))
                .format(format("uri-map", v -> true))
                .format(format("phone-number-capabilities", v -> true))
                .build();
        registry = SchemaRegistry.withDefaultDialect(dialect, b -> b.schemas(texts)
                .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    }

    static Path dir() {
        String explicit = System.getProperty("softswitch.twilio.oai.dir");
        Path dir = explicit != null ? Path.of(explicit)
                : Path.of(System.getProperty("softswitch.shared.dir", "../../shared")).resolve("reference/twilio-oai");
        assertTrue(Files.isRegularFile(dir.resolve(API_2010)), "Twilio's OpenAPI files not found at "
                + dir.toAbsolutePath() + " (expected ../shared/reference/twilio-oai next to the repository;"
                + " set -Dsoftswitch.twilio.oai.dir)");
        return dir;
    }

    private static String uri(String file) {
        return "https://twilio-oai.invalid/" + file;
    }

    private static String name(String ref) {
        return ref.substring(ref.lastIndexOf('/') + 1);
    }

    /** Every documented GET, POST and DELETE of {@code file} whose path {@code pathFilter} accepts. */
    List<Operation> operations(String file, java.util.function.Predicate<String> pathFilter) {
        List<Operation> ops = new ArrayList<>();
        JsonNode doc = docs.get(file);
        doc.get("paths").fields().forEachRemaining(p -> {
            if (!pathFilter.test(p.getKey())) {
                return;
            }
            for (String m : List.of("get", "post", "delete")) {
                JsonNode op = p.getValue().get(m);
                if (op != null) {
                    ops.add(operation(file, p.getKey(), m, op));
                }
            }
        });
        return ops;
    }

    private Operation operation(String file, String path, String method, JsonNode op) {
        Map<String, JsonNode> params = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        Map<String, JsonNode> examples = new LinkedHashMap<>();
        JsonNode form = op.path("requestBody").path("content").path("application/x-www-form-urlencoded");
        form.path("schema").path("properties").fields().forEachRemaining(e -> params.put(e.getKey(), resolve(file, e.getValue())));
        form.path("schema").path("required").forEach(r -> required.add(r.asText()));
        form.path("examples").fields().forEachRemaining(e -> examples.put(e.getKey(), e.getValue().get("value")));
        Map<String, JsonNode> query = new LinkedHashMap<>();
        op.path("parameters").forEach(prm -> {
            if (prm.path("in").asText().equals("query")) {
                query.put(prm.get("name").asText(), resolve(file, prm.path("schema")));
            }
        });
        int status = 0;
        JsonNode schema = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = op.path("responses").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> r = it.next();
            if (r.getKey().startsWith("2")) {
                status = Integer.parseInt(r.getKey());
                JsonNode s = r.getValue().path("content").path("application/json").path("schema");
                schema = s.isMissingNode() ? null : s;
            }
        }
        return new Operation(file, path, method, op.path("operationId").asText(), params, required, examples, query,
                status, schema);
    }

    /** A parameter schema with a top-level {@code $ref} (enums) followed once. */
    JsonNode resolve(String file, JsonNode schema) {
        if (schema.has("$ref")) {
            return docs.get(file).at(schema.get("$ref").asText().substring(1));
        }
        return schema;
    }

    /** The properties (name to schema) of component {@code name}. */
    Map<String, JsonNode> properties(String file, String name) {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        docs.get(file).at("/components/schemas/" + name + "/properties").fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue()));
        return m;
    }

    /** Errors of {@code value} against the schema at {@code pointer} (a JSON pointer into {@code file}). */
    List<String> validate(String file, String pointer, JsonNode value) {
        Schema s = schemas.computeIfAbsent(file + "#" + pointer, k -> registry.getSchema(SchemaLocation.of(uri(file) + "#" + pointer)));
        List<String> out = new ArrayList<>();
        for (Error e : s.validate(value)) {
            out.add(e.getInstanceLocation() + " " + e.getMessage());
        }
        return out;
    }

    /** Errors of a whole answer against an inline schema (list envelopes) of operation {@code op}. */
    List<String> validateInline(Operation op, JsonNode value) {
        String pointer = "/paths/" + op.path().replace("~", "~0").replace("/", "~1") + "/" + op.method()
                + "/responses/" + op.status() + "/content/application~1json/schema";
        return validate(op.file(), pointer, value);
    }

    private static boolean rfc2822(String v) {
        try {
            ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
            return v.matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} [+-]\\d{4}");
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static Format format(String name, java.util.function.Predicate<String> test) {
        return new Format() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public boolean matches(ExecutionContext ctx, String value) {
                return test.test(value);
            }
        };
    }
}
