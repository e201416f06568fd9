package io.softswitch.core.testing.baresip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client of baresip's {@code ctrl_tcp} module: commands go out as
 * {@code {"command":..,"params":..,"token":..}}; the answers ({@code "response":true}, matched by
 * token) and the events ({@code "event":true}) come back on the same connection. A daemon thread
 * reads the connection and records every event in arrival order; {@link #events()} may be read
 * from any thread.
 */
final class CtrlTcp implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Socket socket;
    private final OutputStream out;
    private final List<BaresipEvent> events = new CopyOnWriteArrayList<>();
    private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger tokens = new AtomicInteger();
    private volatile IOException failure;

    private CtrlTcp(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        InputStream in = new BufferedInputStream(socket.getInputStream());
        Thread reader = new Thread(() -> readLoop(in), "ctrl_tcp-" + socket.getPort());
        reader.setDaemon(true);
        reader.start();
    }

    static CtrlTcp connect(InetSocketAddress address) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(address, 1000);
            s.setTcpNoDelay(true);
            return new CtrlTcp(s);
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /**
     * Runs a command (a menu command such as {@code dial}, {@code sndcode}, {@code hangup}) and
     * returns its {@code data}; fails when baresip answers {@code "ok":false} or not within 5 s.
     */
    String command(String command, String params) throws IOException {
        String token = Integer.toString(tokens.incrementAndGet());
        ObjectNode request = JSON.createObjectNode().put("command", command).put("params", params).put("token", token);
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(token, answer);
        synchronized (out) {
            out.write(Netstring.encode(request.toString()));
            out.flush();
        }
        JsonNode response;
        try {
            response = answer.get(5, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new IOException("ctrl_tcp: no answer to " + request + (failure == null ? "" : ": " + failure), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for " + request, e);
        } finally {
            pending.remove(token);
        }
        String data = response.path("data").asText("");
        if (!response.path("ok").asBoolean(false)) {
            throw new IOException("ctrl_tcp: " + request + " failed: " + data.trim());
        }
        return data;
    }

    /** Every event received so far, oldest first. */
    List<BaresipEvent> events() {
        return List.copyOf(events);
    }

    private void readLoop(InputStream in) {
        try {
            while (true) {
                JsonNode message = JSON.readTree(Netstring.read(in));
                if (message.path("response").asBoolean(false)) {
                    CompletableFuture<JsonNode> f = pending.get(message.path("token").asText(""));
                    if (f != null) {
                        f.complete(message);
                    }
                } else if (message.path("event").asBoolean(false)) {
                    events.add(new BaresipEvent(message.path("type").asText(""), message.path("param").asText(""),
                            message.path("id").asText(""), message.toString()));
                }
            }
        } catch (IOException e) {
            failure = e;
        } finally {
            pending.values().forEach(f -> f.completeExceptionally(failure));
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
