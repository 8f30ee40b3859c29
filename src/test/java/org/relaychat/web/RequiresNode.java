package org.relaychat.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class that runs JavaScript tests in Node.js: skipped, with one printed line, where Node.js
 * 20.10 or later is not installed, unless {@code relay.browser.required} says a missing Node.js is a
 * failure, as a missing browser is.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(NodeCondition.class)
public @interface RequiresNode {
}
