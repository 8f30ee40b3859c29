package org.relaychat.endpoint;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestTargetTest {

    @ParameterizedTest
    @ValueSource(strings = {"a|b", "a%b", "a%4", "a%zz", "a{b", "a}b", "a^b", "a\"b", "a\\b", "a`b", "a b", "a<b", "a>b"})
    void targetTheContainerCannotParseIsRefused(String name) {
        assertFalse(RequestTarget.parses("/ws", "name=" + name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice", "a%7Cb", "%F0%9F%98%80", "a-b_c.d~e", "a+b"})
    void encodedTargetIsAccepted(String name) {
        assertTrue(RequestTarget.parses("/ws", "name=" + name));
        assertTrue(RequestTarget.parses("/ws", null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/w|s", "/w%s", "/w s"})
    void badPathIsRefused(String path) {
        assertFalse(RequestTarget.parses(path, null));
    }
}
