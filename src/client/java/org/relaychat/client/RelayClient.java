package org.relaychat.client;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.WebSocketContainer;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A client of the Relay protocol. Commands return a future of their reply ({@code ack} or the
 * reply event), failed with a {@link RelayException}; every other event goes to the listeners of
 * its name ({@link #on}), as do the client's own {@code state}, {@code close} and {@code resumed}.
 * After a drop it reconnects with {@link Backoff}, re-joins its rooms and delivers what it missed,
 * fetched with {@code history} {@code after} the last id it saw.
 *
 * <p>All its state lives on one thread of its own, which also sends every frame (a WebSocket
 * session must not be written from two threads) and calls the listeners: a listener must not block.
 */
public final class RelayClient implements AutoCloseable {

    /** Close codes after which trying again cannot help: a client that speaks wrongly, or is refused (1008). */
    public static final Set<Integer> NO_RETRY_CODES = Set.of(1002, 1003, 1007, 1008, 1010);

    public enum State { OFFLINE, CONNECTING, ONLINE, RECONNECTING }

    private record Pending(JsonObject frame, CompletableFuture<RelayEvent> reply, ScheduledFuture<?> timeout) {
    }

    private final Settings settings;
    private final Transport transport;
    private final ScheduledExecutorService loop;
    private final Map<String, List<Consumer<RelayEvent>>> listeners = new ConcurrentHashMap<>();
    private final AtomicLong refs = new AtomicLong();

    // Touched on the loop thread only.
    private final Map<String, Pending> pending = new HashMap<>();
    private final Map<String, Long> lastRoomIds = new ConcurrentHashMap<>();
    private final Map<String, Long> lastDirectIds = new HashMap<>();
    private final Set<String> rooms = ConcurrentHashMap.newKeySet();
    private CompletableFuture<RelayEvent> firstWelcome;
    private Transport.Connection connection;
    /** Of the current connection: a close that comes late from an earlier one is ignored. */
    private Transport.Inbound currentInbound;
    private boolean welcomedBefore;
    private boolean closing;
    private int attempt;

    private volatile State state = State.OFFLINE;
    private volatile String user;
    private volatile String clientId;
    private volatile String protocol = "";

    RelayClient(Settings settings, Transport transport) {
        this.settings = settings;
        this.transport = transport;
        this.loop = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "relay-client");
            thread.setDaemon(true);
            return thread;
        });
    }

    public static Builder builder(URI endpoint) {
        return new Builder(endpoint);
    }

    /** Connects, and completes with the first {@code welcome}; waits only when already connecting. */
    public CompletableFuture<RelayEvent> connect() {
        CompletableFuture<RelayEvent> welcome = new CompletableFuture<>();
        loop.execute(() -> {
            if (firstWelcome == null || firstWelcome.isCompletedExceptionally()) {
                firstWelcome = new CompletableFuture<>();
                closing = false;
                open();
            }
            firstWelcome.whenComplete((event, failure) -> settle(welcome, event, failure));
        });
        return welcome;
    }

    public CompletableFuture<RelayEvent> echo(String message) {
        return request(frame("message").add("message", message));
    }

    public CompletableFuture<RelayEvent> broadcast(String message) {
        return request(frame("broadcast").add("message", message));
    }

    /** Joins; {@code user_joined} and the room's recent {@code history} come as events before the ack. */
    public CompletableFuture<RelayEvent> joinRoom(String room) {
        return request(frame("join_room").add("room", room));
    }

    public CompletableFuture<RelayEvent> leaveRoom(String room) {
        return request(frame("leave_room").add("room", room));
    }

    /** Completes with the {@code ack} that carries the stored message's {@code id} and {@code timestamp}. */
    public CompletableFuture<RelayEvent> sendRoomMessage(String room, String message) {
        return request(frame("room_message").add("room", room).add("message", message));
    }

    public CompletableFuture<RelayEvent> sendDirectMessage(String to, String message) {
        return request(frame("direct_message").add("to", to).add("message", message));
    }

    public CompletableFuture<RelayEvent> typing(String room, boolean typing) {
        return request(frame("typing").add("room", room).add("typing", typing));
    }

    public CompletableFuture<RelayEvent> markRead(String room, long id) {
        return request(frame("read").add("room", room).add("id", id));
    }

    /** A page of history: {@code query} holds {@code room} or {@code with}, and {@code before}, {@code after}, {@code limit}. */
    public CompletableFuture<RelayEvent> history(JsonObject query) {
        return request(frame("history").addAll(Json.createObjectBuilder(query)));
    }

    public CompletableFuture<RelayEvent> presence(String room) {
        return request(frame("presence").add("room", room));
    }

    public CompletableFuture<RelayEvent> listRooms() {
        return request(frame("rooms"));
    }

    /**
     * Changes the user's profile: {@code changes} holds any of {@code display_name}, {@code status},
     * {@code avatar} (an uploaded file's id) and {@code state}, JSON null for a default. Completes
     * with the whole profile as the {@code profile} reply.
     */
    public CompletableFuture<RelayEvent> setProfile(JsonObject changes) {
        return request(frame("set_profile").addAll(Json.createObjectBuilder(changes)));
    }

    /**
     * Sends {@code frame} with a fresh {@code ref} and completes with the reply that carries it.
     * Fails at once with {@code offline} when not connected, with {@code disconnected} when the
     * socket drops first, and with {@code timeout} after the request timeout.
     */
    public CompletableFuture<RelayEvent> request(JsonObjectBuilder frame) {
        CompletableFuture<RelayEvent> reply = new CompletableFuture<>();
        loop.execute(() -> send(frame, reply));
        return reply;
    }

    /** Sends {@code frame} as it is, without a ref or a wait; false when not connected. */
    public CompletableFuture<Boolean> send(JsonObject frame) {
        return CompletableFuture.supplyAsync(() -> write(frame.toString()), loop);
    }

    /** Calls {@code listener} with each event of that name; the returned action removes it. */
    public Runnable on(String type, Consumer<RelayEvent> listener) {
        listeners.computeIfAbsent(type, t -> new CopyOnWriteArrayList<>()).add(listener);
        return () -> listeners.get(type).remove(listener);
    }

    /** The next event of that name. */
    public CompletableFuture<RelayEvent> once(String type) {
        CompletableFuture<RelayEvent> next = new CompletableFuture<>();
        Runnable[] off = new Runnable[1];
        off[0] = on(type, event -> {
            off[0].run();
            next.complete(event);
        });
        return next;
    }

    public State state() {
        return state;
    }

    public String user() {
        return user;
    }

    public String clientId() {
        return clientId;
    }

    /** The subprotocol the server chose: {@code relay.batch}, {@code relay}, or empty. */
    public String protocol() {
        return protocol;
    }

    public Set<String> rooms() {
        return Set.copyOf(rooms);
    }

    /** The highest message id seen in {@code room}. */
    public OptionalLong lastIdOf(String room) {
        Long id = lastRoomIds.get(room);
        return id == null ? OptionalLong.empty() : OptionalLong.of(id);
    }

    /** Closes for good, once: fails every waiting command with {@code closed}. */
    @Override
    public void close() {
        if (loop.isShutdown()) {
            return;
        }
        CompletableFuture.runAsync(() -> {
            closing = true;
            failPending("closed");
            if (connection != null) {
                connection.close(1000, "bye");
            }
            connection = null;
            changeState(State.OFFLINE);
        }, loop).join();
        loop.shutdown();
    }

    private static JsonObjectBuilder frame(String event) {
        return Json.createObjectBuilder().add("event", event);
    }

    private static <T> void settle(CompletableFuture<T> future, T value, Throwable failure) {
        if (failure == null) {
            future.complete(value);
        } else {
            future.completeExceptionally(failure instanceof java.util.concurrent.CompletionException wrapped
                    ? wrapped.getCause() : failure);
        }
    }

    private void open() {
        changeState(welcomedBefore ? State.RECONNECTING : State.CONNECTING);
        Transport.Inbound inbound = new Transport.Inbound() {
            @Override
            public void opened(Transport.Connection opened) {
                loop.execute(() -> {
                    connection = opened;
                    protocol = opened.protocol();
                });
            }

            @Override
            public void frame(String text) {
                loop.execute(() -> RelayEvent.parseFrame(text).forEach(RelayClient.this::receive));
            }

            @Override
            public void closed(int code, String reason) {
                loop.execute(() -> dropped(this, code, reason));
            }
        };
        currentInbound = inbound;
        transport.open(settings.endpointUri(), settings.subprotocols(), inbound).whenComplete((ok, failure) -> {
            if (failure != null) {
                // A refused handshake reads as an abnormal close, as a browser sees it.
                loop.execute(() -> dropped(inbound, 1006, String.valueOf(failure.getMessage())));
            }
        });
    }

    private void send(JsonObjectBuilder frame, CompletableFuture<RelayEvent> reply) {
        if (connection == null || state != State.ONLINE) {
            reply.completeExceptionally(RelayException.local("offline", "not connected"));
            return;
        }
        String ref = "j" + refs.incrementAndGet();
        JsonObject built = frame.add("ref", ref).build();
        ScheduledFuture<?> timeout = loop.schedule(() -> {
            if (pending.remove(ref) != null) {
                reply.completeExceptionally(RelayException.local("timeout", "no reply to " + ref));
            }
        }, settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        pending.put(ref, new Pending(built, reply, timeout));
        if (!write(built.toString())) {
            pending.remove(ref);
            timeout.cancel(false);
            reply.completeExceptionally(RelayException.local("disconnected", "the socket could not send"));
        }
    }

    private boolean write(String text) {
        if (connection == null) {
            return false;
        }
        try {
            connection.send(text);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private void receive(RelayEvent event) {
        Pending waiting = event.ref() == null ? null : pending.remove(event.ref());
        if (waiting != null) {
            waiting.timeout().cancel(false);
            if (event.type().equals("error")) {
                waiting.reply().completeExceptionally(RelayException.fromServer(event.json()));
            } else {
                track(waiting.frame(), event);
                waiting.reply().complete(event);
            }
            return;
        }
        switch (event.type()) {
            case "welcome" -> welcomed(event);
            case "room_message", "direct_message" -> noteId(event);
            default -> { }
        }
        dispatch(event);
    }

    /** Keeps what a resume needs from the reply to one of this client's commands. */
    private void track(JsonObject command, RelayEvent reply) {
        switch (command.getString("event")) {
            case "join_room" -> rooms.add(command.getString("room"));
            case "leave_room" -> rooms.remove(command.getString("room"));
            case "room_message" -> reply.id().ifPresent(id -> lastRoomIds.merge(command.getString("room"), id, Math::max));
            case "direct_message" -> reply.id().ifPresent(id -> lastDirectIds.merge(command.getString("to"), id, Math::max));
            default -> { }
        }
    }

    private void noteId(RelayEvent message) {
        message.id().ifPresent(id -> {
            if (message.type().equals("room_message")) {
                lastRoomIds.merge(message.room(), id, Math::max);
            } else {
                String other = message.user().equals(user) ? message.string("to") : message.user();
                lastDirectIds.merge(other, id, Math::max);
            }
        });
    }

    private void welcomed(RelayEvent welcome) {
        user = welcome.user();
        clientId = welcome.string("client_id");
        attempt = 0;
        changeState(State.ONLINE);
        Set<String> listed = new LinkedHashSet<>(welcome.json().getJsonArray("rooms").getValuesAs(JsonString::getString));
        boolean resuming = welcomedBefore && settings.resume();
        welcomedBefore = true;
        firstWelcome.complete(welcome);
        if (resuming) {
            // After dispatching the welcome, so that listeners see it first.
            loop.execute(() -> resume(listed));
        } else {
            rooms.addAll(listed);
        }
    }

    /**
     * Re-joins the rooms of before the drop and leaves the default room if it had been left, then
     * fetches each conversation's messages after the last id seen there, taken before the re-join
     * so that live messages arriving meanwhile do not move it past what was missed.
     */
    private void resume(Set<String> listed) {
        // Sorted, so that the order of the catch-up does not depend on a hash.
        Set<String> wanted = new TreeSet<>(rooms);
        Map<String, Long> roomsFrom = new HashMap<>(lastRoomIds);
        Map<String, Long> directsFrom = new TreeMap<>(lastDirectIds);
        rooms.clear();
        rooms.addAll(listed);
        CompletableFuture<?> steps = CompletableFuture.completedFuture(null);
        for (String room : wanted) {
            if (!listed.contains(room)) {
                steps = steps.thenCompose(x -> joinRoom(room));
            }
        }
        for (String room : listed) {
            if (!wanted.contains(room)) {
                steps = steps.thenCompose(x -> leaveRoom(room));
            }
        }
        int[] missed = {0};
        for (String room : wanted) {
            steps = steps.thenCompose(x -> catchUp("room", room, roomsFrom.get(room), missed));
        }
        for (String other : directsFrom.keySet()) {
            steps = steps.thenCompose(x -> catchUp("with", other, directsFrom.get(other), missed));
        }
        steps.whenCompleteAsync((x, failure) -> dispatch(RelayEvent.of(frame("resumed")
                .add("rooms", Json.createArrayBuilder(List.copyOf(rooms)))
                .add("missed", missed[0]).add("complete", failure == null).build())), loop);
    }

    private CompletableFuture<Void> catchUp(String field, String conversation, Long after, int[] missed) {
        JsonObjectBuilder query = Json.createObjectBuilder().add(field, conversation).add("limit", settings.historyPageSize());
        if (after != null) {
            query.add("after", after);
        }
        return history(query.build()).thenComposeAsync(page -> {
            long last = after == null ? 0 : after;
            for (RelayEvent message : page.messages()) {
                noteId(message);
                dispatch(message);
                missed[0]++;
                last = Math.max(last, message.id().orElse(last));
            }
            boolean more = after != null && page.json().getBoolean("has_more", false);
            return more ? catchUp(field, conversation, last, missed) : CompletableFuture.<Void>completedFuture(null);
        }, loop);
    }

    private void dropped(Transport.Inbound of, int code, String reason) {
        if (of != currentInbound) {
            return;
        }
        currentInbound = null;
        connection = null;
        failPending("disconnected");
        boolean retry = !closing && settings.reconnect() && !NO_RETRY_CODES.contains(code)
                && settings.backoff().allows(attempt);
        Duration wait = retry ? settings.backoff().delay(attempt++, ThreadLocalRandom.current()::nextDouble) : Duration.ZERO;
        changeState(retry ? State.RECONNECTING : State.OFFLINE);
        dispatch(RelayEvent.of(frame("close").add("code", code).add("reason", reason == null ? "" : reason)
                .add("willRetry", retry).add("retryIn", wait.toMillis()).build()));
        if (retry) {
            loop.schedule(this::open, wait.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            firstWelcome.completeExceptionally(RelayException.local("closed", code + " " + reason));
        }
    }

    private void failPending(String code) {
        List<Pending> failed = new ArrayList<>(pending.values());
        pending.clear();
        failed.forEach(p -> {
            p.timeout().cancel(false);
            p.reply().completeExceptionally(RelayException.local(code, "no reply to " + p.frame().getString("ref")));
        });
    }

    private void changeState(State next) {
        State previous = state;
        state = next;
        if (previous != next) {
            dispatch(RelayEvent.of(frame("state").add("state", next.name().toLowerCase())
                    .add("previous", previous.name().toLowerCase()).build()));
        }
    }

    private void dispatch(RelayEvent event) {
        for (Consumer<RelayEvent> listener : listeners.getOrDefault(event.type(), List.of())) {
            listener.accept(event);
        }
    }

    /** What a client is built with; see {@link Builder}. */
    record Settings(URI endpoint, String name, String key, Supplier<String> token, boolean batch, boolean reconnect,
            Backoff backoff, boolean resume, Duration requestTimeout, int historyPageSize) {

        /** The endpoint with {@code ?name=} and {@code ?key=}, percent-encoded as browsers do. */
        URI endpointUri() {
            StringBuilder query = new StringBuilder();
            appendQuery(query, "name", name);
            appendQuery(query, "key", key);
            return URI.create(endpoint + (query.isEmpty() ? "" : (endpoint.getQuery() == null ? "?" : "&") + query));
        }

        private static void appendQuery(StringBuilder query, String field, String value) {
            if (value != null) {
                query.append(query.isEmpty() ? "" : "&").append(field).append('=')
                        .append(URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
            }
        }

        /** A token goes in the subprotocols, which keeps it out of URLs and logs. */
        List<String> subprotocols() {
            List<String> offered = new ArrayList<>();
            if (batch) {
                offered.add(RelayEvent.BATCH_PROTOCOL);
            }
            offered.add("relay");
            String current = token == null ? null : token.get();
            if (current != null) {
                offered.add("bearer." + current);
            }
            return offered;
        }
    }

    /** Options of a client; every one may be left as it is. */
    public static final class Builder {
        private final URI endpoint;
        private String name;
        private String key;
        private Supplier<String> token;
        private boolean batch = true;
        private boolean reconnect = true;
        private Backoff backoff = Backoff.DEFAULT;
        private boolean resume = true;
        private Duration requestTimeout = Duration.ofSeconds(15);
        private int historyPageSize = 50;
        private WebSocketContainer container;

        private Builder(URI endpoint) {
            this.endpoint = endpoint;
        }

        /** The user name asked for; without one the server makes up {@code guest-…}. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** The secret that keeps the name for this client in anonymous mode. */
        public Builder key(String key) {
            this.key = key;
            return this;
        }

        /** A signed token for token mode. */
        public Builder token(String token) {
            return token(() -> token);
        }

        /** Asked for a token before every connection, so that a reconnect can use a fresh one. */
        public Builder token(Supplier<String> token) {
            this.token = token;
            return this;
        }

        /** Whether to offer {@code relay.batch} (by default it does). */
        public Builder batch(boolean batch) {
            this.batch = batch;
            return this;
        }

        /** Whether to reconnect after a drop (by default it does). */
        public Builder reconnect(boolean reconnect) {
            this.reconnect = reconnect;
            return this;
        }

        public Builder backoff(Backoff backoff) {
            this.backoff = backoff;
            return this;
        }

        /** Whether to re-join and catch up after a reconnect (by default it does). */
        public Builder resume(boolean resume) {
            this.resume = resume;
            return this;
        }

        /** How long a command waits for its reply once sent (15 s by default). */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        /** The {@code limit} of each {@code history} page of the catch-up (50 by default). */
        public Builder historyPageSize(int historyPageSize) {
            this.historyPageSize = historyPageSize;
            return this;
        }

        /** The WebSocket container to connect with; {@link ContainerProvider}'s by default. */
        public Builder container(WebSocketContainer container) {
            this.container = container;
            return this;
        }

        public RelayClient build() {
            WebSocketContainer chosen = container != null ? container : ContainerProvider.getWebSocketContainer();
            return build(new WebSocketTransport(chosen, Executors.newCachedThreadPool(task -> {
                Thread thread = new Thread(task, "relay-client-connect");
                thread.setDaemon(true);
                return thread;
            })));
        }

        RelayClient build(Transport transport) {
            return new RelayClient(new Settings(endpoint, name, key, token, batch, reconnect, backoff, resume,
                    requestTimeout, historyPageSize), transport);
        }
    }
}
