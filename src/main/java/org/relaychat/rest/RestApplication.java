package org.relaychat.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;

/** The HTTP API under {@code /api}: the metrics and the admin resources, found by scanning. */
@ApplicationPath("api")
public class RestApplication extends Application {

    /**
     * Jersey (Payara) would otherwise publish {@code /api/application.wadl}, a map of every admin
     * endpoint with the Jersey version, to anyone; RESTEasy (WildFly) has no such document and
     * ignores the property.
     */
    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.server.wadl.disableWadl", true);
    }
}
