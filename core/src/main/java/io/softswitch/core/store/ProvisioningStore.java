package io.softswitch.core.store;

import io.softswitch.config.Provisioning;
import io.softswitch.config.provisioning.ProvisioningProblem;
import io.softswitch.core.store.internal.ProvisioningApplier;
import io.softswitch.core.store.internal.TableProvisioningReader;
import io.softswitch.trunking.Compilation;
import io.softswitch.trunking.RoutingSnapshot;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What is provisioned, as one immutable {@link Provisioning} and its routing {@link Compilation},
 * kept in step with the tables.
 *
 * <p>Every writer (the REST API, {@link #apply}) goes through {@link #write}: the change, a re-read
 * of the tables and the routing compile run in one transaction, and a change that would add a
 * problem the compile finds is rolled back ({@link ProvisioningRejected}), so the store never holds
 * what routing cannot use. After the commit every {@link ProvisioningListener} is told before
 * {@code write} returns, so a change is visible to routing as soon as the API has answered. Writes
 * are serialized, so listeners see states in commit order.
 *
 * <p>Rows written by an older version may not compile: they are left out of routing, logged and
 * listed by {@link #problems()}, and do not block other writes.
 */
public final class ProvisioningStore {
    private static final Logger LOG = LoggerFactory.getLogger(ProvisioningStore.class);

    private final Rows rows;
    private final String mainAccountSid;
    private final AuthTokens tokens;
    private final Set<String> ownHosts;
    private final List<ProvisioningListener> listeners = new CopyOnWriteArrayList<>();
    private volatile CommitHook commitHook = CommitHook.NONE;
    private volatile Provisioning current;
    private volatile Compilation compilation;

    /** A store whose auth tokens are hashed with a random key of this process (tests without an API). */
    public ProvisioningStore(Rows rows, String mainAccountSid) {
        this(rows, mainAccountSid, new AuthTokens(java.security.SecureRandom.getSeed(32)));
    }

    public ProvisioningStore(Rows rows, String mainAccountSid, AuthTokens tokens) {
        this(rows, mainAccountSid, tokens, Set.of());
    }

    /** A store for a switch answering to {@code ownHosts}, which no trunk may take as its domain name. */
    public ProvisioningStore(Rows rows, String mainAccountSid, AuthTokens tokens, Set<String> ownHosts) {
        this.rows = rows;
        this.mainAccountSid = mainAccountSid;
        this.tokens = tokens;
        this.ownHosts = Set.copyOf(ownHosts);
        this.current = TableProvisioningReader.read(rows);
        this.compilation = RoutingSnapshot.compile(current, this.ownHosts);
        warn(List.of(), compilation.problems());
    }

    /** Everything provisioned, as of the last committed change. Never null; no I/O. */
    public Provisioning current() {
        return current;
    }

    /** The routing compile of {@link #current()}: its snapshot and what it left out. */
    public Compilation compilation() {
        return compilation;
    }

    /** What is stored but left out of routing because it does not compile (older rows); usually empty. */
    public List<ProvisioningProblem> problems() {
        return compilation.problems();
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

    /**
     * Work joined to every change's transaction, run just before its commit, given the SIDs the change
     * wrote: the cluster's {@code NOTIFY} (issue 17), which PostgreSQL delivers only if the change
     * commits. A failing hook rolls the change back. Runs on the writer's thread, under the write lock.
     */
    @FunctionalInterface
    public interface CommitHook {
        CommitHook NONE = (c, sids) -> { };

        void beforeCommit(java.sql.Connection c, Set<String> sids) throws java.sql.SQLException;
    }

    /** Sets the {@link CommitHook} (one per store; {@link CommitHook#NONE} by default). */
    public void commitHook(CommitHook hook) {
        commitHook = hook == null ? CommitHook.NONE : hook;
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
     * Runs {@code change} (writes through {@link #rows()}), re-reads and compiles in one
     * transaction; commits and tells the listeners, or rolls back.
     *
     * @throws ProvisioningRejected naming every problem the change would add; nothing is stored
     */
    public <T> T write(Supplier<T> change) {
        return write(change, false);
    }

    /**
     * @param onlyIfChanged compare the result with the current state and tell the listeners only
     *                      when it differs (declarations applied again and again); an API write
     *                      always changes something, so it skips the deep comparison
     */
    private synchronized <T> T write(Supplier<T> change, boolean onlyIfChanged) {
        Provisioning[] read = new Provisioning[1];
        Compilation[] compiled = new Compilation[1];
        boolean[] changed = new boolean[1];
        T result = rows.jdbc().inTransaction(c -> {
            Rows.Tracked<T> r = rows.tracking(change);
            read[0] = TableProvisioningReader.read(rows);
            compiled[0] = RoutingSnapshot.compile(read[0], ownHosts);
            List<ProvisioningProblem> added = added(compilation.problems(), compiled[0].problems());
            if (!added.isEmpty()) {
                throw new ProvisioningRejected(added);
            }
            // An API write publishes without comparing: a deep Provisioning.equals over every trunk
            // was a visible part of a write at 10,000 trunks (bench/provisioning).
            changed[0] = !onlyIfChanged || !read[0].equals(current);
            if (changed[0]) {
                commitHook.beforeCommit(c, r.sids());
            }
            return r.result();
        });
        if (changed[0]) {
            publish(read[0], compiled[0]);
        }
        return result;
    }

    /** {@link #write(Supplier)} for a change without a result. */
    public void write(Runnable change) {
        write(() -> {
            change.run();
            return null;
        });
    }

    /**
     * Applies a declaration (the YAML {@code provisioning:} block) idempotently and atomically:
     * matched by friendly name, updated in place, created when absent; nothing undeclared is removed.
     *
     * @throws IllegalArgumentException when it refers to something that does not exist
     * @throws ProvisioningRejected when the result would not compile; nothing is applied
     */
    public void apply(Provisioning declared) {
        write(() -> {
            new ProvisioningApplier(rows, mainAccountSid).apply(declared);
            return null;
        }, true);
    }

    /**
     * Re-reads the tables after a change made outside {@link #write} (tools, tests) and tells the
     * listeners when something differs (the only place that compares whole states); what does not compile is left out of routing and logged.
     */
    public synchronized void changed() {
        Provisioning next = TableProvisioningReader.read(rows);
        if (!next.equals(current)) {
            publish(next, RoutingSnapshot.compile(next, ownHosts));
        }
    }

    private void publish(Provisioning next, Compilation compiled) {
        warn(compilation.problems(), compiled.problems());
        current = next;
        compilation = compiled;
        for (ProvisioningListener l : listeners) {
            try {
                l.provisioningChanged(next);
            } catch (RuntimeException e) {
                LOG.warn("provisioning listener {} failed: {}", l, e.toString());
            }
        }
    }

    private static void warn(List<ProvisioningProblem> before, List<ProvisioningProblem> after) {
        for (ProvisioningProblem p : added(before, after)) {
            LOG.warn("provisioning left out of routing: {}", p);
        }
    }

    /** The problems of {@code after} that {@code before} does not have (compared without list positions). */
    static List<ProvisioningProblem> added(List<ProvisioningProblem> before, List<ProvisioningProblem> after) {
        Set<String> known = new HashSet<>();
        before.forEach(p -> known.add(p.key()));
        List<ProvisioningProblem> out = new ArrayList<>();
        for (ProvisioningProblem p : after) {
            if (!known.contains(p.key())) {
                out.add(p);
            }
        }
        return out;
    }
}
