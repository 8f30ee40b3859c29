package org.relaychat.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.relaychat.connection.CloseCode;
import org.relaychat.protocol.ErrorCode;

/**
 * The running totals of this node since it started: frames in and out, errors by code, closes by
 * the server, and how long messages took to be stored. Counting is a contention-free add on the hot path; rates are left to whoever reads
 * the totals (Prometheus' {@code rate()}).
 */
@ApplicationScoped
public class ChatCounters {

    private final LongAdder received = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder slowConsumerCloses = new LongAdder();
    private final Map<ErrorCode, LongAdder> errors = new EnumMap<>(ErrorCode.class);
    private final Map<CloseCode, LongAdder> serverCloses = new EnumMap<>(CloseCode.class);
    private final LatencyHistogram storeLatency = new LatencyHistogram();

    public ChatCounters() {
        for (ErrorCode code : ErrorCode.values()) {
            errors.put(code, new LongAdder());
        }
        for (CloseCode code : CloseCode.values()) {
            serverCloses.put(code, new LongAdder());
        }
    }

    /** A frame came in from a client, whatever became of it. */
    public void messageReceived() {
        received.increment();
    }

    /**
     * The count of frames handed to client sockets, for a transport to add to directly: taken once
     * per connection, it spares every frame a call through this bean's CDI proxy.
     */
    public LongAdder sentFrames() {
        return sent;
    }

    /** An {@code error} event was sent. */
    public void errorSent(ErrorCode code) {
        errors.get(code).increment();
    }

    /** The server closed a connection. */
    public void serverClosed(CloseCode code) {
        serverCloses.get(code).increment();
    }

    /** A client that did not keep up with its frames was closed. */
    public void slowConsumerClosed() {
        slowConsumerCloses.increment();
    }

    /** A message was committed to the store {@code nanos} after it was handed to it. */
    public void messageStored(long nanos) {
        storeLatency.record(nanos);
    }

    LatencyHistogram storeLatency() {
        return storeLatency;
    }

    public long messagesReceived() {
        return received.sum();
    }

    public long messagesSent() {
        return sent.sum();
    }

    public long slowConsumerCloses() {
        return slowConsumerCloses.sum();
    }

    public long errors(ErrorCode code) {
        return errors.get(code).sum();
    }

    public long serverCloses(CloseCode code) {
        return serverCloses.get(code).sum();
    }
}
