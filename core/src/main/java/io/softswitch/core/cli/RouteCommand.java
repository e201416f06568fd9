package io.softswitch.core.cli;

import io.softswitch.config.ConfigException;
import io.softswitch.core.daemon.ConfigFiles;
import io.softswitch.config.ConfigProblem;
import io.softswitch.config.SoftswitchConfig;
import io.softswitch.trunking.Attempt;
import io.softswitch.trunking.RouteDecision;
import io.softswitch.trunking.Router;
import io.softswitch.trunking.RoutingSnapshot;
import io.softswitch.trunking.SnapshotHolder;
import io.softswitch.trunking.TerminationRequest;
import io.softswitch.trunking.TrunkProfile;
import io.softswitch.trunking.health.GatewayStatus;
import io.softswitch.trunking.limit.InMemoryCallLimiter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code softswitch route NUMBER}: a dry run of termination routing over the configuration file's
 * provisioning block. Prints the normalized numbers and the ordered attempt list, or the rejection
 * with its SIP code. Every gateway counts as up (no probing) and no limit is applied.
 *
 * <p>Exit codes: 0 routed, 1 configuration problem or unknown trunk, 3 rejected.
 */
@Command(name = "route", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "Dry-run routing: print the normalized number and the attempt list "
        + "(or the rejection and its SIP code) for the configuration's provisioning.")
final class RouteCommand implements Callable<Integer> {
    static final int REJECTED = 3;

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE",
            defaultValue = "${env:SOFTSWITCH_CONFIG:-config/softswitch.yaml}",
            description = "Configuration file (env SOFTSWITCH_CONFIG; default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--trunk", paramLabel = "NAME", description = "Trunk the call comes from (default: the first one).")
    String trunk;

    @Option(names = "--from", paramLabel = "NUMBER", description = "Caller ID (the From user).")
    String from;

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed for the weighted random order, to reproduce one draw (default: random).")
    Long seed;

    @Parameters(index = "0", paramLabel = "NUMBER", description = "Dialed number, as the PBX sends it.")
    String number;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SoftswitchConfig cfg;
        RoutingSnapshot snapshot;
        try {
            cfg = ConfigFiles.loader().load(config);
            snapshot = RoutingSnapshot.build(cfg.provisioning());
        } catch (ConfigException e) {
            for (ConfigProblem p : e.problems()) {
                err.println(p);
            }
            return 1;
        } catch (IllegalArgumentException e) {
            err.println(config + ": provisioning: " + e.getMessage());
            return 1;
        }
        String trunkName = trunk != null ? trunk
                : cfg.provisioning().trunks().isEmpty() ? null : cfg.provisioning().trunks().get(0).name();
        // The file names trunks; routing keys them (by name here, where the YAML has no SIDs).
        String trunkKey = cfg.provisioning().trunks().stream().filter(t -> t.name().equals(trunkName))
                .map(t -> t.key()).findFirst().orElse(null);
        TrunkProfile profile = trunkKey == null ? null : snapshot.trunk(trunkKey).orElse(null);
        if (profile == null) {
            err.println(trunkName == null ? config + ": no trunks under provisioning.trunks"
                    : "trunk: '" + trunkName + "' (expected: one of " + cfg.provisioning().trunks().stream()
                            .map(t -> t.name()).toList() + ")");
            return 1;
        }
        Router router = new Router(new SnapshotHolder(snapshot), GatewayStatus.ALL_UP, new InMemoryCallLimiter(),
                Clock.systemUTC(), seed == null ? null : new SplittableRandom(seed));
        RouteDecision decision = router.terminate(TerminationRequest.of(trunkKey, number, from));
        out.println("trunk:    " + trunkName + " (" + profile.normalizer().policy().name().toLowerCase(java.util.Locale.ROOT)
                + ", region " + profile.normalizer().region() + ")");
        if (decision instanceof RouteDecision.Rejected r) {
            out.println("rejected: " + r.status());
            out.println("reason:   " + r.detail());
            out.flush();
            return REJECTED;
        }
        RouteDecision.Routed routed = (RouteDecision.Routed) decision;
        out.println("called:   " + routed.calledNumber());
        if (routed.callingNumber() != null) {
            out.println("calling:  " + routed.callingNumber());
        }
        out.println("prefix:   " + (routed.matchedPrefix().isEmpty() ? "(default route)" : routed.matchedPrefix()));
        out.println("attempts:");
        int i = 1;
        for (Attempt a : routed.attempts()) {
            out.println("  " + i++ + ". " + a.carrier() + "/" + a.target() + "  " + a.address() + "  user=" + a.calledUser()
                    + (a.callingUser() == null ? "" : "  from=" + a.callingUser())
                    + "  timeout=" + a.failover().attemptTimeoutMs() + "ms");
        }
        out.flush();
        return 0;
    }
}
