package org.relaychat.client;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Stands in for the server: hands out connections that record what the client sends. */
final class FakeTransport implements Transport {

    static final int TIMEOUT_SECONDS = 5;

    final BlockingQueue<FakeConnection> opened = new LinkedBlockingQueue<>();

    @Override
    public CompletionStage<Void> open(URI uri, List<String> subprotocols, Inbound inbound) {
        FakeConnection connection = new FakeConnection(uri, subprotocols, inbound);
        inbound.opened(connection);
        opened.add(connection);
        return CompletableFuture.completedFuture(null);
    }

    FakeConnection nextConnection() throws InterruptedException {
        FakeConnection connection = opened.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (connection == null) {
            throw new AssertionError("the client opened no connection");
        }
        return connection;
    }

    static final class FakeConnection implements Connection {
        final URI uri;
        final List<String> subprotocols;
        private final Inbound inbound;
        private final BlockingQueue<JsonObject> sent = new LinkedBlockingQueue<>();

        FakeConnection(URI uri, List<String> subprotocols, Inbound inbound) {
            this.uri = uri;
            this.subprotocols = subprotocols;
            this.inbound = inbound;
        }

        @Override
        public void send(String text) {
            sent.add(Json.createReader(new StringReader(text)).readObject());
        }

        @Override
        public String protocol() {
            return subprotocols.get(0);
        }

        @Override
        public void close(int code, String reason) {
            inbound.closed(code, reason);
        }

        /** The next frame the client sent. */
        JsonObject sent() throws InterruptedException {
            JsonObject frame = sent.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (frame == null) {
                throw new AssertionError("the client sent nothing");
            }
            return frame;
        }

        void receive(String frame) {
            inbound.frame(frame);
        }

        void welcome(String user, String... rooms) {
            receive(Json.createObjectBuilder().add("event", "welcome").add("client_id", "c-" + user).add("user", user)
                    .add("message", "Welcome").add("rooms", Json.createArrayBuilder(List.of(rooms))).build().toString());
        }

        void drop(int code) {
            inbound.closed(code, "dropped");
        }
    }
}
