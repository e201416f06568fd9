package io.softswitch.config;

import java.util.Objects;

/**
 * The whole daemon configuration, as loaded from {@code softswitch.yaml}. Immutable; a reload
 * builds a new instance.
 */
public record SoftswitchConfig(SipConfig sip, HttpConfig http, MediaConfig media, CallsConfig calls, StorageConfig storage,
        RedisConfig redis, SimulatorConfig simulator, Provisioning provisioning, TenancyConfig tenancy,
        VoiceConfig voice, RecordingsConfig recordings, ClusterConfig cluster, WarmupConfig warmup) {
    public SoftswitchConfig {
        Objects.requireNonNull(warmup, "warmup");
        Objects.requireNonNull(recordings, "recordings");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(voice, "voice");
        Objects.requireNonNull(tenancy, "tenancy");
        Objects.requireNonNull(sip, "sip");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(media, "media");
        Objects.requireNonNull(calls, "calls");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(simulator, "simulator");
        Objects.requireNonNull(provisioning, "provisioning");
    }

    /** A configuration with the default {@link WarmupConfig}. */
    public SoftswitchConfig(SipConfig sip, HttpConfig http, MediaConfig media, CallsConfig calls, StorageConfig storage,
            RedisConfig redis, SimulatorConfig simulator, Provisioning provisioning, TenancyConfig tenancy,
            VoiceConfig voice, RecordingsConfig recordings, ClusterConfig cluster) {
        this(sip, http, media, calls, storage, redis, simulator, provisioning, tenancy, voice, recordings, cluster,
                WarmupConfig.DEFAULT);
    }

    /** A single-node configuration ({@link ClusterConfig#DEFAULT}) with the default {@link RecordingsConfig}. */
    public SoftswitchConfig(SipConfig sip, HttpConfig http, MediaConfig media, CallsConfig calls, StorageConfig storage,
            RedisConfig redis, SimulatorConfig simulator, Provisioning provisioning, TenancyConfig tenancy,
            VoiceConfig voice) {
        this(sip, http, media, calls, storage, redis, simulator, provisioning, tenancy, voice, RecordingsConfig.DEFAULT,
                ClusterConfig.DEFAULT);
    }

    /** A configuration with the default {@link VoiceConfig}. */
    public SoftswitchConfig(SipConfig sip, HttpConfig http, MediaConfig media, CallsConfig calls, StorageConfig storage,
            RedisConfig redis, SimulatorConfig simulator, Provisioning provisioning, TenancyConfig tenancy) {
        this(sip, http, media, calls, storage, redis, simulator, provisioning, tenancy, VoiceConfig.DEFAULT);
    }

    /** A configuration with the default {@link TenancyConfig}. */
    public SoftswitchConfig(SipConfig sip, HttpConfig http, MediaConfig media, CallsConfig calls, StorageConfig storage,
            RedisConfig redis, SimulatorConfig simulator, Provisioning provisioning) {
        this(sip, http, media, calls, storage, redis, simulator, provisioning, TenancyConfig.DEFAULT);
    }
}
