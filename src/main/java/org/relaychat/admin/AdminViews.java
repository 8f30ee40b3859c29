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

    /** The reference's {@code getClients}: every connection with its rooms. */
    public record ClientList(int count, List<ClientView> clients) {
    }

    public record ClientView(String clientId, String user, List<String> rooms, int backlogChars) {
    }

    public record RoomView(String room, int members) {
    }

    public record RoomMembers(String room, List<Member> members) {
    }

    public record Member(String clientId, String user) {
    }

    /** The body of a system broadcast. */
    public record Announcement(String message) {
    }

    /** How many clients an action reached. */
    public record Delivery(int recipients) {
    }

    public record Problem(String error) {
    }
}
