package io.softswitch.core.store;

import io.softswitch.config.Provisioning;
import io.softswitch.core.store.internal.ProvisioningApplier;
import io.softswitch.core.store.internal.ProvisioningReader;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What is provisioned, as one immutable {@link Provisioning}, kept in step with the tables.
 *
 * <p>Every writer (the REST API, {@link #apply}) calls {@link #changed()} after committing; that
 * re-reads the tables and, when the result differs from the last one, tells every
 * {@link ProvisioningListener} before returning, so a change is visible to routing as soon as the
 * API has answered. Re-reads are serialized, so listeners see states in commit order.
 */
public final class ProvisioningStore {
    private static final Logger LOG = LoggerFactory.getLogger(ProvisioningStore.class);

    private final Rows rows;
    private final String mainAccountSid;
    private final AuthTokens tokens;
    private final List<ProvisioningListener> listeners = new CopyOnWriteArrayList<>();
    private volatile Provisioning current;

    /** A store whose auth tokens are hashed with a random key of this process (tests without an API). */
    public ProvisioningStore(Rows rows, String mainAccountSid) {
        this(rows, mainAccountSid, new AuthTokens(java.security.SecureRandom.getSeed(32)));
    }

    public ProvisioningStore(Rows rows, String mainAccountSid, AuthTokens tokens) {
        this.rows = rows;
        this.mainAccountSid = mainAccountSid;
        this.tokens = tokens;
        this.current = ProvisioningReader.read(rows);
    }

    /** Everything provisioned, as of the last committed change. Never null; no I/O. */
    public Provisioning current() {
        return current;
    }

    public String mainAccountSid() {
        return mainAccountSid;
    }

    /** How auth tokens are stored and checked. */
    public AuthTokens tokens() {
        return tokens;
    }

    public Rows rows() {
        return rows;
    }

    /** Registers a listener and calls it once with the current state. */
    public void addListener(ProvisioningListener listener) {
        listeners.add(listener);
        listener.provisioningChanged(current);
    }

    public void removeListener(ProvisioningListener listener) {
        listeners.remove(listener);
    }

    /**
     * Applies a declaration (the YAML {@code provisioning:} block) idempotently: matched by friendly
     * name, updated in place, created when absent; nothing undeclared is removed.
     *
     * <p>Not atomic: when a declaration fails half-way (it names a carrier that does not exist), what
     * came before stays applied, and applying the corrected declaration converges.
     *
     * @throws IllegalArgumentException when it refers to something that does not exist
     */
    public synchronized void apply(Provisioning declared) {
        try {
            new ProvisioningApplier(rows, mainAccountSid).apply(declared);
        } finally {
            changed();
        }
    }

    /** Re-reads the tables after a committed change and notifies listeners when something differs. */
    public synchronized void changed() {
        Provisioning next = ProvisioningReader.read(rows);
        if (next.equals(current)) {
            return;
        }
        current = next;
        for (ProvisioningListener l : listeners) {
            try {
                l.provisioningChanged(next);
            } catch (RuntimeException e) {
                LOG.warn("provisioning listener {} failed: {}", l, e.toString());
            }
        }
    }
}
