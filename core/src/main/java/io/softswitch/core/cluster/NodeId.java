package io.softswitch.core.cluster;

import ch.qos.logback.classic.LoggerContext;
import io.softswitch.config.ClusterConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * This node's name ({@code cluster.node_id}, else the host name): in every call record, in every log
 * line and as the {@code node} tag of every meter, so that the records, logs and metrics of a cluster
 * say which node did what. SIDs need no node part: they are 128 random bits ({@code Sids}).
 */
public record NodeId(String value) {
    /** The log property and MDC key. */
    public static final String LOG_KEY = "node";

    public NodeId {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("node id: '' (expected: a non-empty name)");
        }
    }

    /** The configured id, else this machine's host name ({@code HOSTNAME}, then the resolver's). */
    public static NodeId of(ClusterConfig config) {
        if (!config.nodeId().isEmpty()) {
            return new NodeId(config.nodeId());
        }
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return new NodeId(env.trim());
        }
        try {
            return new NodeId(InetAddress.getLocalHost().getHostName());
        } catch (UnknownHostException e) {
            return new NodeId("localhost");
        }
    }

    /**
     * Names this node in the log: the logger context property {@code node} (printed by the pattern
     * of {@code logback.xml} on every thread, including the SIP stack's and Netty's pools, which an
     * MDC set here would not reach) and the MDC of the calling thread.
     */
    public void nameLogs() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.putProperty(LOG_KEY, value);
        }
        MDC.put(LOG_KEY, value);
    }

    @Override
    public String toString() {
        return value;
    }
}
