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

    /** Builds a snapshot from {@code provisioning} and swaps it in; on a build error the old one stays. */
    public RoutingSnapshot replace(Provisioning provisioning) {
        RoutingSnapshot next = RoutingSnapshot.build(provisioning);
        current.set(next);
        return next;
    }

    /** Swaps in {@code next} and returns the snapshot it replaced. */
    public RoutingSnapshot swap(RoutingSnapshot next) {
        return current.getAndSet(Objects.requireNonNull(next, "next"));
    }
}
