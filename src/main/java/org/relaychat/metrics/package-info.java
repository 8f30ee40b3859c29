/** The chat counters and their Prometheus text exposition at {@code /api/metrics}. */
package org.relaychat.metrics;
