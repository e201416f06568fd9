package io.softswitch.core.cli;

import io.softswitch.config.ConfigException;
import io.softswitch.core.daemon.ConfigFiles;
import io.softswitch.config.ConfigProblem;
import io.softswitch.config.SoftswitchConfig;
import io.softswitch.core.daemon.Daemon;
import io.softswitch.core.daemon.ShutdownSignal;
import io.softswitch.media.MediaRelay;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code softswitch run}: starts the daemon and runs until SIGTERM or SIGINT. */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "Run the softswitch daemon.")
final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Option(names = "--config", paramLabel = "FILE",
            defaultValue = "${env:SOFTSWITCH_CONFIG:-config/softswitch.yaml}",
            description = "Configuration file (env SOFTSWITCH_CONFIG; default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:SOFTSWITCH_DATA_DIR:-data}",
            description = "Data directory (env SOFTSWITCH_DATA_DIR; default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Override
    public Integer call() {
        MediaRelay.productionLeakDetection();
        SoftswitchConfig cfg;
        try {
            cfg = ConfigFiles.loader().load(config);
        } catch (ConfigException e) {
            for (ConfigProblem p : e.problems()) {
                System.err.println(p);
            }
            return 1;
        }
        ShutdownSignal signal = ShutdownSignal.install();
        Daemon daemon;
        try {
            daemon = Daemon.start(cfg, dataDir, config);
        } catch (IOException | RuntimeException e) {
            LOG.error("cannot start: {}", e.getMessage());
            return 2;
        }
        signal.await();
        LOG.info("shutting down ({})", signal.reason());
        daemon.close();
        return 0;
    }
}
