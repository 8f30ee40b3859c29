package org.relaychat.protocol;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UserNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"ana", "Zoë", "José María", "محمد", "李小龍", "😀", "🙂🙃", "👩‍💻", "👍🏽", "🏳️‍🌈",
        "🏴\uDB40\uDC67\uDB40\uDC62\uDB40\uDC73\uDB40\uDC63\uDB40\uDC74\uDB40\uDC7F", "می‌خواهم", "a.b-c_d", "o'neil",
        "relay-fan", "guest-1a2b3c"})
    void printableNamesWithEmojiAndJoinersInsideThemAreAccepted(String name) {
        assertTrue(UserNames.isUserName(name), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a\u0000b", "a\nb", "a\tb", "a\u007Fb", "a\u0085b", "a\u2028b",
        "\u202Eecila", "ali\u202Dce", "a\u202Ab", "a\u2066b\u2069", "a\u200Eb", "\u200Falice", "a\u061Cb",
        "a\u200Bb", "\u200B", "a\u2060b", "\uFEFFalice", "a\u00ADb", "a\u180Eb",
        "\u200Dalice", "alice\u200D", "a\u200D\u200Db", "\u200C", "a\uE000b",
        "\u0301\u0301", "\uDB40\uDC67", "a\uD800b", "123456789012345678901234567890123"})
    void controlsBidiOverridesAndInvisibleCharactersAreRefused(String name) {
        assertFalse(UserNames.isUserName(name), name.codePoints().mapToObj(Integer::toHexString).toList().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Relay", "relay", "RELAY", "Server", "server", "SYSTEM", "admin", "Administrator",
        "\uFF32\uFF25\uFF2C\uFF21\uFF39", "ｓｅｒｖｅｒ"})
    void theServersOwnNamesAreReservedWhateverTheirCaseOrWidth(String name) {
        assertTrue(UserNames.isReserved(name), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"relays", "the-server", "sysadmin", "ana"})
    void otherNamesAreNotReserved(String name) {
        assertFalse(UserNames.isReserved(name), name);
    }
}
