package org.relaychat.config;

import java.time.Duration;

/**
 * The numeric limits of the server, kept apart from CDI so that the protocol and room logic can be
 * built and tested by hand.
 *
 * @param maxClients connections accepted at once; over it a client gets {@code server_full}
 * @param maxConnectionsPerAddress connections accepted at once from one IP address; zero turns the
 *     limit off
 * @param maxFrameBytes largest text frame read; larger frames may be closed with 1009
 * @param maxMessageChars longest {@code message} text
 * @param idleTimeout time without a frame from the client before it is closed; zero turns it off
 * @param pingInterval time between server pings
 * @param pongTimeout time a pong may be late before the connection counts as dead
 * @param ratePerSecond sustained frames per second per connection; zero turns the limit off
 * @param rateBurst frames a connection may send at once above the sustained rate
 * @param rateMaxStrikes rate-limited frames in a row after which the connection is closed
 * @param maxRoomNameLength longest room name
 * @param membershipEventsMaxMembers room size above which members are no longer told of each
 *     other's joins and leaves (the subject still gets its confirmation)
 * @param outboundMaxBytes characters queued for one slow client before it is closed
 * @param historyMaxLimit the most messages one {@code history} page returns
 * @param maxRoomsPerConnection rooms one connection may be in at once; over it a {@code join} gets
 *     {@code limit_exceeded}
 * @param maxRoomsPerNode rooms this node holds at once; a {@code join} that would open one more gets
 *     {@code limit_exceeded}
 * @param directMessagesPerHour direct messages one user may have stored per hour on this node; over
 *     it a {@code direct_message} gets {@code rate_limited}; zero turns the cap off
 * @param editWindow how long after sending a message its author may edit or delete it; zero sets no
 *     limit
 */
public record Limits(
        int maxClients,
        int maxConnectionsPerAddress,
        int maxFrameBytes,
        int maxMessageChars,
        Duration idleTimeout,
        Duration pingInterval,
        Duration pongTimeout,
        double ratePerSecond,
        int rateBurst,
        int rateMaxStrikes,
        int maxRoomNameLength,
        int membershipEventsMaxMembers,
        int outboundMaxBytes,
        int historyMaxLimit,
        int maxRoomsPerConnection,
        int maxRoomsPerNode,
        int directMessagesPerHour,
        Duration editWindow) {

    public static final int MAX_USER_NAME_LENGTH = 32;
    public static final int MAX_REF_LENGTH = 64;
    public static final int DEFAULT_HISTORY_LIMIT = 50;

    /** The documented defaults, as in {@code microprofile-config.properties}. */
    public static Limits defaults() {
        return new Limits(10_000, 100, 65_536, 4_000, Duration.ZERO, Duration.ofSeconds(30),
                Duration.ofSeconds(10), 20, 50, 50, 64, 500, 1_048_576, 200, 128, 10_000, 600, Duration.ZERO);
    }

    /** These limits with another edit window. */
    public Limits withEditWindow(Duration window) {
        return new Limits(maxClients, maxConnectionsPerAddress, maxFrameBytes, maxMessageChars, idleTimeout,
                pingInterval, pongTimeout, ratePerSecond, rateBurst, rateMaxStrikes, maxRoomNameLength,
                membershipEventsMaxMembers, outboundMaxBytes, historyMaxLimit, maxRoomsPerConnection, maxRoomsPerNode,
                directMessagesPerHour, window);
    }
}
