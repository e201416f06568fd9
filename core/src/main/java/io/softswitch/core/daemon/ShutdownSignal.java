package io.softswitch.core.daemon;

import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT into an orderly stop. The JVM's default for SIGTERM is to run shutdown
 * hooks and exit with status 143; a daemon stopped on purpose should exit 0 after closing its
 * listeners, so we take the signals ourselves and let {@code main} return normally.
 */
public final class ShutdownSignal {
    private final CountDownLatch latch = new CountDownLatch(1);
    private volatile String reason = "";

    private ShutdownSignal() {
    }

    public static ShutdownSignal install() {
        ShutdownSignal s = new ShutdownSignal();
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), sig -> s.trigger("SIG" + sig.getName()));
        }
        return s;
    }

    public void trigger(String why) {
        reason = why;
        latch.countDown();
    }

    public void await() {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reason = "interrupted";
        }
    }

    public String reason() {
        return reason;
    }
}
