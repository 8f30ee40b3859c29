package org.relaychat.it;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A welcome promises that its client is reachable and in the rooms it lists: what another client
 * sends the moment the welcome arrives reaches the newcomer, every time.
 */
class ArrivalIT extends DeployedServerTest {

    private static final int ARRIVALS = 1_000;

    @Test
    void whatIsSentTheMomentAWelcomeArrivesReachesTheNewcomer() throws Exception {
        try (ChatClient host = ChatClient.connect(endpoint(), "host")) {
            String room = host.welcome().getJsonArray("rooms").getString(0);
            for (int i = 0; i < ARRIVALS; i++) {
                try (ChatClient newcomer = ChatClient.connect(endpoint(), "newcomer")) {
                    String broadcast = "broadcast " + i;
                    String roomMessage = "room message " + i;
                    host.send("broadcast", "message", broadcast);
                    host.send("room_message", "room", room, "message", roomMessage);

                    // The two travel different paths (a room message is stored first): either may come first.
                    Set<String> missing = new HashSet<>(Set.of(broadcast, roomMessage));
                    newcomer.await(e -> missing.remove(e.getString("message", "")) && missing.isEmpty(),
                            "the broadcast and the room message sent as arrival " + i + " was welcomed");
                }
                // What the host was told of each arrival and departure is not this test's concern.
                host.takeReceived();
            }
        }
    }
}
