package io.softswitch.core.security;

import io.softswitch.config.Provisioning;
import io.softswitch.config.provisioning.Account;
import io.softswitch.core.call.CallEngine;
import io.softswitch.core.store.ProvisioningListener;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the calls in progress of an account that stops being active (suspended or closed; issue
 * 22, finding 3): they may go on for {@code calls.drain_seconds}, as at SIGTERM, then both legs
 * are hung up. New calls are refused at once by {@link AccountStatusGate}.
 *
 * <p>Called by the provisioning store in commit order; the hang-up runs on its own timer thread.
 */
public final class AccountDrain implements ProvisioningListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AccountDrain.class);

    private final CallEngine engine;
    private final Duration grace;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "account-drain");
        t.setDaemon(true);
        return t;
    });
    private final Set<String> inactive = new HashSet<>();

    public AccountDrain(CallEngine engine, Duration grace) {
        this.engine = engine;
        this.grace = grace;
    }

    @Override
    public synchronized void provisioningChanged(Provisioning current) {
        Set<String> now = new HashSet<>();
        for (Account a : current.accounts()) {
            if (!a.active()) {
                now.add(a.sid());
                if (!inactive.contains(a.sid())) {
                    schedule(a);
                }
            }
        }
        inactive.clear();
        inactive.addAll(now);
    }

    private void schedule(Account a) {
        int live = engine.activeCalls(a.sid());
        if (live > 0) {
            LOG.info("account {} is {}: its {} call(s) in progress end within {} s", a.sid(), a.status().wire(),
                    live, grace.toSeconds());
        }
        timer.schedule(() -> {
            int ended = engine.endCalls(a.sid());
            if (ended > 0) {
                LOG.info("account {} is {}: hung up {} call(s) still up after {} s", a.sid(), a.status().wire(),
                        ended, grace.toSeconds());
            }
        }, grace.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
