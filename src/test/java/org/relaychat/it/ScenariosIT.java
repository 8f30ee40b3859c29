package org.relaychat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The test scenarios of the reference server, against the WAR on Payara Micro. */
@ExtendWith(ArquillianExtension.class)
class ScenariosIT {

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.builtWar();
    }

    @ArquillianResource
    URL base;

    private URI endpoint() {
        return Deployments.endpoint(base);
    }

    @Test
    void welcomeCarriesClientIdUserAndDefaultRoom() throws Exception {
        try (ChatClient ana = ChatClient.connect(endpoint(), "ana")) {
            JsonObject welcome = ana.welcome();
            assertFalse(welcome.getString("client_id").isEmpty());
            assertEquals("ana", welcome.getString("user"));
            assertEquals("general", welcome.getJsonArray("rooms").getString(0));
            assertTrue(welcome.getString("timestamp").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
        }
    }

    @Test
    void echoAnswersTheSender() throws Exception {
        try (ChatClient ana = ChatClient.connect(endpoint(), "ana")) {
            ana.send("message", "message", "hello", "ref", "r1");
            JsonObject echo = ana.await("echo");
            assertEquals("hello", echo.getString("original_message"));
            assertEquals("r1", echo.getString("ref"));
        }
    }
}
