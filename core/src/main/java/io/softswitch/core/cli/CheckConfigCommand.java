package io.softswitch.core.cli;

import io.softswitch.config.ConfigException;
import io.softswitch.core.daemon.ConfigFiles;
import io.softswitch.config.ConfigProblem;
import io.softswitch.config.MediaMode;
import io.softswitch.config.SoftswitchConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code softswitch check-config FILE}: validates a file, prints every problem or a summary. */
@Command(name = "check-config", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "Validate a configuration file; exit 1 if it has problems.")
final class CheckConfigCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", defaultValue = "${env:SOFTSWITCH_CONFIG:-config/softswitch.yaml}",
            description = "Configuration file (default: ${DEFAULT-VALUE}).")
    Path file;

    @Override
    public Integer call() {
        try {
            SoftswitchConfig config = ConfigFiles.loader().load(file);
            System.out.println(file + ": OK");
            System.out.println("  sip:     " + config.sip().listen().stream()
                    .map(l -> l.transport().name().toLowerCase(java.util.Locale.ROOT) + " " + l.host() + ":" + l.port())
                    .toList());
            System.out.println("  http:    " + config.http().scheme() + " " + config.http().host() + ":"
                    + config.http().port());
            System.out.println("  media:   " + (config.media().mode() == MediaMode.BYPASS ? "bypass (no relay)"
                    : config.media().bindAddress() + " ports " + config.media().portMin() + "-" + config.media().portMax()
                            + ", transport " + config.media().transport().name().toLowerCase(java.util.Locale.ROOT)));
            var calls = config.calls();
            System.out.println("  calls:   max " + calls.maxCalls() + ", overload "
                    + (calls.maxQueueDelay().isZero() ? "shedding off"
                            : "at " + calls.maxQueueDelay().toMillis() + " ms queue delay"
                            + (!calls.warmup().isZero() ? " (" + Math.max(calls.maxQueueDelay().toMillis(),
                                    calls.warmupMaxQueueDelay().toMillis()) + " ms for the first "
                                    + calls.warmup().toSeconds()
                                    + " s)" : ""))
                    + ", ACK timeout " + config.sip().ackTimeout().toSeconds() + " s");
            var warmup = config.warmup();
            System.out.println("  warmup:  " + (warmup.enabled() ? "up to " + warmup.calls() + " synthetic calls, "
                    + warmup.concurrency() + " at a time, at most " + warmup.maxDuration().toSeconds() + " s" : "off"));
            System.out.println("  storage: " + (config.storage().embedded() ? "embedded H2" : config.storage().url()));
            System.out.println("  redis:   " + (config.redis().enabled() ? config.redis().redactedUrl() : "off"));
            io.softswitch.config.ClusterConfig cl = config.cluster();
            System.out.println("  cluster: node " + io.softswitch.core.cluster.NodeId.of(cl) + ", shared provisioning "
                    + (cl.shared() ? "on" : "off") + (cl.trustedFronts().isEmpty() ? ""
                    : ", trusted fronts " + cl.trustedFronts()));
            return 0;
        } catch (ConfigException e) {
            for (ConfigProblem p : e.problems()) {
                System.err.println(p);
            }
            System.err.println(e.problems().size() + (e.problems().size() == 1 ? " problem" : " problems"));
            return 1;
        }
    }
}
