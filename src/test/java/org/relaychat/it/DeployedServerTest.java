package org.relaychat.it;

import java.net.URI;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/** Base of the protocol tests: the built WAR deployed as it is, driven from outside over WebSocket. */
@ExtendWith(ArquillianExtension.class)
abstract class DeployedServerTest {

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.builtWar();
    }

    @ArquillianResource
    URL base;

    URI endpoint() {
        return Deployments.endpoint(base);
    }

    /** Joins a room and waits for the server to confirm it. */
    static void join(ChatClient client, String room) throws Exception {
        client.send("join_room", "room", room, "ref", "join-" + room);
        client.await(e -> e.getString("event").equals("ack") && e.getString("ref").equals("join-" + room), "join ack");
    }
}
