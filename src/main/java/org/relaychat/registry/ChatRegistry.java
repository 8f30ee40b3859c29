package org.relaychat.registry;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.relaychat.connection.Connection;

/**
 * The connections of this node and the rooms they are in. Safe under concurrent connects, joins,
 * leaves and closes: a room is created by its first join and removed with its last member, in the
 * same atomic step, and a connection that closes while joining is taken out again.
 */
@ApplicationScoped
public class ChatRegistry {

    private final Map<String, Connection> connections = new ConcurrentHashMap<>();
    private final Map<String, Set<Connection>> connectionsByUser = new ConcurrentHashMap<>();
    private final Map<String, Room> rooms = new ConcurrentHashMap<>();
    private final Map<String, Integer> connectionsByAddress = new ConcurrentHashMap<>();
    private final AtomicInteger admitted = new AtomicInteger();
    private final AtomicBoolean accepting = new AtomicBoolean(true);
    private final ReentrantLock emptiedLock = new ReentrantLock();
    private final Condition emptied = emptiedLock.newCondition();
    private final Event<MemberJoined> joins;
    private final Event<MemberLeft> leaves;
    private final Event<ConnectionAdmitted> admissions;
    private final Event<ConnectionRemoved> removals;

    /** A registry that tells nobody of connections, joins and leaves. */
    public ChatRegistry() {
        this(null, null, null, null);
    }

    /**
     * Fires {@link ConnectionAdmitted}, {@link MemberJoined}, {@link MemberLeft} and
     * {@link ConnectionRemoved} right after each admission, join, leave and removal.
     */
    @Inject
    public ChatRegistry(Event<MemberJoined> joins, Event<MemberLeft> leaves, Event<ConnectionAdmitted> admissions,
            Event<ConnectionRemoved> removals) {
        this.joins = joins;
        this.leaves = leaves;
        this.admissions = admissions;
        this.removals = removals;
    }

    /** Adds a connection unless {@code maxClients} are already connected. */
    public boolean admit(Connection connection, int maxClients) {
        return admit(connection, maxClients, 0) == Admission.ADMITTED;
    }

    /** Whether a connection was let in, or which limit kept it out; none is let in while shutting down. */
    public enum Admission { ADMITTED, SERVER_FULL, ADDRESS_FULL, SHUTTING_DOWN }

    /**
     * Adds a connection unless {@code maxClients} are already connected, or {@code maxPerAddress}
     * (when above zero) from the connection's address.
     */
    public Admission admit(Connection connection, int maxClients, int maxPerAddress) {
        if (!accepting.get()) {
            return Admission.SHUTTING_DOWN;
        }
        if (admitted.incrementAndGet() > maxClients) {
            admitted.decrementAndGet();
            return Admission.SERVER_FULL;
        }
        if (connection.address().isPresent() && !countIn(connection.address().get(), maxPerAddress)) {
            admitted.decrementAndGet();
            return Admission.ADDRESS_FULL;
        }
        connections.put(connection.clientId(), connection);
        connectionsByUser.compute(connection.user(), (user, set) -> {
            Set<Connection> result = set == null ? ConcurrentHashMap.newKeySet() : set;
            result.add(connection);
            return result;
        });
        if (admissions != null) {
            admissions.fire(new ConnectionAdmitted(connection));
        }
        return Admission.ADMITTED;
    }

    /** Counts one more connection from the address unless {@code max} (when above zero) are there. */
    private boolean countIn(String address, int max) {
        boolean[] counted = new boolean[1];
        connectionsByAddress.compute(address, (key, count) -> {
            int current = count == null ? 0 : count;
            counted[0] = max <= 0 || current < max;
            return counted[0] ? current + 1 : count;
        });
        return counted[0];
    }

    /** Connections at once from one address, as counted against the per-address limit. */
    public int connectionsFrom(String address) {
        return connectionsByAddress.getOrDefault(address, 0);
    }

