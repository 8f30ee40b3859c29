package org.relaychat.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
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
            Config config,
            @ConfigProperty(name = "chat.default-room") String defaultRoom,
            @ConfigProperty(name = "chat.allowed-origins") Optional<String> allowedOrigins,
            @ConfigProperty(name = "chat.public-url") Optional<URI> publicUrl,
            @ConfigProperty(name = "chat.history.on-join") int historyOnJoin) {
        this.defaultRoom = NO_ROOM.equalsIgnoreCase(defaultRoom.strip())
                ? Optional.empty() : Optional.of(defaultRoom.strip());
        // Read as one string: not every server's config producer injects Optional<List<String>>.
        this.allowedOrigins = Arrays.stream(allowedOrigins.orElse("").split(","))
                .map(String::strip).filter(origin -> !origin.isEmpty()).toList();
        this.publicUrl = publicUrl;
        this.historyOnJoin = historyOnJoin;
        this.limits = Limits.read(key -> config.getValue(key, String.class));
        this.fileLimits = FileLimits.read(key -> config.getValue(key, String.class));
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
