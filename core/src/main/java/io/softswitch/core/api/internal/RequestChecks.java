package io.softswitch.core.api.internal;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What every API request must be before a route reads it, checked once on the raw bytes (WHATWG
 * URL standard, {@code application/x-www-form-urlencoded} parsing, strict): a POST body is
 * form-encoded (or empty), every {@code %} is followed by two hex digits, the decoded bytes are
 * UTF-8, and no name or value holds a control character (U+0000-U+001F, U+007F: PostgreSQL refuses
 * NUL in text, and none belongs in a label, number or URL). The same for the query string. A
 * failure is a {@code 400} naming the parameter, never echoing its value (it may be a password).
 */
public final class RequestChecks {
    private static final String FORM = "application/x-www-form-urlencoded";

    private RequestChecks() {
    }

    public static void check(Context ctx) {
        String query = ctx.queryString();
        if (query != null && !query.isEmpty()) {
            checkForm(query.getBytes(StandardCharsets.ISO_8859_1), "query string");
        }
        if (ctx.method() == HandlerType.POST) {
            byte[] body = ctx.bodyAsBytes();
            if (body.length == 0) {
                return;
            }
            String type = ctx.contentType();
            String mime = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (!mime.equals(FORM)) {
                throw ApiException.malformed("Content-Type: " + (type == null ? "(none)" : ApiException.echo(type))
                        + " is not accepted (expected: " + FORM + ")");
            }
            String charset = charset(type);
            if (charset != null && !charset.equals("utf-8")) {
                throw ApiException.malformed("Content-Type: charset=" + ApiException.echo(charset)
                        + " is not accepted (expected: UTF-8)");
            }
            checkForm(body, "body");
        }
    }

    private static String charset(String type) {
        for (String part : type.split(";")) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            if (p.startsWith("charset=")) {
                return p.substring(8).replace("\"", "");
            }
        }
        return null;
    }

    /** Checks each {@code name=value} pair of a form-encoded byte string. */
    static void checkForm(byte[] form, String where) {
        int start = 0;
        for (int i = 0; i <= form.length; i++) {
            if (i == form.length || form[i] == '&') {
                if (i > start) {
                    checkPair(form, start, i, where);
                }
                start = i + 1;
            }
        }
    }

    private static void checkPair(byte[] form, int from, int to, String where) {
        int eq = from;
        while (eq < to && form[eq] != '=') {
            eq++;
        }
        String name = decode(form, from, eq, null, where);
        if (eq < to) {
            decode(form, eq + 1, to, name, where);
        }
    }

    /** Percent-decodes bytes [from, to) strictly; {@code name} is null while decoding the name itself. */
    private static String decode(byte[] form, int from, int to, String name, String where) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        String label = name == null ? "a parameter name in the " + where : name;
        for (int i = from; i < to; i++) {
            int b = form[i] & 0xff;
            if (b == '%') {
                int hi = i + 1 < to ? Character.digit(form[i + 1], 16) : -1;
                int lo = i + 2 < to ? Character.digit(form[i + 2], 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw ApiException.malformed(label + ": malformed percent-encoding (expected: % followed by two"
                            + " hex digits)");
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                out.write(b == '+' ? ' ' : b);
            }
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(out.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw ApiException.malformed(label + ": the bytes are not UTF-8 (expected: UTF-8 text, percent-encoded)");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw ApiException.malformed((name == null ? ApiException.echo(text.replaceAll("\\p{Cntrl}", "?")) : name)
                        + ": contains the control character U+" + String.format("%04X", (int) c)
                        + " (expected: text without control characters)");
            }
        }
        return text;
    }
}
