package org.relaychat.metrics;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The JVM's own figures in Prometheus text format: heap and non-heap memory by pool, garbage
 * collections and their pauses, threads by state, classes, CPU and uptime, from Micrometer's
 * standard binders, under the names every JVM dashboard expects ({@code jvm_memory_used_bytes},
 * {@code jvm_gc_pause_seconds}...). The registry is the application's own, not the server's: Payara
 * and WildFly would otherwise name the same figures differently.
 */
@ApplicationScoped
public class JvmMetrics {

    private PrometheusMeterRegistry registry;
    /** Listens to the JVM's GC notifications until closed. */
    private JvmGcMetrics gc;

    @PostConstruct
    void bind() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        gc = new JvmGcMetrics();
        gc.bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** The figures as of now, in Prometheus text format 0.0.4. */
    public String scrape() {
        return registry.scrape();
    }

    @PreDestroy
    void close() {
        gc.close();
        registry.close();
    }
}
