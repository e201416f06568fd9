package io.softswitch.core.testing.linphone;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real linphone (Debian {@code linphone-cli} 5.1: liblinphone, belle-sip, mediastreamer2 with
 * libsrtp2) as a headless SIP user agent: {@code linphonec} reading commands on its stdin, its
 * console output in {@code linphonec.out} and its debug log in {@code linphone.log}. No sound card:
 * {@code soundcard use files} makes it play a WAV file as its microphone and record what it
 * decodes to another. SIP over TLS only (UDP and TCP off), SRTP (SDES) mandatory with the given
 * suites, the server's certificate chain verified against {@code caFile}. Not its name: belle-sip's
 * mbedTLS matches only DNS subject alternative names (an IP address SAN shows as
 * {@code <unsupported>}, and the CN is ignored once there is a SAN), so a certificate for
 * 127.0.0.1 always fails its name check ({@code CN-mismatch}); the switch's own name check on
 * outbound TLS is {@code KamailioMutualTlsCarrierTest}'s job. Closing it sends
 * {@code quit}, then stops the process (SIGTERM, SIGKILL after 5 s).
 */
public final class Linphone implements AutoCloseable {
    public static final String EXECUTABLE = "linphonec";

    private final Path dir;
    private final Process process;
    private final OutputStream stdin;

    private Linphone(Path dir, Process process) {
        this.dir = dir;
        this.process = process;
        this.stdin = process.getOutputStream();
    }

    /**
     * Starts linphonec with its files under {@code dir} (emptied first, kept afterwards) and waits
     * (at most 15 s) for its prompt.
     *
     * @param user   the user part of its identity ({@code sip:user@127.0.0.1})
     * @param suites {@code srtp_crypto_suites}, e.g. {@code AES_CM_128_HMAC_SHA1_80}
     */
    public static Linphone start(String user, Path caFile, String suites, Path source, Path dir) throws IOException {
        deleteTree(dir);
        // Without its database directory liblinphone 5.1 never brings its transports up.
        Files.createDirectories(dir.resolve("home/.local/share/linphone"));
        Files.copy(source, dir.resolve("source.wav"));
        int tls = freeTcpPort();
        int rtp = freeRtpPort();
        Files.writeString(dir.resolve("linphonerc"), """
                [sip]
                sip_port=0
                sip_tcp_port=0
                sip_tls_port=%d
                contact="pbx" <sip:%s@127.0.0.1>
                media_encryption=srtp
                media_encryption_mandatory=1
                srtp_crypto_suites=%s
                root_ca=%s
                verify_server_certs=1
                verify_server_cn=0
                bind_address=127.0.0.1
                [net]
                auto_net_state_mon=0
                firewall_policy=0
                [rtp]
                audio_rtp_port=%d
                audio_jitt_comp=60
                rtcp_mux=0
                [sound]
                echocancellation=0
                [video]
                enabled=0
                """.formatted(tls, user, suites, caFile.toAbsolutePath(), rtp));
        Process p;
        try {
            ProcessBuilder pb = new ProcessBuilder(EXECUTABLE, "-c", dir.resolve("linphonerc").toString(), "-d", "6",
                    "-l", dir.resolve("linphone.log").toString()).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("linphonec.out").toFile());
            pb.environment().put("HOME", dir.resolve("home").toString()); // its database and state stay here
            p = pb.start();
        } catch (IOException e) {
            throw new IOException(EXECUTABLE + " not runnable (Debian package linphone-cli; scripts/test installs it): "
                    + e.getMessage(), e);
        }
        Linphone l = new Linphone(dir, p);
        try {
            l.command("soundcard use files");
            l.awaitOutput("Using wav files instead of soundcard", Duration.ofSeconds(15));
            l.await("its TLS listener", Duration.ofSeconds(15),
                    () -> l.log().contains("Creating listening point") && l.log().contains(":" + tls + ";transport=TLS]"));
            l.command("play " + dir.resolve("source.wav").toAbsolutePath());
            l.command("record " + dir.resolve("received.wav").toAbsolutePath());
        } catch (RuntimeException | IOException e) {
            l.close();
            throw e;
        }
        return l;
    }

    /** Sends one console command, e.g. {@code call sip:...}. */
    public void command(String line) throws IOException {
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    /** Its console output so far. */
    public String output() {
        return read(dir.resolve("linphonec.out"));
    }

    /** Its debug log so far (SIP messages included). */
    public String log() {
        return read(dir.resolve("linphone.log"));
    }

    /** Waits (at most {@code timeout}) until the console output contains {@code text}. */
    public void awaitOutput(String text, Duration timeout) {
        await("'" + text + "'", timeout, () -> output().contains(text));
    }

    private void await(String what, Duration timeout, java.util.concurrent.Callable<Boolean> condition) {
        try {
            Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(50)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("linphonec exited with " + process.exitValue() + "; " + this);
                }
                return condition.call();
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no " + what + " within " + timeout + " from " + this + ":\n" + output(), e);
        }
    }

    /** The WAV file it records what it decodes to. */
    public Path recording() {
        return dir.resolve("received.wav");
    }

    public Path dir() {
        return dir;
    }

    @Override
    public String toString() {
        return "linphonec in " + dir;
    }

    @Override
    public void close() {
        try {
            command("quit");
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return s.getLocalPort();
        }
    }

    /** An even port whose pair (RTP, RTCP) is free, above the relays' 20000-32767. */
    private static int freeRtpPort() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = 2 * ThreadLocalRandom.current().nextInt(40000 / 2, 60000 / 2);
            try (DatagramSocket rtp = new DatagramSocket(new InetSocketAddress(port));
                    DatagramSocket rtcp = new DatagramSocket(new InetSocketAddress(port + 1))) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free RTP port pair for linphone");
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
