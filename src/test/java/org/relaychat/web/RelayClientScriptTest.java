package org.relaychat.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The unit tests of the JavaScript client library ({@code src/test/js/*.test.mjs}, against a fake
 * socket), run with Node's own test runner; each JavaScript test shows as one test here.
 */
@RequiresNode
class RelayClientScriptTest {

    private static final int TIMEOUT_SECONDS = 120;

    @TestFactory
    Stream<DynamicTest> javaScriptUnitTests() throws IOException {
        NodeRuntime.TestRun run = NodeRuntime.find().test(NodeRuntime.scripts("", ".test.mjs"), Map.of(), TIMEOUT_SECONDS);
        List<NodeRuntime.TestRun.Result> results = run.results();
        DynamicTest finished = DynamicTest.dynamicTest("node --test ran every test and passed", () -> {
            assertFalse(results.isEmpty(), () -> "no test reported:\n" + run.output());
            assertEquals(0, run.exitCode(), () -> "node --test failed:\n" + run.output());
        });
        return Stream.concat(results.stream().map(result -> DynamicTest.dynamicTest(result.name(), () -> {
            assumeFalse(result.skipped(), "skipped in JavaScript");
            if (!result.passed()) {
                fail(result.details());
            }
        })), Stream.of(finished));
    }
}
