package org.relaychat.chat;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.relaychat.connection.Connection;
import org.relaychat.delivery.Dispatcher;
import org.relaychat.delivery.Envelope;
import org.relaychat.profiles.Profile;
import org.relaychat.profiles.ProfileStore;
import org.relaychat.protocol.ClientCommand.SetProfile;
import org.relaychat.protocol.ErrorCode;
import org.relaychat.protocol.ServerEvent;
import org.relaychat.protocol.ServerEventEncoder;
import org.relaychat.registry.ChatRegistry;

/**
 * The socket's part of profiles: the profiles of a member list, {@code set_profile}, and the
 * {@code profile} events that tell others of a change or of a user gone offline.
 */
final class ProfileCommands {

    /** How long a member list waits for the profiles of members on other nodes. */
    private static final Duration MEMBER_PROFILES_WAIT = Duration.ofMillis(250);

    private final ProfileStore store;
    private final DatabaseWork database;
    private final ChatRegistry registry;
    private final Dispatcher dispatcher;
    private final Replies replies;
    private final int roomsUpTo;

    /** A change as stored, with everyone the user has a direct conversation with. */
    private record Changed(ProfileStore.Outcome outcome, Set<String> partners) {
    }

    /**
     * @param roomsUpTo the largest room whose members are told of profile changes, as of joins and
     *     leaves: in larger ones a crowd going away and coming back would drown the messages, and
     *     members learn profiles through {@code presence}
     */
    ProfileCommands(ProfileStore store, Executor databaseThreads, ChatRegistry registry, Dispatcher dispatcher,
            Replies replies, int roomsUpTo) {
        this.roomsUpTo = roomsUpTo;
        this.store = store;
        this.database = new DatabaseWork(databaseThreads);
        this.registry = registry;
        this.dispatcher = dispatcher;
        this.replies = replies;
    }

    /**
     * The stored profiles of connected users, for a member list: those the store has within
     * {@link #MEMBER_PROFILES_WAIT}, none past it or when the store cannot be asked, so that a
     * {@code presence} is answered in time whatever the database does.
     */
    void ofUsers(Set<String> users, Consumer<Map<String, Profile>> then) {
        if (users.isEmpty()) {
            then.accept(Map.of());
            return;
        }
        CompletableFuture<Map<String, Profile>> shown = new CompletableFuture<>();
        database.run(() -> store.findAll(users), found -> {
            Map<String, Profile> profiles = new HashMap<>();
            found.forEach((user, stored) -> profiles.put(user, stored.view(user)));
            shown.complete(profiles);
        }, () -> shown.complete(Map.of()));
        shown.completeOnTimeout(Map.of(), MEMBER_PROFILES_WAIT.toMillis(), TimeUnit.MILLISECONDS).thenAccept(then);
    }

    void set(Connection sender, SetProfile command) {
        String user = sender.user();
        database.run(() -> {
            ProfileStore.Outcome outcome = store.change(user, command.change(), Instant.now());
            return new Changed(outcome, outcome.refusal() == null ? store.directPartners(user) : Set.of());
        }, changed -> {
            ProfileStore.Outcome outcome = changed.outcome();
            if (outcome.refusal() != null) {
                refuse(sender, outcome.refusal(), command.ref());
            } else {
                announce(sender, outcome.profile().view(user), changed.partners(), command.ref());
            }
        }, () -> replies.reject(sender, ErrorCode.UNAVAILABLE, "the profile cannot be changed right now; retry",
                command.ref()));
    }

    /**
     * The user's last connection on this node closed: the users of the rooms it was in hear that
     * the user is offline, except in rooms where another node has a connection of the user.
     */
    void wentOffline(Connection last, List<String> rooms) {
        Profile offline = last.profile().withState(Profile.State.OFFLINE);
        String frame = ServerEventEncoder.toJson(new ServerEvent.ProfileChanged(null, offline, Instant.now()));
        audience(last.user(), rooms, Set.of(), true).thenAccept(users -> {
            if (!users.isEmpty()) {
                dispatcher.dispatch(Envelope.toUsers(users, frame), null);
            }
        });
    }

    /**
     * The sender gets the whole profile as its reply, and the user's connections here show it from
     * now on. The event goes to the users of the rooms the user's connections here are in, to the
     * user's direct-conversation partners and to the user's other connections.
     */
    private void announce(Connection sender, Profile profile, Set<String> partners, String ref) {
        Instant now = Instant.now();
        Set<String> rooms = new HashSet<>();
        for (Connection own : registry.connectionsOf(sender.user())) {
            own.showAs(profile);
            rooms.addAll(own.rooms());
        }
        replies.send(sender, new ServerEvent.ProfileChanged(ref, profile, now));
        String frame = ServerEventEncoder.toJson(new ServerEvent.ProfileChanged(null, profile, now));
        Set<String> told = new HashSet<>(partners);
        told.add(sender.user());
        audience(sender.user(), rooms, told, false)
                .thenAccept(users -> dispatcher.dispatch(Envelope.toUsers(users, frame), sender));
    }

    /**
     * {@code users} and the users of each room of at most {@code roomsUpTo} members, on every node:
     * as one set of users, each gets an event once, however many rooms they share with its subject.
     *
     * @param skipRoomsWithSubject leave out rooms where {@code subject} is a member on another node
     */
    private CompletionStage<Set<String>> audience(String subject, Collection<String> rooms, Set<String> users,
            boolean skipRoomsWithSubject) {
        CompletionStage<Set<String>> audience = CompletableFuture.completedStage(new HashSet<>(users));
        for (String room : rooms) {
            List<String> here = registry.room(room).map(found -> found.members().stream().map(Connection::user)
                    .toList()).orElse(List.of());
            audience = audience.thenCombine(dispatcher.membersElsewhere(room), (all, elsewhere) -> {
                boolean subjectElsewhere = elsewhere.stream().anyMatch(member -> member.user().equals(subject));
                boolean small = roomsUpTo <= 0 || here.size() + elsewhere.size() <= roomsUpTo;
                if (small && !(skipRoomsWithSubject && subjectElsewhere)) {
                    all.addAll(here);
                    elsewhere.forEach(member -> all.add(member.user()));
                }
                return all;
            });
        }
        return audience.thenApply(all -> {
            if (skipRoomsWithSubject) {
                all.remove(subject);
            }
            return all;
        });
    }

    private void refuse(Connection sender, ProfileStore.Refusal refusal, String ref) {
        switch (refusal) {
            case NO_SUCH_FILE -> replies.reject(sender, ErrorCode.NOT_FOUND, "'avatar' must be an upload of yours,"
                    + " stored and not sent with a message", ref);
            case NOT_AN_IMAGE -> replies.reject(sender, ErrorCode.BAD_FIELD,
                    "'avatar' must be a PNG, JPEG, GIF or WebP image", ref);
        }
    }
}
