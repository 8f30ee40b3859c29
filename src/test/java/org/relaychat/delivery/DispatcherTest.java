package org.relaychat.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relaychat.config.DefaultLimits;
import org.relaychat.connection.Connection;
import org.relaychat.connection.RecordingTransport;
import org.relaychat.history.Conversation;
import org.relaychat.history.StoredMessage;
import org.relaychat.protocol.ServerEvent.Member;
import org.relaychat.registry.ChatRegistry;

class DispatcherTest {

    private ChatRegistry registry;
    private ShardedLanes lanes;
    private PublishedInOrder fanOut;
    private Dispatcher cut;
    private final Map<Connection, RecordingTransport> transports = new ConcurrentHashMap<>();

    @BeforeEach
    void start() {
        registry = new ChatRegistry();
        lanes = new ShardedLanes(4, Executors.defaultThreadFactory(), "test-lane");
        fanOut = new PublishedInOrder();
        cut = new Dispatcher(new LocalDelivery(registry, lanes), fanOut);
    }

    @AfterEach
    void stop() {
        lanes.close();
    }

    @Test
    void everyMemberGetsEachSendersEventsInOrderUnderConcurrency() throws Exception {
        List<RecordingTransport> members = new ArrayList<>();
        List<Connection> senders = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            RecordingTransport transport = new RecordingTransport();
            members.add(transport);
            senders.add(member("u" + i, "general", transport));
        }
        int perSender = 500;
        List<Thread> threads = new ArrayList<>();
        for (Connection sender : senders) {
            Thread thread = new Thread(() -> {
                for (int n = 0; n < perSender; n++) {
                    cut.dispatch(Envelope.toRoom("general", sender.user() + ":" + n), sender);
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        awaitLane(Envelope.toRoom("general", "").lane());

        for (int i = 0; i < members.size(); i++) {
            List<String> received = members.get(i).texts();
            assertEquals(perSender * (senders.size() - 1), received.size(), "u" + i + " missed events");
            for (Connection sender : senders) {
                List<String> fromSender = received.stream().filter(text -> text.startsWith(sender.user() + ":"))
                        .toList();
                if (sender.user().equals("u" + i)) {
                    assertEquals(List.of(), fromSender, "a sender got its own event");
                    continue;
                }
                for (int n = 0; n < perSender; n++) {
                    assertEquals(sender.user() + ":" + n, fromSender.get(n));
                }
            }
        }
        assertEquals(perSender * senders.size(), fanOut.published.size());
        assertEquals(List.of(), fanOut.publishedBeforeDelivery, "published before delivered here");
    }

    @Test
    void storedMessageReachesTheOthersThenItsSenderIsAcknowledged() throws Exception {
        RecordingTransport ana = new RecordingTransport();
        RecordingTransport bob = new RecordingTransport();
        Connection sender = member("ana", "general", ana);
        member("bob", "general", bob);
        StoredMessage stored = new StoredMessage(7, "general", null, sender.clientId(), "ana", "hi", Instant.now());
        CountDownLatch acknowledged = new CountDownLatch(1);
        List<Integer> bobHadAtAck = Collections.synchronizedList(new ArrayList<>());

        cut.dispatchStored(stored, sender, () -> {
            bobHadAtAck.add(bob.texts().size());
            acknowledged.countDown();
        });

        assertTrue(acknowledged.await(5, TimeUnit.SECONDS));
        assertEquals(List.of(1), bobHadAtAck);
        assertTrue(bob.texts().get(0).contains("\"id\":7"), bob.texts().get(0));
        assertEquals(List.of(), ana.texts());
        assertEquals(7, fanOut.published.get(0).messageId());
    }

    @Test
    void directMessageReachesBothUsersButTheSendingConnection() throws Exception {
        RecordingTransport anaHere = new RecordingTransport();
        RecordingTransport anaPhone = new RecordingTransport();
        RecordingTransport bob = new RecordingTransport();
        Connection sender = member("ana", "general", anaHere);
        member("ana", "general", anaPhone);
        member("bob", "general", bob);
        StoredMessage stored = new StoredMessage(8, null, "bob", sender.clientId(), "ana", "psst", Instant.now());

        cut.dispatchStored(stored, sender, () -> { });
        awaitLane(stored.conversation());

        assertEquals(List.of(), anaHere.texts());
        assertEquals(1, anaPhone.texts().size());
        assertEquals(1, bob.texts().size());
    }

    @Test
    void anEditGoesAfterItsMessageToTheSameAudienceAndIsNotAStoredMessage() throws Exception {
        RecordingTransport anaHere = new RecordingTransport();
        RecordingTransport anaPhone = new RecordingTransport();
        RecordingTransport bob = new RecordingTransport();
        RecordingTransport carol = new RecordingTransport();
        Connection author = member("ana", "general", anaHere);
        member("ana", "general", anaPhone);
        member("bob", "general", bob);
        member("carol", "general", carol);
        StoredMessage stored = new StoredMessage(9, null, "bob", author.clientId(), "ana", "psst", Instant.now());
        StoredMessage edited = new StoredMessage(9, null, "bob", author.clientId(), "ana", "pssst", stored.at(),
                List.of(), Instant.now(), null);
        CountDownLatch acknowledged = new CountDownLatch(1);

        cut.dispatchStored(stored, author, () -> { });
        cut.dispatchChange(edited, author, acknowledged::countDown);

        assertTrue(acknowledged.await(5, TimeUnit.SECONDS));
        assertEquals(List.of("direct_message", "message_edited"), eventNames(bob));
        assertEquals(List.of("direct_message", "message_edited"), eventNames(anaPhone));
        assertEquals(List.of(), anaHere.texts());
        assertEquals(List.of(), carol.texts());
        Envelope published = fanOut.published.get(1);
        assertEquals(0, published.messageId(), "taken for the stored message by the other nodes");
        assertEquals(Envelope.Audience.USERS, published.audience());
        assertEquals(Set.of("ana", "bob"), published.users());
    }

    @Test
    void aDeletionOfARoomMessageReachesTheRoomButTheConnectionThatMadeIt() throws Exception {
        RecordingTransport ana = new RecordingTransport();
        RecordingTransport bob = new RecordingTransport();
        RecordingTransport elsewhere = new RecordingTransport();
        Connection author = member("ana", "general", ana);
        member("bob", "general", bob);
        member("carol", "random", elsewhere);
        StoredMessage deleted = new StoredMessage(10, "general", null, author.clientId(), "ana", "", Instant.now(),
                List.of(), null, Instant.now());

        cut.dispatchChange(deleted, author, () -> { });
        awaitLane(deleted.conversation());

        assertEquals(List.of("message_deleted"), eventNames(bob));
        assertTrue(bob.texts().get(0).contains("\"room\":\"general\""), bob.texts().get(0));
        assertEquals(List.of(), ana.texts());
        assertEquals(List.of(), elsewhere.texts());
        assertEquals(Envelope.Audience.ROOM, fanOut.published.get(0).audience());
    }

    @Test
    void aJoinIsAnnouncedOnlyWhileTheRoomIsWithinTheLimitWhenItIsDelivered() throws Exception {
        RecordingTransport ana = new RecordingTransport();
        RecordingTransport bob = new RecordingTransport();
        member("ana", "big", ana);
        Connection subject = member("bob", "big", bob);
        String room = Conversation.room("big");
        CountDownLatch hold = new CountDownLatch(1);
        lanes.execute(room, () -> awaitQuietly(hold));

        // Announced while the room has 2 members, delivered once a third has joined: over a limit of 2.
        cut.dispatch(Envelope.membershipChange("big", "{\"event\":\"user_joined\"}", 2), subject);
        member("cy", "big", new RecordingTransport());
        hold.countDown();
        awaitLane(room);
        assertEquals(List.of(), ana.texts());

        cut.dispatch(Envelope.membershipChange("big", "{\"event\":\"user_joined\"}", 3), subject);
        awaitLane(room);
        assertEquals(1, ana.texts().size());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Connection member(String user, String room, RecordingTransport transport) {
        Connection connection = new Connection(user + "-" + registry.connectionCount(), user, transport,
                DefaultLimits.limits(), slow -> { });
        transports.put(connection, transport);
        registry.admit(connection, 100);
        registry.join(connection, room);
        return connection;
    }

    private void awaitLane(String key) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        cut.later(key, done::countDown);
        assertTrue(done.await(30, TimeUnit.SECONDS));
    }

    private static List<String> eventNames(RecordingTransport transport) {
        return transport.events().stream().map(event -> event.getString("event")).toList();
    }

    /** The cluster port, noting what was published and whether this node had it first. */
    private final class PublishedInOrder implements FanOut {

        final List<Envelope> published = Collections.synchronizedList(new ArrayList<>());
        final List<Envelope> publishedBeforeDelivery = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void publish(Envelope envelope) {
            published.add(envelope);
            boolean delivered = transports.entrySet().stream()
                    .filter(member -> !envelope.frame().startsWith(member.getKey().user() + ":"))
                    .allMatch(member -> member.getValue().texts().contains(envelope.frame()));
            if (!delivered) {
                publishedBeforeDelivery.add(envelope);
            }
        }

        @Override
        public CompletionStage<List<Member>> membersElsewhere(String room) {
            return CompletableFuture.completedStage(List.of());
        }

        @Override
        public boolean isConnected() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
