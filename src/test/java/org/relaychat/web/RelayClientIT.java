package org.relaychat.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.relaychat.it.Deployments;

/**
 * The JavaScript client library as served in the built WAR, driven in Node against the deployed
 * server ({@code src/test/js/server/}): commands and their promises, typed events, relay.batch, and
 * a resume after a drop.
 */
@RequiresNode
@ExtendWith(ArquillianExtension.class)
class RelayClientIT {

    private static final int TIMEOUT_SECONDS = 120;

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.builtWar();
    }

    @ArquillianResource
    URL base;

    @Test
    void theLibraryTalksToTheServerAndResumesAfterADrop() throws IOException {
        NodeRuntime.TestRun run = NodeRuntime.find().test(NodeRuntime.scripts("server", ".server.mjs"),
                Map.of("RELAY_URL", base.toString()), TIMEOUT_SECONDS);
        assertEquals(0, run.exitCode(), () -> "node --test failed:\n" + run.output());
        assertTrue(run.results().size() >= 2 && run.results().stream().allMatch(NodeRuntime.TestRun.Result::passed),
                () -> "not every test passed:\n" + run.output());
    }
}
