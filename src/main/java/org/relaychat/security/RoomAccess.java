package org.relaychat.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.relaychat.config.SecurityConfig;

/**
 * Which rooms are private and who may join them. A private room admits the users its list names
 * and the users whose token lists the room; a token that lists rooms also keeps its user out of
 * every room it does not list. Rooms start private from {@code chat.rooms.private}; the methods
 * below change that at run time. Access is checked on every join: changing it does not take anyone
 * out of a room (see {@code ChatService#enforceRoomAccess}).
 */
@ApplicationScoped
public class RoomAccess {

    private final Set<String> privateRooms = ConcurrentHashMap.newKeySet();
    private final Map<String, Set<String>> allowedUsers = new ConcurrentHashMap<>();

    /** Every room public. */
    public RoomAccess() {
    }

    @Inject
    public RoomAccess(SecurityConfig config) {
        this(config.privateRooms());
    }

    public RoomAccess(Collection<String> privateRooms) {
        this.privateRooms.addAll(privateRooms);
    }

    /** Whether {@code identity} may join {@code room}. */
    public boolean mayJoin(Identity identity, String room) {
        boolean listedByToken = identity.rooms().map(rooms -> rooms.contains(room)).orElse(false);
        if (privateRooms.contains(room)) {
            return listedByToken || allowedUsers.getOrDefault(room, Set.of()).contains(identity.user());
        }
        return identity.rooms().isEmpty() || listedByToken;
    }

    public boolean isPrivate(String room) {
        return privateRooms.contains(room);
    }

    /** The private rooms, as a snapshot. */
    public Set<String> privateRooms() {
        return Set.copyOf(privateRooms);
    }

    /** Restricts a room to the users allowed into it; its list of users is kept. */
    public void makePrivate(String room) {
        privateRooms.add(room);
    }

    /** Opens a room to everyone and forgets its list of users. */
    public void makePublic(String room) {
        privateRooms.remove(room);
        allowedUsers.remove(room);
    }

    /** Lets a user into a room while it is private. */
    public void allow(String room, String user) {
        allowedUsers.computeIfAbsent(room, name -> ConcurrentHashMap.newKeySet()).add(user);
    }

    /** Takes a user off a room's list; a token listing the room still lets the user in. */
    public void disallow(String room, String user) {
        allowedUsers.computeIfPresent(room, (name, users) -> {
            users.remove(user);
            return users.isEmpty() ? null : users;
        });
    }

    /** The users a room's list lets in, as a snapshot. */
    public Set<String> allowedUsers(String room) {
        return Set.copyOf(allowedUsers.getOrDefault(room, Set.of()));
    }
}
