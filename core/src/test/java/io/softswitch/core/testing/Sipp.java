package io.softswitch.core.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the real SIPp binary (Debian {@code sip-tester}) with a scenario from
 * {@code core/src/test/sipp/} and reports what it saw: its exit code (0 = every call succeeded),
 * its final screen, the lines its {@code <log>} actions wrote ({@code -trace_logs}) and every SIP
 * message it sent and received ({@code -trace_msg}).
 */
public final class Sipp {
    public static final Path SCENARIOS = Path.of("src/test/sipp");

    private final List<String> args = new ArrayList<>();
    private final Map<String, String> keys = new LinkedHashMap<>();
    private final String scenario;
    private String transport = "u1";
    private String localIp = "127.0.0.1";
    private String remoteHost = "127.0.0.1";
    private int calls = 1;
    private int localPort;

    private Sipp(String scenario) {
        this.scenario = scenario;
    }

    public static Sipp scenario(String name) {
        return new Sipp(name);
    }

    public Sipp tcp() {
        transport = "t1";
        return this;
    }

    public Sipp calls(int n) {
        calls = n;
        return this;
    }

    public Sipp localPort(int port) {
        localPort = port;
        return this;
    }

    /** The loopback address SIPp binds and sends from (e.g. {@code 127.0.0.2} to be another host). */
    public Sipp localIp(String ip) {
        localIp = ip;
        return this;
    }

    /** The loopback address a UAC sends to ({@code 127.0.0.1} unless set). */
    public Sipp remoteHost(String ip) {
        remoteHost = ip;
        return this;
    }

    /** A generic scenario keyword: {@code [name]} in the scenario becomes {@code value} ({@code -key}). */
    public Sipp key(String name, String value) {
        keys.put(name, value);
        return this;
    }

    public Sipp arg(String... more) {
        args.addAll(List.of(more));
        return this;
    }

    /** Runs SIPp as a UAC against {@code 127.0.0.1:port} and waits for it to finish. */
    public Result runAgainst(int port) throws IOException, InterruptedException {
        return start(port).await();
    }

    /** Starts SIPp as a UAC against {@code 127.0.0.1:port} in the background. */
    public Running startAgainst(int port) throws IOException {
        return start(port);
    }

    /** Starts SIPp as a UAS (no remote) listening on {@link #localPort}; call {@link Running#await}. */
    public Running startServer() throws IOException {
        if (localPort == 0) {
            throw new IllegalStateException("a SIPp server needs localPort()");
        }
        return start(-1);
    }

