package org.relaychat.web;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Decides whether a {@link RequiresChromium} class can run: the browser and its driver are at
 * {@code chrome.binary} and {@code chromedriver.path} (Debian's places by default). When they are
 * not, the class is skipped with one line saying what to install, so that {@code mvn verify}
 * passes on a machine with only a JDK and Maven; with {@code relay.browser.required=true} (system
 * property, or the RELAY_BROWSER_REQUIRED environment variable, which CI exports) it fails instead.
 */
public final class ChromiumCondition implements ExecutionCondition {

    static final String BINARY = System.getProperty("chrome.binary", "/usr/bin/chromium");
    static final String DRIVER = System.getProperty("chromedriver.path", "/usr/bin/chromedriver");

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (Files.isExecutable(Path.of(BINARY)) && Files.isExecutable(Path.of(DRIVER))) {
            return ConditionEvaluationResult.enabled("Chromium at " + BINARY + ", chromedriver at " + DRIVER);
        }
        String reason = "Skipped " + context.getDisplayName() + ": no Chromium at " + BINARY + " or no chromedriver at "
                + DRIVER + " (install the Debian packages chromium chromium-driver)";
        if (required()) {
            throw new IllegalStateException(reason.replaceFirst("^Skipped", "Cannot run")
                    + "; relay.browser.required is true");
        }
        if (context.getTestMethod().isEmpty()) {
            System.out.println(reason);
        }
        return ConditionEvaluationResult.disabled(reason);
    }

    /** Whether a missing browser, or Node.js (see {@link NodeCondition}), fails the tests instead of skipping them. */
    static boolean required() {
        String value = System.getProperty("relay.browser.required", System.getenv("RELAY_BROWSER_REQUIRED"));
        return Boolean.parseBoolean(value);
    }
}
