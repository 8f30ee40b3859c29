package org.relaychat.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HandshakeTokenTest {

    @Test
    void theBearerEntryOfTheProtocolListIsTheToken() {
        assertEquals(Optional.of("eyJ.a.b"), HandshakeToken.find(List.of("relay, bearer.eyJ.a.b"), null));
        assertEquals(Optional.of("eyJ.a.b"), HandshakeToken.find(List.of("relay", "bearer.eyJ.a.b"), null));
    }

    @Test
    void theProtocolEntryWinsOverTheQueryParameter() {
        assertEquals(Optional.of("from-header"), HandshakeToken.find(List.of("bearer.from-header"), "from-query"));
    }

    @Test
    void withoutABearerEntryTheQueryParameterIsTheToken() {
        assertEquals(Optional.of("eyJ.a.b"), HandshakeToken.find(List.of("relay"), "eyJ.a.b"));
        assertEquals(Optional.of("eyJ.a.b"), HandshakeToken.find(List.of(), " eyJ.a.b "));
    }

    @Test
    void emptyOrAbsentTokensAreNoToken() {
        assertEquals(Optional.empty(), HandshakeToken.find(List.of(), null));
        assertEquals(Optional.empty(), HandshakeToken.find(List.of("bearer."), ""));
        assertEquals(Optional.empty(), HandshakeToken.find(List.of("relay", "Bearer"), "  "));
    }
}
