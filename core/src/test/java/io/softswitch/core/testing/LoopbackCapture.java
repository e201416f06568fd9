package io.softswitch.core.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A packet capture of UDP on the loopback interface by Debian's {@code tcpdump} (needs root or
 * CAP_NET_RAW; {@code scripts/test} installs it and runs as root), written to a pcap file as the
 * packets arrive ({@code -U}). Closing it stops tcpdump (SIGTERM, which flushes the file).
 */
public final class LoopbackCapture implements AutoCloseable {
    private final Process process;
    private final Path file;

    private LoopbackCapture(Process process, Path file) {
        this.process = process;
        this.file = file;
    }

    /**
     * Starts capturing UDP packets from or to ports {@code portMin}-{@code portMax} and returns once
     * tcpdump says it is listening (at most 10 s).
     */
    public static LoopbackCapture udpPorts(int portMin, int portMax, Path file) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder("tcpdump", "-i", "lo", "-n", "-U", "-s", "2048", "-w", file.toString(),
                    "udp portrange " + portMin + "-" + portMax).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("tcpdump not runnable (Debian package tcpdump; scripts/test installs it): "
                    + e.getMessage(), e);
        }
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> listening = CompletableFuture.supplyAsync(() -> {
            StringBuilder seen = new StringBuilder();
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    seen.append(line).append('\n');
                    if (line.contains("listening on")) {
                        // Keep draining its output so tcpdump never blocks on a full pipe.
                        Thread drain = new Thread(() -> {
                            try {
                                while (out.readLine() != null) {
                                    // discard
                                }
                            } catch (IOException ignored) {
                                // process ended
                            }
                        }, "tcpdump-output");
                        drain.setDaemon(true);
                        drain.start();
                        return null;
                    }
                }
            } catch (IOException e) {
                seen.append(e);
            }
            return seen.toString();
        });
        String failure;
        try {
            failure = listening.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            Processes.terminate(p);
            throw new IOException("tcpdump did not start capturing within 10 s", e);
        }
        if (failure != null) {
            Processes.terminate(p);
            throw new IOException("tcpdump could not capture on lo (root or CAP_NET_RAW needed): " + failure);
        }
        return new LoopbackCapture(p, file);
    }

    /** Stops the capture; the file then holds every packet captured. */
    public Path finish() {
        Processes.terminate(process);
        return file;
    }

    @Override
    public void close() {
        Processes.terminate(process);
    }

}
