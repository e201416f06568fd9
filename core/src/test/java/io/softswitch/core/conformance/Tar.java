package io.softswitch.core.conformance;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Extracts the regular files of a {@code .tar.gz} (ustar/GNU headers) into a folder; no tool needed. */
final class Tar {
    private Tar() {
    }

    static void extractGz(Path archive, Path into) throws IOException {
        try (InputStream in = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(archive), 1 << 16))) {
            byte[] header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512) {
                String name = field(header, 0, 100);
                if (name.isEmpty()) {
                    return; // end-of-archive block
                }
                String prefix = field(header, 345, 155);
                long size = Long.parseLong(field(header, 124, 12).trim().isEmpty() ? "0" : field(header, 124, 12).trim(), 8);
                char type = (char) header[156];
                String full = prefix.isEmpty() ? name : prefix + "/" + name;
                Path target = into.resolve(full).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("tar entry escapes the target folder: " + full);
                }
                if (type == '0' || type == 0) {
                    Files.createDirectories(target.getParent());
                    Files.write(target, in.readNBytes((int) size));
                } else {
                    in.skipNBytes(size);
                }
                long pad = (512 - size % 512) % 512;
                in.skipNBytes(pad);
            }
        }
    }

    private static String field(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) {
            end++;
        }
        return new String(h, off, end - off, StandardCharsets.US_ASCII);
    }
}
