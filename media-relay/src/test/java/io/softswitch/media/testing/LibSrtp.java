package io.softswitch.media.testing;

import io.softswitch.media.SrtpSuite;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * libsrtp2 through Debian's python3-pylibsrtp (test resource {@code srtp/libsrtp_oracle.py}), as an
 * independent SRTP implementation: one process per instance, one libsrtp session per (suite, key,
 * direction). Close it to end the process.
 */
public final class LibSrtp implements AutoCloseable {
    private static final HexFormat HEX = HexFormat.of();
    private final Process process;
    private final Writer in;
    private final BufferedReader out;

    public LibSrtp() {
        try {
            Path script = Files.createTempFile("libsrtp_oracle", ".py");
            try (InputStream s = LibSrtp.class.getResourceAsStream("/srtp/libsrtp_oracle.py")) {
                Files.write(script, s.readAllBytes());
            }
            script.toFile().deleteOnExit();
            process = new ProcessBuilder("/usr/bin/python3", script.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII);
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public byte[] protect(SrtpSuite suite, byte[] keyMaterial, boolean rtcp, byte[] packet) {
        return call(suite, keyMaterial, rtcp, "protect", packet);
    }

    /** The plain packet, or null when libsrtp refused it (authentication or replay failure). */
    public byte[] unprotect(SrtpSuite suite, byte[] keyMaterial, boolean rtcp, byte[] packet) {
        return call(suite, keyMaterial, rtcp, "unprotect", packet);
    }

    private synchronized byte[] call(SrtpSuite suite, byte[] key, boolean rtcp, String direction, byte[] packet) {
        try {
            in.write(suite.sdpName() + " " + HEX.formatHex(key) + " " + (rtcp ? "rtcp" : "rtp") + " " + direction
                    + " " + HEX.formatHex(packet) + "\n");
            in.flush();
            String line = out.readLine();
            if (line == null) {
                throw new IllegalStateException("libsrtp oracle exited (is python3-pylibsrtp installed?)");
            }
            return line.startsWith("error") ? null : HEX.parseHex(line.trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            in.close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException | InterruptedException e) {
            process.destroyForcibly();
        }
    }
}
