package org.relaychat.chat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.relaychat.config.Limits;
import org.relaychat.connection.Connection;
import org.relaychat.delivery.Dispatcher;
import org.relaychat.delivery.Envelope;
import org.relaychat.delivery.RoomEvents;
import org.relaychat.history.Conversation;
import org.relaychat.profiles.Profile;
import org.relaychat.protocol.ClientCommand.JoinRoom;
import org.relaychat.protocol.ClientCommand.LeaveRoom;
import org.relaychat.protocol.ClientCommand.RequestPresence;
import org.relaychat.protocol.ErrorCode;
import org.relaychat.protocol.ServerEvent;
import org.relaychat.registry.ChatRegistry;
import org.relaychat.registry.Room;
import org.relaychat.security.RoomAccess;

/** Who is in which room: joins, leaves, presence, and taking out those no longer allowed in. */
final class Membership {

    private final ChatRegistry registry;
    private final Limits limits;
    private final RoomAccess access;
    private final Dispatcher dispatcher;
    private final Replies replies;
    private final HistoryQueries historyQueries;
    private final ProfileCommands profiles;

    Membership(ChatRegistry registry, Limits limits, RoomAccess access, Dispatcher dispatcher, Replies replies,
            HistoryQueries historyQueries, ProfileCommands profiles) {
        this.profiles = profiles;
        this.registry = registry;
        this.limits = limits;
        this.access = access;
        this.dispatcher = dispatcher;
        this.replies = replies;
        this.historyQueries = historyQueries;
    }

    /**
     * Joins a new connection to the room its welcome lists, at once, so that a client that does
     * not wait for its welcome is already a member; see {@link #announceArrival}.
     */
    void enterOnConnect(Connection connection, String room) {
        registry.join(connection, room);
    }

    /**
     * Tells the others in the room a new connection entered, once its profile is known; the
     * welcome stands for its own user_joined.
     */
    void announceArrival(Connection connection, String room) {
        registry.room(room).ifPresent(joined -> announce(joined,
                RoomEvents.userJoined(connection.clientId(), connection.profile(), room), connection));
    }

    void join(Connection sender, JoinRoom command) {
        if (!access.mayJoin(sender.identity(), command.room())) {
            replies.reject(sender, ErrorCode.FORBIDDEN, "not allowed into room '" + command.room() + "'",
                    command.ref());
            return;
        }
        Optional<String> overLimit = new JoinQuota(registry, limits).refusal(sender, command.room());
        if (overLimit.isPresent()) {
            replies.reject(sender, ErrorCode.LIMIT_EXCEEDED, overLimit.get(), command.ref());
            return;
        }
        ChatRegistry.Joined joined = registry.join(sender, command.room());
        String frame = RoomEvents.userJoined(sender.clientId(), sender.profile(), command.room());
        // The joiner hears of its join on the room's lane, after what the room was sent before it:
        // so a join storm is answered as fast as it is announced, not faster.
        // The confirmation also waits until what other nodes send to the room reaches this node:
        // a client that has it misses nothing sent to the room after.
        Runnable confirm = () -> dispatcher.whenRoomReady(command.room(), () -> {
            sender.send(frame);
            historyQueries.recentOnJoin(sender, command.room(), command.ref());
        });
        if (joined.newMember()) {
            dispatcher.dispatch(announcement(joined.room(), frame), sender, confirm);
        } else {
            dispatcher.later(Conversation.room(command.room()), confirm);
        }
    }

    void leave(Connection sender, LeaveRoom command) {
        if (!leaveTold(sender, command.room())) {
            replies.notMember(sender, command.room(), command.ref());
            return;
        }
        replies.acknowledge(sender, command.ref());
    }

    /** Takes every member out of a room, each told by its own {@code user_left}; returns how many left. */
    int empty(String roomName) {
        int left = 0;
        for (Connection member : members(roomName)) {
            if (registry.leave(member, roomName).isPresent()) {
                member.send(RoomEvents.userLeft(member.clientId(), member.user(), roomName));
                left++;
            }
        }
        return left;
    }

    /**
     * Tells the rooms a closed connection was in that it left, and when it was its user's last
     * connection here, that the user is offline.
     */
    void leftOnClose(Connection connection, List<Room> rooms) {
        for (Room room : rooms) {
            announce(room, RoomEvents.userLeft(connection.clientId(), connection.user(), room.name()), null);
        }
        if (registry.connectionsOf(connection.user()).isEmpty()) {
            profiles.wentOffline(connection, rooms.stream().map(Room::name).toList());
        }
    }

    /**
     * This node's members first, then those of the other nodes (asked without blocking), each with
     * the profile of its user: as this node's connections show it, or for users only on other
     * nodes, as the store has it.
     */
    void presence(Connection sender, RequestPresence command) {
        replies.memberRoom(sender, command.room(), command.ref()).ifPresent(room -> {
            List<ServerEvent.Member> here = new ArrayList<>();
            Map<String, Profile> shown = new HashMap<>();
            for (Connection member : room.members()) {
                here.add(new ServerEvent.Member(member.clientId(), member.user()));
                shown.put(member.user(), member.profile());
            }
            dispatcher.membersElsewhere(command.room()).thenAccept(elsewhere -> {
                List<ServerEvent.Member> members = Stream.concat(here.stream(), elsewhere.stream()).toList();
                Set<String> elsewhereOnly = elsewhere.stream().map(ServerEvent.Member::user)
                        .filter(user -> !shown.containsKey(user)).collect(Collectors.toSet());
                profiles.ofUsers(elsewhereOnly, stored -> {
                    shown.putAll(stored);
                    replies.send(sender, new ServerEvent.Presence(command.ref(), command.room(), members, shown));
                });
            });
        });
    }

    /** Takes a member out of a room, telling it and the room; false when it was not a member. */
    private boolean leaveTold(Connection member, String roomName) {
        Optional<Room> left = registry.leave(member, roomName);
        left.ifPresent(room -> {
            String frame = RoomEvents.userLeft(member.clientId(), member.user(), roomName);
            member.send(frame);
            announce(room, frame, null);
        });
        return left.isPresent();
    }

    private List<Connection> members(String roomName) {
        return registry.room(roomName).map(room -> List.copyOf(room.members())).orElse(List.of());
    }

    /** Tells the other members of a room of a join or leave; see {@link #announcement}. */
    private void announce(Room room, String frame, Connection subject) {
        dispatcher.dispatch(announcement(room, frame), subject);
    }

    /**
     * A join or leave, for the members of a room while the room is small enough for that to be
     * useful; in larger rooms a join storm would drown the messages, and members learn who is
     * there through {@code presence}.
     */
    private Envelope announcement(Room room, String frame) {
        return Envelope.membershipChange(room.name(), frame, limits.membershipEventsMaxMembers());
    }
}
