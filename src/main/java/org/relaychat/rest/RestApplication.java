package org.relaychat.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The HTTP API under {@code /api}: the metrics and the admin resources, found by scanning. */
@ApplicationPath("api")
public class RestApplication extends Application {
}