    private Running start(int remotePort) throws IOException {
        Path dir = Files.createTempDirectory("sipp");
        List<String> cmd = new ArrayList<>(List.of("sipp",
                "-sf", SCENARIOS.resolve(scenario).toAbsolutePath().toString(),
                "-i", localIp,
                "-p", Integer.toString(localPort == 0 ? FreePorts.udpAndTcp() : localPort),
                "-t", transport,
                "-m", Integer.toString(calls),
                "-nostdin",
                "-timeout", "30s",
                "-timeout_error",
                "-trace_err", "-error_file", dir.resolve("errors.log").toString(),
                "-trace_logs", "-log_file", dir.resolve("logs.log").toString(),
                "-trace_msg", "-message_file", dir.resolve("messages.log").toString()));
        keys.forEach((k, v) -> cmd.addAll(List.of("-key", k, v)));
        cmd.addAll(args);
        if (remotePort > 0) {
            cmd.add(remoteHost + ":" + remotePort);
        }
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("screen.log").toFile()).start();
        return new Running(p, dir, cmd);
    }

    /** A SIPp process in the background. */
    public static final class Running implements AutoCloseable {
        private final Process process;
        private final Path dir;
        private final List<String> cmd;

        Running(Process process, Path dir, List<String> cmd) {
            this.process = process;
            this.dir = dir;
            this.cmd = cmd;
        }

        /** Waits for SIPp to finish its calls (at most 60 s) and returns what it saw. */
        public Result await() throws IOException, InterruptedException {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("sipp did not finish within 60 s: " + cmd);
            }
            return result();
        }

        /**
         * Stops SIPp now (SIGTERM, which flushes its traces) and returns what it saw so far: for a
         * peer that must have received nothing, or a server whose call count is not known.
         */
        public Result stop() throws IOException, InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            return result();
        }

        private Result result() throws IOException {
            return new Result(process.exitValue(), read("screen.log"), read("errors.log"), read("logs.log"),
                    read("messages.log"));
        }

        private String read(String name) throws IOException {
            Path f = dir.resolve(name);
            return Files.exists(f) ? Files.readString(f, StandardCharsets.ISO_8859_1) : "";
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    /** One SIP message as SIPp traced it. */
    public record Message(boolean received, String text) {
        private static final Pattern STATUS = Pattern.compile("^SIP/2\\.0 (\\d{3})");

        /** The request method, or null for a response. */
        public String method() {
            return text.startsWith("SIP/2.0") ? null : text.substring(0, Math.max(0, text.indexOf(' ')));
        }

        /** The status code, or 0 for a request. */
        public int status() {
            Matcher m = STATUS.matcher(text);
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        }

        public String firstLine() {
            int eol = text.indexOf('\n');
            return (eol < 0 ? text : text.substring(0, eol)).trim();
        }

        /** Every value of a header (case-insensitive name; compact forms are not expanded). */
        public List<String> headers(String name) {
            List<String> out = new ArrayList<>();
            for (String line : head().split("\r?\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    out.add(line.substring(colon + 1).trim());
                }
            }
            return out;
        }

        public Optional<String> header(String name) {
            List<String> all = headers(name);
            return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
        }

        /** The body (after the blank line), possibly empty. */
        public String body() {
            int i = text.indexOf("\n\n");
            int j = text.indexOf("\r\n\r\n");
            int at = j >= 0 && (i < 0 || j < i) ? j + 4 : i >= 0 ? i + 2 : text.length();
            return text.substring(at).trim();
        }

        private String head() {
            int i = text.indexOf("\n\n");
            int j = text.indexOf("\r\n\r\n");
            int at = j >= 0 && (i < 0 || j < i) ? j : i >= 0 ? i : text.length();
            return text.substring(0, at);
        }
    }

    /** SIPp's verdict: exit code 0 means every call of the scenario completed as written. */
    public record Result(int exitCode, String screen, String errors, String logs, String messageTrace) {
        private static final String SEPARATOR = "-----------------------------------------------";

        public boolean allCallsSucceeded() {
            return exitCode == 0;
        }

        /** The text after {@code prefix + " "} of every {@code <log>} line starting with {@code prefix}. */
        public List<String> logged(String prefix) {
            List<String> out = new ArrayList<>();
            for (String line : logs.split("\r?\n")) {
                if (line.startsWith(prefix + " ")) {
                    out.add(line.substring(prefix.length() + 1).trim());
                }
            }
            return out;
        }

        /** Every message SIPp sent or received, in order. */
        public List<Message> messages() {
            List<Message> out = new ArrayList<>();
            for (String block : messageTrace.split("(?m)^" + SEPARATOR + ".*$")) {
                String b = block.strip();
                int eol = b.indexOf('\n');
                if (eol < 0) {
                    continue;
                }
                String what = b.substring(0, eol);
                boolean received = what.contains("message received");
                if (!received && !what.contains("message sent")) {
                    continue;
                }
                out.add(new Message(received, b.substring(eol + 1).strip()));
            }
            return out;
        }

        /** The requests of {@code method} SIPp received (retransmissions included). */
        public List<Message> received(String method) {
            return messages().stream().filter(m -> m.received() && method.equals(m.method())).toList();
        }

        /** The responses with {@code status} SIPp received. */
        public List<Message> receivedResponses(int status) {
            return messages().stream().filter(m -> m.received() && m.status() == status).toList();
        }

        /** The messages SIPp sent. */
        public List<Message> sent() {
            return messages().stream().filter(m -> !m.received()).toList();
        }

        @Override
        public String toString() {
            String tail = screen.length() > 3000 ? screen.substring(screen.length() - 3000) : screen;
            String trace = messageTrace.length() > 6000 ? messageTrace.substring(messageTrace.length() - 6000)
                    : messageTrace;
            return "sipp exit " + exitCode + "\n" + tail + "\n" + errors + "\n" + logs + "\n" + trace;
        }
    }
}
