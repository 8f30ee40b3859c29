package org.relaychat.web;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Decides whether a {@link RequiresNode} class can run: Node.js 20.10 or later is at
 * {@code node.path}, or on the PATH. When it is not, the class is skipped with one line saying what
 * to install, so that {@code mvn verify} passes on a machine with only a JDK and Maven; with
 * {@code relay.browser.required=true} (system property, or the RELAY_BROWSER_REQUIRED environment
 * variable, which CI exports) it fails instead, as {@link ChromiumCondition} does for the browser.
 */
public final class NodeCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        NodeRuntime node = NodeRuntime.find();
        if (node.usable()) {
            return ConditionEvaluationResult.enabled("Node.js " + node.version() + " at " + node.path());
        }
        String reason = "Skipped " + context.getDisplayName() + ": " + node.problem()
                + " (install Node.js 20.10 or later, e.g. the nodejs package of NodeSource or Debian 13)";
        if (ChromiumCondition.required()) {
            throw new IllegalStateException(reason.replaceFirst("^Skipped", "Cannot run")
                    + "; relay.browser.required is true");
        }
        if (context.getTestMethod().isEmpty()) {
            System.out.println(reason);
        }
        return ConditionEvaluationResult.disabled(reason);
    }
}
