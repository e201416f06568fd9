package io.softswitch.config;

import java.util.List;
import java.util.Objects;

/**
 * {@code cluster:}: this node's identity and how it shares a switch with other nodes (issue 17).
 *
 * @param nodeId        this node's name in call records, logs and metrics; empty means the host name
 * @param shared        ({@code shared_provisioning}) follow provisioning changes other nodes commit to
 *                      the same PostgreSQL database (LISTEN/NOTIFY); needs {@code storage.url} on PostgreSQL
 * @param trustedFronts ({@code trusted_fronts}) IP addresses of the SIP fronts (Kamailio) whose
 *                      {@value #SOURCE_HEADER} header names the PBX's address; from anyone else the header
 *                      is ignored
 */
public record ClusterConfig(String nodeId, boolean shared, List<String> trustedFronts) {
    /** The header a trusted front puts the PBX's source address ({@code ip} or {@code ip:port}) in. */
    public static final String SOURCE_HEADER = "X-Softswitch-Source";

    /** One node, named after its host, no front. */
    public static final ClusterConfig DEFAULT = new ClusterConfig("", false, List.of());

    public ClusterConfig {
        Objects.requireNonNull(nodeId, "nodeId");
        trustedFronts = List.copyOf(trustedFronts);
    }
}
