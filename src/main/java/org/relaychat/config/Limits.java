package org.relaychat.config;

import java.time.Duration;
import java.util.function.Function;

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

    /**
     * Reads the limits from their configuration keys.
     *
     * @param values the value of a key; throws when the key has none
     */
    public static Limits read(Function<String, String> values) {
        Settings settings = new Settings(values);
        return new Limits(
                settings.integer("chat.max-clients"),
                settings.integer("chat.max-connections-per-address"),
                settings.integer("chat.max-frame-bytes"),
                settings.integer("chat.max-message-chars"),
                settings.seconds("chat.idle-timeout-seconds"),
                settings.seconds("chat.ping.interval-seconds"),
                settings.seconds("chat.ping.timeout-seconds"),
                settings.decimal("chat.rate-limit.per-second"),
                settings.integer("chat.rate-limit.burst"),
                settings.integer("chat.rate-limit.max-strikes"),
                settings.integer("chat.room.max-name-length"),
                settings.integer("chat.room.membership-events-max-members"),
                settings.integer("chat.outbound.max-bytes"),
                settings.integer("chat.history.max-limit"),
                settings.integer("chat.room.max-per-connection"),
                settings.integer("chat.room.max-per-node"),
                settings.integer("chat.direct.max-per-hour"),
                settings.seconds("chat.message.edit-window-seconds"));
    }
}
