package io.softswitch.core.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The RFC 4475 / RFC 5118 torture messages in {@code ../shared/conformance}, read in place. */
final class TortureCorpus {
    /** The top Via's protocol, transport and sent-by (RFC 3261 §20.42), when it is well-formed enough to rewrite. */
    private static final String LWS = "(?:[ \\t]|\\r\\n[ \\t])";
    private static final Pattern TOP_VIA = Pattern.compile("(?im)^((?:via|v)" + LWS + "*:" + LWS + "*SIP" + LWS + "*/"
            + LWS + "*[0-9.]+" + LWS + "*/" + LWS + "*)([A-Za-z]+)(" + LWS + "+)([^;,\\r\\n \\t]+)");
    /** The branch parameter up to the end of the header field (continuation lines included). */
    private static final Pattern BRANCH = Pattern.compile("(?i)^(?:[^\\r\\n]|\\r\\n[ \\t])*?;" + LWS + "*branch" + LWS
            + "*=" + LWS + "*([^;,\\s]+)");

    private TortureCorpus() {
    }

    /** {@code ../shared/conformance}, or a failed test with a clear message when absent (CI always has ../shared). */
    static Path dir() {
        Path shared = Path.of(System.getProperty("softswitch.shared.dir", "../../shared"));
        Path dir = shared.resolve("conformance");
        assertTrue(Files.isDirectory(dir.resolve("rfc4475")), "conformance corpus not found at "
                + dir.toAbsolutePath() + " (expected ../shared/conformance next to the repository)");
        return dir;
    }

    static Stream<Path> files() {
        Path dir = dir();
        return Stream.of("rfc4475", "rfc5118").flatMap(sub -> {
            try (Stream<Path> s = Files.list(dir.resolve(sub))) {
                return s.filter(p -> !p.getFileName().toString().startsWith("LICENSE")).sorted().toList().stream();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    static String id(Path p) {
        String n = p.getFileName().toString();
        return n.endsWith(".dat") ? n.substring(0, n.length() - 4) : n;
    }

    static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The message with only its top Via changed: transport and sent-by become {@code UDP
     * 127.0.0.1:port}, so that the answer comes back to the test socket over the transport it was
     * sent on (RFC 3261 §18.2.2), and {@code suffix} is appended to its branch. The suffix is needed
     * because JAIN-SIP keys server transactions by branch alone and the corpus reuses branches (15
     * files carry {@code z9hG4bKkdjuw}): without it, a file would be taken for a retransmission of an
     * earlier one. A bare {@code z9hG4bK} branch (badbranch) is kept, as it is what that file tests.
     * Every other byte is unchanged. Returns the input for a response or a message without a
     * rewritable Via.
     */
    static byte[] withViaTo(byte[] message, int port, String suffix) {
        String text = new String(message, StandardCharsets.ISO_8859_1);
        if (text.startsWith("SIP/")) {
            return message;
        }
        Matcher m = TOP_VIA.matcher(text);
        if (!m.find()) {
            return message;
        }
        String rest = text.substring(m.end());
        Matcher b = BRANCH.matcher(rest);
        if (b.find() && !b.group(1).equalsIgnoreCase("z9hG4bK")) {
            rest = rest.substring(0, b.end(1)) + suffix + rest.substring(b.end(1));
        }
        String rewritten = text.substring(0, m.start()) + m.group(1) + "UDP" + m.group(3) + "127.0.0.1:" + port + rest;
        return rewritten.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The first Call-ID of a message, or "" when it has none. */
    static String callId(byte[] message) {
        Matcher m = Pattern.compile("(?im)^(?:call-id|i)[ \\t]*:[ \\t]*(\\S+)")
                .matcher(new String(message, StandardCharsets.ISO_8859_1));
        return m.find() ? m.group(1) : "";
    }
}
