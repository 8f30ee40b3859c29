package org.relaychat.it;

import java.io.File;
import java.net.URI;
import java.net.URL;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The WAR the build produced, deployed as it is, so tests exercise the real artefact. */
public final class Deployments {

    private Deployments() {
    }

    public static WebArchive builtWar() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("relay.war")));
    }

    /** The WebSocket endpoint of a deployment whose base URL is {@code base}. */
    public static URI endpoint(URL base) {
        return URI.create(base.toString().replaceFirst("^http", "ws") + "ws");
    }
}
