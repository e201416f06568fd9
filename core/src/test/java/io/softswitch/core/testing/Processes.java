package io.softswitch.core.testing;

import java.util.concurrent.TimeUnit;

/** Ending the long-running peers a test started (tcpdump, baresip...). */
public final class Processes {
    private Processes() {
    }

    /**
     * Stops {@code p}: SIGTERM, so that it can finish its files (a capture's last packets, a
     * recording's header), then SIGKILL if it has not exited within 5 s.
     */
    public static void terminate(Process p) {
        p.destroy();
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
