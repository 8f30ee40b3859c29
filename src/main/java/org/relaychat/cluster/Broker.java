package org.relaychat.cluster;

import java.util.concurrent.CompletionStage;

/**
 * Carries text between the nodes by channel: what one node publishes reaches the nodes subscribed
 * to the channel at that moment, and nobody else. Nothing blocks; a stage fails when the broker
 * cannot be reached.
 */
interface Broker {

    CompletionStage<?> publish(String channel, String text);

    CompletionStage<Void> subscribe(String... channels);

    CompletionStage<Void> unsubscribe(String... channels);
}
