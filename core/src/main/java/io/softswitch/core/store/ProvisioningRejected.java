package io.softswitch.core.store;

import io.softswitch.config.provisioning.ProvisioningProblem;
import java.util.List;

/**
 * A provisioning write refused because routing could not compile its result: every problem it
 * would have added (problems already stored before it do not count). Nothing of the write was
 * kept: it was rolled back.
 */
public final class ProvisioningRejected extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<ProvisioningProblem> problems;

    public ProvisioningRejected(List<ProvisioningProblem> problems) {
        super(String.join("; ", problems.stream().map(ProvisioningProblem::toString).toList()), null, false, false);
        this.problems = List.copyOf(problems);
    }

    public List<ProvisioningProblem> problems() {
        return problems;
    }
}
