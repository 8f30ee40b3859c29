package org.relaychat.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.relaychat.config.ChatConfig;

/** The server's {@link OriginPolicy}, built once from the configuration for every filter that needs it. */
@ApplicationScoped
public class SiteOrigins {

    private OriginPolicy policy;

    protected SiteOrigins() {
        // for the CDI proxy
    }

    @Inject
    public SiteOrigins(ChatConfig config, @ConfigProperty(name = "chat.allowed-hosts") Optional<String> allowedHosts) {
        // Read as one string: not every server's config producer injects Optional<List<String>>.
        this.policy = new OriginPolicy(config.allowedOrigins(), config.publicUrl(),
                Arrays.stream(allowedHosts.orElse("").split(",")).map(String::strip).filter(host -> !host.isEmpty()).toList());
    }

    public OriginPolicy policy() {
        return policy;
    }
}