    /**
     * Takes a connection out of the registry and every room, once. Returns the rooms it was in
     * (their remaining members still to be told), or empty when it had already been removed.
     */
    public Optional<List<Room>> remove(Connection connection) {
        if (!connection.markClosed()) {
            return Optional.empty();
        }
        if (connections.remove(connection.clientId(), connection)) {
            admitted.decrementAndGet();
            connection.address().ifPresent(address -> connectionsByAddress.computeIfPresent(address,
                    (key, count) -> count > 1 ? count - 1 : null));
            if (connections.isEmpty()) {
                signalEmptied();
            }
        }
        connectionsByUser.computeIfPresent(connection.user(), (user, set) -> {
            set.remove(connection);
            return set.isEmpty() ? null : set;
        });
        List<Room> left = new ArrayList<>();
        for (String name : List.copyOf(connection.rooms())) {
            leave(connection, name).ifPresent(left::add);
        }
        if (removals != null) {
            removals.fire(new ConnectionRemoved(connection));
        }
        return Optional.of(left);
    }

    /** Result of a join: the room, and whether the connection was new to it. */
    public record Joined(Room room, boolean newMember) {
    }

    public Joined join(Connection connection, String roomName) {
        boolean[] added = new boolean[1];
        Room room = rooms.compute(roomName, (name, existing) -> {
            Room target = existing == null ? new Room(name) : existing;
            added[0] = target.add(connection);
            return target;
        });
        connection.rooms().add(roomName);
        if (added[0] && joins != null) {
            joins.fire(new MemberJoined(roomName, connection));
        }
        if (connection.isClosed()) {
            // remove() may have copied the room list before this join: undo it ourselves.
            leave(connection, roomName);
        }
        return new Joined(room, added[0]);
    }

    /** Takes the connection out of a room; the room, or empty when it was not a member. */
    public Optional<Room> leave(Connection connection, String roomName) {
        Room[] left = new Room[1];
        rooms.computeIfPresent(roomName, (name, room) -> {
            if (room.remove(connection)) {
                left[0] = room;
            }
            return room.isEmpty() ? null : room;
        });
        connection.rooms().remove(roomName);
        if (left[0] != null && leaves != null) {
            leaves.fire(new MemberLeft(roomName, connection));
        }
        return Optional.ofNullable(left[0]);
    }

    public Optional<Room> room(String name) {
        return Optional.ofNullable(rooms.get(name));
    }

    public Collection<Room> rooms() {
        return rooms.values();
    }

    /** Sends one encoded frame to every connection of this node but {@code except} (which may be null). */
    public int sendToAll(String frame, Connection except) {
        return Connection.sendToEach(connections.values(), frame, except);
    }

    public Optional<Connection> connection(String clientId) {
        return Optional.ofNullable(connections.get(clientId));
    }

    public Collection<Connection> connections() {
        return connections.values();
    }

    public int connectionCount() {
        return connections.size();
    }

    /** False once the node has begun to shut down: no connection is admitted from then on. */
    public boolean isAccepting() {
        return accepting.get();
    }

    /** Admits no further connections; true for the one caller that stopped admission. */
    public boolean stopAdmitting() {
        return accepting.compareAndSet(true, false);
    }

    /** Waits until no connection is left, at most {@code timeout}; true when none is. */
    public boolean awaitEmpty(Duration timeout) throws InterruptedException {
        long left = timeout.toNanos();
        emptiedLock.lock();
        try {
            while (!connections.isEmpty()) {
                if (left <= 0) {
                    return false;
                }
                left = emptied.awaitNanos(left);
            }
            return true;
        } finally {
            emptiedLock.unlock();
        }
    }

    private void signalEmptied() {
        emptiedLock.lock();
        try {
            emptied.signalAll();
        } finally {
            emptiedLock.unlock();
        }
    }

    /** Every connection of a user on this node. */
    public Collection<Connection> connectionsOf(String user) {
        return connectionsByUser.getOrDefault(user, Set.of());
    }
}
