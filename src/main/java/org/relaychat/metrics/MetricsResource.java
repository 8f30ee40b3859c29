package org.relaychat.metrics;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

/**
 * {@code GET /api/metrics}: this node's figures in Prometheus text format from the application's
 * own {@link Meters}, so that Payara and WildFly serve the same series: the chat's
 * ({@link ChatGauges}, {@link ChatCounters}), the cluster's in cluster mode
 * ({@link ClusterMetrics}) and the JVM's ({@link JvmMetrics}). Totals are counters; Prometheus
 * derives the rates ({@code rate(relay_messages_received_total[1m])}). It names no room, user or
 * client, so it is public like the health checks.
 */
@Path("metrics")
@RequestScoped
public class MetricsResource {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    @Inject
    Meters meters;

    @Inject
    ChatGauges gauges;

    @GET
    @Produces(CONTENT_TYPE)
    public String scrape() {
        gauges.refresh();
        return meters.scrape();
    }
}
