package org.relaychat.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class QueryParameterTest {

    @Test
    void percentEncodedUtf8IsDecodedAsUtf8() {
        assertEquals(Optional.of("élène"), QueryParameter.first("name=%C3%A9l%C3%A8ne", "name"));
        assertEquals(Optional.of("Зоя 张伟 👩‍💻"),
                QueryParameter.first("x=1&name=%D0%97%D0%BE%D1%8F%20%E5%BC%A0%E4%BC%9F%20%F0%9F%91%A9%E2%80%8D%F0%9F%92%BB",
                        "name"));
    }

    @Test
    void theFirstValueOfTheNamedParameterCounts() {
        assertEquals(Optional.of("ann"), QueryParameter.first("names=bob&name=ann&name=cid", "name"));
        assertEquals(Optional.of(""), QueryParameter.first("name", "name"));
    }

    @Test
    void absentOrMalformedGivesNothing() {
        assertEquals(Optional.empty(), QueryParameter.first(null, "name"));
        assertEquals(Optional.empty(), QueryParameter.first("", "name"));
        assertEquals(Optional.empty(), QueryParameter.first("other=1", "name"));
        assertEquals(Optional.empty(), QueryParameter.first("name=%E", "name"));
    }
}
