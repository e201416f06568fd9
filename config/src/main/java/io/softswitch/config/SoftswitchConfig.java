package io.softswitch.config;

import java.util.Objects;

/**
 * The whole daemon configuration, as loaded from {@code softswitch.yaml}. Immutable; a reload
 * builds a new instance.
 */
public record SoftswitchConfig(SipConfig sip, HttpConfig http, MediaConfig media, CallsConfig calls, StorageConfig storage,
        RedisConfig redis, SimulatorConfig simulator, Provisioning provisioning) {
    public SoftswitchConfig {
        Objects.requireNonNull(sip, "sip");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(media, "media");
        Objects.requireNonNull(calls, "calls");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(simulator, "simulator");
        Objects.requireNonNull(provisioning, "provisioning");
    }
}
