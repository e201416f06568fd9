package io.softswitch.sip.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The third-party conformance corpora in {@code ../shared/conformance} (never copied into the repo). */
final class Corpus {
    private Corpus() {
    }

    /** The corpus folder {@code name}; fails the calling test with a clear message when it is absent (CI always has ../shared). */
    static Path dir(String name) {
        Path shared = Path.of(System.getProperty("softswitch.shared.dir", "../../shared"));
        Path dir = shared.resolve("conformance").resolve(name);
        assertTrue(Files.isDirectory(dir), "conformance corpus not found at " + dir.toAbsolutePath()
                + " (expected ../shared/conformance next to the repository; set -Dsoftswitch.shared.dir)");
        return dir;
    }

    /** Every message file of a corpus folder (licence files excluded), sorted by name. */
    static Stream<Path> files(String name) {
        Path dir = dir(name);
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith("LICENSE")).sorted().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code wsinv} for {@code rfc4475/wsinv.dat}. */
    static String id(Path p) {
        String n = p.getFileName().toString();
        return n.endsWith(".dat") ? n.substring(0, n.length() - 4) : n;
    }
}
