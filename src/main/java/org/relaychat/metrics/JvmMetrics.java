package org.relaychat.metrics;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * The JVM's own figures: heap and non-heap memory by pool, garbage
 * collections and their pauses, threads by state, classes, CPU and uptime, from Micrometer's
 * standard binders, under the names every JVM dashboard expects ({@code jvm_memory_used_bytes},
 * {@code jvm_gc_pause_seconds}...), in the application's {@link Meters}.
 */
@ApplicationScoped
public class JvmMetrics {

    @Inject
    Meters meters;

    /** Listens to the JVM's GC notifications until closed. */
    private JvmGcMetrics gc;

    @PostConstruct
    void bind() {
        var registry = meters.registry();
        gc = new JvmGcMetrics();
        gc.bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Binds the JVM's figures as the application starts, so that the first scrape has them. */
    void bindAtStart(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        // creating the bean was the point
    }

    @PreDestroy
    void close() {
        gc.close();
    }
}
