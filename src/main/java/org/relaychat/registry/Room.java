package org.relaychat.registry;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.relaychat.connection.Connection;

/**
 * A room and its members on this node. Membership changes go through the registry, which keeps
 * rooms and connections consistent; fan-out iterates {@link #members()} without a lock.
 */
public final class Room {

    private final String name;
    private final Map<String, Connection> members = new ConcurrentHashMap<>();

    Room(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** A weakly consistent view: safe to iterate while members come and go. */
    public Collection<Connection> members() {
        return members.values();
    }

    public int size() {
        return members.size();
    }

    public boolean contains(Connection connection) {
        return members.containsKey(connection.clientId());
    }

    boolean add(Connection connection) {
        return members.putIfAbsent(connection.clientId(), connection) == null;
    }

    boolean remove(Connection connection) {
        return members.remove(connection.clientId(), connection);
    }

    boolean isEmpty() {
        return members.isEmpty();
    }

    /** Sends one encoded frame to every member but {@code except} (which may be null). */
    public void send(String frame, Connection except) {
        Connection.sendToEach(members.values(), frame, except);
    }
}
