package org.relaychat.admin;

import java.util.List;

/** What the admin API reads and writes as JSON; fields are named as in the WebSocket protocol. */
public final class AdminViews {

    private AdminViews() {
    }

    /** The server's state: the reference's {@code getClientCount} and more. */
    public record ServerStats(int clients, int maxClients, int rooms, long messagesReceived, long messagesSent,
            long slowConsumerCloses, boolean accepting) {
    }

    /** The reference's {@code getClients}: one page of the connections with their rooms, of {@code count} in all. */
    public record ClientList(int count, int offset, List<ClientView> clients) {
    }

    /** One page of the rooms, of {@code count} in all. */
    public record RoomList(int count, int offset, List<RoomView> rooms) {
    }

    public record ClientView(String clientId, String user, List<String> rooms, int backlogChars) {
    }

    public record RoomView(String room, int members) {
    }

    /** One page of a room's members, of {@code count} in all. */
    public record RoomMembers(String room, int count, int offset, List<Member> members) {
    }

    public record Member(String clientId, String user) {
    }

    /** The body of a system broadcast. */
    public record Announcement(String message) {
    }

    /** How many clients an action reached. */
    public record Delivery(int recipients) {
    }
}
