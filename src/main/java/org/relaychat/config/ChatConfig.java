package org.relaychat.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every setting of the chat server, read once through MicroProfile Config. Defaults live in
 * {@code META-INF/microprofile-config.properties}; system properties and environment variables
 * override them (for example {@code CHAT_MAX_CLIENTS=5000}).
 */
@ApplicationScoped
public class ChatConfig {

    private static final String NO_ROOM = "none";

    private Limits limits;
    private Optional<String> defaultRoom;
    private List<String> allowedOrigins;
    private Optional<URI> publicUrl;
    private int historyOnJoin;
    private FileLimits fileLimits;

    protected ChatConfig() {
        // for the CDI proxy
    }

    @Inject
    public ChatConfig(
            @ConfigProperty(name = "chat.default-room") String defaultRoom,
            @ConfigProperty(name = "chat.allowed-origins") Optional<String> allowedOrigins,
            @ConfigProperty(name = "chat.public-url") Optional<URI> publicUrl,
            @ConfigProperty(name = "chat.max-clients") int maxClients,
            @ConfigProperty(name = "chat.max-connections-per-address") int maxConnectionsPerAddress,
            @ConfigProperty(name = "chat.max-frame-bytes") int maxFrameBytes,
            @ConfigProperty(name = "chat.max-message-chars") int maxMessageChars,
            @ConfigProperty(name = "chat.idle-timeout-seconds") long idleTimeoutSeconds,
            @ConfigProperty(name = "chat.ping.interval-seconds") long pingIntervalSeconds,
            @ConfigProperty(name = "chat.ping.timeout-seconds") long pongTimeoutSeconds,
            @ConfigProperty(name = "chat.rate-limit.per-second") double ratePerSecond,
            @ConfigProperty(name = "chat.rate-limit.burst") int rateBurst,
            @ConfigProperty(name = "chat.rate-limit.max-strikes") int rateMaxStrikes,
            @ConfigProperty(name = "chat.room.max-name-length") int maxRoomNameLength,
            @ConfigProperty(name = "chat.room.membership-events-max-members") int membershipEventsMaxMembers,
            @ConfigProperty(name = "chat.outbound.max-bytes") int outboundMaxBytes,
            @ConfigProperty(name = "chat.history.max-limit") int historyMaxLimit,
            @ConfigProperty(name = "chat.history.on-join") int historyOnJoin,
            @ConfigProperty(name = "chat.room.max-per-connection") int maxRoomsPerConnection,
            @ConfigProperty(name = "chat.room.max-per-node") int maxRoomsPerNode,
            @ConfigProperty(name = "chat.direct.max-per-hour") int directMessagesPerHour,
            @ConfigProperty(name = "chat.files.max-bytes") long fileMaxBytes,
            @ConfigProperty(name = "chat.files.uploads-per-hour") int uploadsPerHour,
            @ConfigProperty(name = "chat.files.unattached-minutes") long unattachedMinutes) {
        this.defaultRoom = NO_ROOM.equalsIgnoreCase(defaultRoom.strip())
                ? Optional.empty() : Optional.of(defaultRoom.strip());
        // Read as one string: not every server's config producer injects Optional<List<String>>.
        this.allowedOrigins = Arrays.stream(allowedOrigins.orElse("").split(","))
                .map(String::strip).filter(origin -> !origin.isEmpty()).toList();
        this.publicUrl = publicUrl;
        this.historyOnJoin = historyOnJoin;
        this.limits = new Limits(maxClients, maxConnectionsPerAddress, maxFrameBytes, maxMessageChars,
                Duration.ofSeconds(idleTimeoutSeconds), Duration.ofSeconds(pingIntervalSeconds),
                Duration.ofSeconds(pongTimeoutSeconds), ratePerSecond, rateBurst, rateMaxStrikes,
                maxRoomNameLength, membershipEventsMaxMembers, outboundMaxBytes, historyMaxLimit,
                maxRoomsPerConnection, maxRoomsPerNode, directMessagesPerHour);
        this.fileLimits = new FileLimits(fileMaxBytes, uploadsPerHour, Duration.ofMinutes(unattachedMinutes));
    }

    /** The room every connection joins on connect, if any. */
    public Optional<String> defaultRoom() {
        return defaultRoom;
    }

    /** Origins allowed besides the server's own; {@code *} allows any. */
    public List<String> allowedOrigins() {
        return allowedOrigins;
    }

    /** The address browsers use when the server sits behind a proxy; its origin is the server's own. */
    public Optional<URI> publicUrl() {
        return publicUrl;
    }

    /** How many of a room's newest messages a client gets when it joins; zero sends none. */
    public int historyOnJoin() {
        return historyOnJoin;
    }

    public Limits limits() {
        return limits;
    }

    public FileLimits fileLimits() {
        return fileLimits;
    }
}
