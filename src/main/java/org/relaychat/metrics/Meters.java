package org.relaychat.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The application's own meter registry (Micrometer's, Prometheus flavoured), which every figure of
 * {@code /api/metrics} is registered in: its own rather than the server's, since Payara and
 * WildFly would otherwise name the same figures differently.
 */
@ApplicationScoped
public class Meters {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    public MeterRegistry registry() {
        return registry;
    }

    /** Every figure as of now, in Prometheus text format 0.0.4. */
    public String scrape() {
        return registry.scrape();
    }

    @PreDestroy
    void close() {
        registry.close();
    }
}
