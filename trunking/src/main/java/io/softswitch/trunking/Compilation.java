package io.softswitch.trunking;

import io.softswitch.config.provisioning.ProvisioningProblem;
import java.util.List;
import java.util.Objects;

/**
 * What compiling a provisioning gave: a snapshot of everything that compiled, and every problem
 * of what did not (the resources with problems, and those that refer to them, are left out of the
 * snapshot). A writer refuses a change that adds problems; a daemon starting over a store that
 * already holds some routes the rest and reports them.
 */
public record Compilation(RoutingSnapshot snapshot, List<ProvisioningProblem> problems) {
    public Compilation {
        Objects.requireNonNull(snapshot, "snapshot");
        problems = List.copyOf(problems);
    }

    /** Whether everything compiled. */
    public boolean ok() {
        return problems.isEmpty();
    }
}
