package org.relaychat.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OriginPolicyTest {

    private static final boolean PLAIN = false;
    private static final boolean TLS = true;
    private static final List<String> HOSTS = List.of("chat.example.com", "evil.com.chat.example.com");

    private OriginPolicy cut = new OriginPolicy(List.of(), Optional.empty(), HOSTS);

    @Test
    void handshakeWithoutOriginIsAllowed() {
        assertTrue(cut.allows(null, "chat.example.com", PLAIN));
        assertTrue(cut.allows(null, null, PLAIN));
        cut = new OriginPolicy(List.of("https://app.example.org"), Optional.of(URI.create("https://chat.example.com")), HOSTS);
        assertTrue(cut.allows(null, "backend:8080", PLAIN));
    }

    @ParameterizedTest
    @CsvSource({
        "http://localhost:8080,        localhost:8080,       false",
        "http://chat.example.com,      chat.example.com,     false",
        "http://chat.example.com:80,   chat.example.com,     false",
        "http://chat.example.com,      chat.example.com:80,  false",
        "https://chat.example.com,     chat.example.com,     true",
        "https://chat.example.com:443, chat.example.com,     true",
        "https://chat.example.com,     chat.example.com:443, true",
        "http://CHAT.Example.com,      chat.example.COM,     false",
        "HTTP://chat.example.com,      chat.example.com,     false",
        "http://127.0.0.1:9000,        127.0.0.1:9000,       false",
        "http://[::1]:8080,            [::1]:8080,           false",
        "http://[::1],                 [::1],                false",
        "http://chat.example.com/,     chat.example.com,     false",
    })
    void sameHostAndPortIsAllowed(String origin, String host, boolean secure) {
        assertTrue(cut.allows(origin, host, secure), origin + " for " + host);
    }

    @ParameterizedTest
    @CsvSource({
        "http://evil.example.com,           chat.example.com,      false",
        "http://chat.example.com:8081,      chat.example.com:8080, false",
        "http://chat.example.com,           chat.example.com:8080, false",
        "http://chat.example.com.evil.com,  chat.example.com,      false",
        "http://evil.com,                   evil.com.chat.example.com, false",
        "https://chat.example.com,          chat.example.com,      false",
        "http://chat.example.com,           chat.example.com,      true",
        "http://localhost:8080,             127.0.0.1:8080,        false",
        "http://[::1]:8080,                 [::1]:8081,            false",
        "http://chat.example.com@evil.com,  chat.example.com,      false",
    })
    void otherOriginIsRefused(String origin, String host, boolean secure) {
        assertFalse(cut.allows(origin, host, secure), origin + " for " + host);
    }

    @Test
    void originIsRefusedWhenTheHandshakeHasNoHost() {
        assertFalse(cut.allows("http://chat.example.com", null, PLAIN));
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "", " ", "not a url", "http://", "http://exa mple.com", "://chat.example.com",
        "http://[::1", "file:///etc/passwd", "chat.example.com", "mailto:ana@chat.example.com", "data:text/html,hi"})
    void malformedOriginIsRefused(String origin) {
        assertFalse(cut.allows(origin, "chat.example.com", PLAIN), origin);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://app.example.org", "HTTPS://APP.EXAMPLE.ORG", "https://app.example.org/",
        " https://app.example.org "})
    void configuredOriginIsAllowedWhateverItsCaseOrTrailingSlash(String origin) {
        cut = new OriginPolicy(List.of("https://App.Example.org/", "http://localhost:3000"), Optional.empty(), HOSTS);
        assertTrue(cut.allows(origin, "chat.example.com", TLS), origin);
    }

    @Test
    void configuredListDoesNotAllowOtherPortsSchemesOrHosts() {
        cut = new OriginPolicy(List.of("https://app.example.org", "http://localhost:3000"), Optional.empty(), HOSTS);
        assertTrue(cut.allows("http://localhost:3000", "chat.example.com", TLS));
        assertFalse(cut.allows("http://localhost:3001", "chat.example.com", TLS));
        assertFalse(cut.allows("http://app.example.org", "chat.example.com", TLS));
        assertFalse(cut.allows("https://evil.example.org", "chat.example.com", TLS));
    }

    @Test
    void configuredListStillAllowsTheServersOwnOrigin() {
        cut = new OriginPolicy(List.of("https://app.example.org"), Optional.empty(), HOSTS);
        assertTrue(cut.allows("https://chat.example.com", "chat.example.com", TLS));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://anything.example", "http://localhost:1", "null", "not a url"})
    void wildcardAllowsAnyOrigin(String origin) {
        cut = new OriginPolicy(List.of("*"), Optional.empty(), HOSTS);
        assertTrue(cut.allows(origin, "chat.example.com", PLAIN), origin);
    }

    @Test
    void publicUrlIsTheServersOwnOriginBehindAProxy() {
        cut = new OriginPolicy(List.of(), Optional.of(URI.create("https://chat.example.com")), HOSTS);
        assertTrue(cut.allows("https://chat.example.com", "backend:8080", PLAIN));
        assertTrue(cut.allows("https://chat.example.com:443", "chat.example.com", PLAIN));
        assertTrue(cut.allows("https://Chat.Example.com/", "10.0.0.7:8080", PLAIN));
    }

    @Test
    void publicUrlWithAPortMatchesOnlyThatPort() {
        cut = new OriginPolicy(List.of(), Optional.of(URI.create("http://chat.example.com:8443/relay/")), HOSTS);
        assertTrue(cut.allows("http://chat.example.com:8443", "backend:8080", PLAIN));
        assertFalse(cut.allows("http://chat.example.com", "backend:8080", PLAIN));
    }

    @Test
    void otherOriginIsRefusedBehindAProxy() {
        cut = new OriginPolicy(List.of(), Optional.of(URI.create("https://chat.example.com")), HOSTS);
        assertFalse(cut.allows("https://evil.example.com", "chat.example.com", PLAIN));
        assertFalse(cut.allows("http://chat.example.com", "backend:8080", PLAIN));
        assertFalse(cut.allows("not a url", "backend:8080", PLAIN));
    }

    @ParameterizedTest
    @CsvSource({
        "https://localhost:8080,  localhost:8080,  false",
        "http://localhost:8443,   localhost:8443,  true",
        "wss://localhost:8080,    localhost:8080,  false",
    })
    void anotherSchemeOnTheSameHostAndPortIsRefused(String origin, String host, boolean secure) {
        assertFalse(cut.allows(origin, host, secure), origin + " for " + host);
    }

    @Test
    void aHostNameTheServerDoesNotAnswerToIsRefusedEvenWhenOriginAndHostAgree() {
        assertFalse(cut.allows("http://evil.example", "evil.example", PLAIN));
        assertFalse(cut.allows("http://evil.example:8080", "evil.example:8080", PLAIN));
        assertTrue(cut.allows("http://chat.example.com:8080", "chat.example.com:8080", PLAIN));
    }

    @Test
    void allowedHostsMayBeGivenWithAPortAndInAnyCase() {
        cut = new OriginPolicy(List.of(), Optional.empty(), List.of("Chat.Example.com:8080"));
        assertTrue(cut.allows("http://chat.example.com:8080", "CHAT.example.com:8080", PLAIN));
        assertFalse(cut.allows("http://evil.com.chat.example.com", "evil.com.chat.example.com", PLAIN));
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost:8080", "127.0.0.1:8080", "192.0.2.7:8080", "[::1]:8080", "[2001:db8::7]:8080"})
    void addressesAndLocalhostNeedNoConfigurationForNoDnsCanRebindThem(String host) {
        cut = new OriginPolicy(List.of(), Optional.empty(), List.of());
        assertTrue(cut.allows("http://" + host, host, PLAIN), host);
        assertFalse(cut.allows("http://chat.example.com:8080", "chat.example.com:8080", PLAIN));
    }

    @Test
    void theServersOwnOriginIsTellingFromTheConfiguredOthers() {
        cut = new OriginPolicy(List.of("https://app.example.org", "*"), Optional.empty(), HOSTS);
        assertTrue(cut.isOwn("http://chat.example.com", "chat.example.com", PLAIN));
        assertFalse(cut.isOwn("https://app.example.org", "chat.example.com", PLAIN));
        assertFalse(cut.isOwn("null", "chat.example.com", PLAIN));
    }
}
