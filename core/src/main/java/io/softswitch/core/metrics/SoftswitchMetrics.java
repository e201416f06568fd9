package io.softswitch.core.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.softswitch.sip.SipEvents;

/**
 * All meters of the daemon, declared here with their descriptions. Names are lower-case and
 * dotted; tags only take small fixed value sets (SIP method, status class), never a number or a
 * Call-ID.
 */
public final class SoftswitchMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

    public SoftswitchMetrics() {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    /**
     * SIP counters fed by the SIP layer: {@code sip.requests}, {@code sip.responses},
     * {@code sip.dropped} and {@code sip.sources.blocked}.
     */
    public SipEvents sipEvents() {
        return new SipEvents() {
            @Override
            public void requestReceived(String method) {
                Counter.builder("sip.requests")
                        .description("SIP requests received, by method")
                        .tag("method", method)
                        .register(registry)
                        .increment();
            }

            @Override
            public void responseSent(String method, int status) {
                Counter.builder("sip.responses")
                        .description("SIP responses sent, by request method and status class")
                        .tag("method", method)
                        .tag("status", (status / 100) + "xx")
                        .register(registry)
                        .increment();
            }

            @Override
            public void requestDropped(String reason) {
                Counter.builder("sip.dropped")
                        .description("SIP requests dropped without an answer, by reason (scanner, blocked, unanswerable)")
                        .tag("reason", reason)
                        .register(registry)
                        .increment();
            }

            @Override
            public void sourceBlocked(String reason) {
                Counter.builder("sip.sources.blocked")
                        .description("Source addresses blocked, by reason (rate-limit, auth-failures)")
                        .tag("reason", reason)
                        .register(registry)
                        .increment();
            }
        };
    }

    @Override
    public void close() {
        gcMetrics.close();
        registry.close();
    }
}
