package io.softswitch.core.api;

import java.util.List;

/**
 * Operator actions behind {@code /admin/*} (main account only).
 */
public interface AdminActions {
    AdminActions NONE = () -> new ReloadResult(false, List.of("reload is not available in this process"));

    /** Re-reads the configuration file and applies its {@code provisioning:} block. */
    ReloadResult reload();

    /** What a reload did: applied, or the problems that stopped it (nothing applied then). */
    record ReloadResult(boolean applied, List<String> problems) {
        public ReloadResult {
            problems = List.copyOf(problems);
        }
    }
}
