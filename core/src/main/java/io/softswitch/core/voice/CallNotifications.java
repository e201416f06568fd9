package io.softswitch.core.voice;

import io.softswitch.core.store.Rows;
import io.softswitch.core.store.Sids;
import io.softswitch.voice.twiml.TwimlError;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the notifications of TwiML calls (a webhook that failed, a document refused, something in
 * it ignored) to {@code call_notifications}, Twilio's Notification resource. Off the call's thread:
 * one writer thread behind a bounded queue of {@link #QUEUE} entries; when a failing application
 * floods it, the excess is dropped (counted, one WARN per thousand), never a blocked call.
 */
public final class CallNotifications implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CallNotifications.class);
    /** Notifications waiting to be written at most. */
    public static final int QUEUE = 10_000;

    private final Rows rows;
    private final ThreadPoolExecutor writer;
    private final AtomicLong dropped = new AtomicLong();

    public CallNotifications(Rows rows) {
        this.rows = rows;
        this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, "call-notifications");
            t.setDaemon(true);
            return t;
        }, (r, pool) -> {
            if (dropped.incrementAndGet() % 1000 == 1) {
                LOG.warn("call notifications queue full ({} entries): {} dropped so far", QUEUE, dropped.get());
            }
        });
    }

    /**
     * Queues one notification of call {@code callSid}; {@code url}/{@code method} name the request
     * that failed, when the error is a webhook's. Any thread; returns at once.
     */
    public void record(String accountSid, String callSid, TwimlError error, URI url, String method) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("sid", Sids.next("NO"));
        row.put("account_sid", accountSid);
        row.put("call_sid", callSid);
        row.put("error_code", error.code());
        row.put("log_level", error.code() == TwimlError.SCHEMA_WARNING ? 1 : 0);
        String message = error.message();
        row.put("message_text", message.length() > 1024 ? message.substring(0, 1024) : message);
        String u = url == null ? null : url.toString();
        row.put("request_url", u != null && u.length() > 1024 ? u.substring(0, 1024) : u);
        row.put("request_method", url == null ? null : method);
        writer.execute(() -> {
            try {
                rows.insert("call_notifications", row);
            } catch (RuntimeException e) {
                LOG.warn("{}: notification {} not stored: {}", callSid, error, e.toString());
            }
        });
    }

    /** Notifications dropped because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
