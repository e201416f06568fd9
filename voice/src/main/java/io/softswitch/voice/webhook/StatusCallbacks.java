package io.softswitch.voice.webhook;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.ArrayList;
import java.util.List;

/**
 * Delivers status callbacks (and recording status callbacks) off the call path: {@link #offer}
 * never blocks; a bounded queue is drained by {@code threads} daemon threads of its own, each
 * sending one request at a time. When the queue is full the callback is dropped and counted, so a
 * slow or dead callback server never delays a call nor grows memory. Thread-safe.
 */
public final class StatusCallbacks implements AutoCloseable {
    /** Default queue capacity. */
    public static final int DEFAULT_CAPACITY = 10_000;

    private final WebhookClient client;
    private final BlockingQueue<WebhookRequest> queue;
    private final List<Thread> workers = new ArrayList<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean closed;

    public StatusCallbacks(WebhookClient client, int capacity, int threads) {
        if (capacity < 1 || threads < 1) {
            throw new IllegalArgumentException("capacity: " + capacity + ", threads: " + threads + " (expected: at least 1)");
        }
        this.client = client;
        this.queue = new ArrayBlockingQueue<>(capacity);
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(this::drain, "status-callbacks-" + i);
            t.setDaemon(true);
            t.start();
            workers.add(t);
        }
    }

    /** Queues a callback; {@code false} (and counted in {@link #dropped()}) when the queue is full or closed. */
    public boolean offer(WebhookRequest request) {
        if (closed || !queue.offer(request)) {
            dropped.incrementAndGet();
            return false;
        }
        return true;
    }

    public long dropped() {
        return dropped.get();
    }

    public long delivered() {
        return delivered.get();
    }

    public long failed() {
        return failed.get();
    }

    public int queued() {
        return queue.size();
    }

    private void drain() {
        while (!closed) {
            try {
                WebhookRequest r = queue.poll(200, TimeUnit.MILLISECONDS);
                if (r == null) {
                    continue;
                }
                WebhookResult result = client.send(r).toCompletableFuture().join();
                (result instanceof WebhookResult.Success ? delivered : failed).incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                failed.incrementAndGet();
            }
        }
    }

    /** Stops the workers; queued callbacks are dropped (counted). */
    @Override
    public void close() {
        closed = true;
        workers.forEach(Thread::interrupt);
        dropped.addAndGet(queue.size());
        queue.clear();
    }
}
