package io.softswitch.trunking;

import io.softswitch.config.Provisioning;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The current {@link RoutingSnapshot}. Readers call {@link #current()} once per call and use that
 * snapshot throughout; writers build a new snapshot off the call path and swap it in atomically.
 * Readers never block and never see a half-built snapshot.
 */
public final class SnapshotHolder {
    private final AtomicReference<RoutingSnapshot> current;

    public SnapshotHolder(RoutingSnapshot initial) {
        this.current = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
    }

    public RoutingSnapshot current() {
        return current.get();
    }

    /**
     * Compiles {@code provisioning} and swaps in the snapshot of what compiled; returns the
     * compilation, whose problems say what was left out.
     */
    public Compilation replace(Provisioning provisioning) {
        Compilation next = RoutingSnapshot.compile(provisioning);
        current.set(next.snapshot());
        return next;
    }

    /** Swaps in {@code next} and returns the snapshot it replaced. */
    public RoutingSnapshot swap(RoutingSnapshot next) {
        return current.getAndSet(Objects.requireNonNull(next, "next"));
    }
}
