package org.relaychat.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.relaychat.it.FileTransfers.download;
import static org.relaychat.it.FileTransfers.get;
import static org.relaychat.it.FileTransfers.roomMessage;
import static org.relaychat.it.FileTransfers.upload;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Profiles against the deployed server: set with {@code set_profile}, kept in the database, shown
 * in {@code welcome}, {@code user_joined} and {@code presence}, told to rooms and partners with
 * {@code profile}, and pictures served from {@code api/avatars/}.
 */
class ProfilesIT extends DeployedServerTest {

    @Test
    void aProfileReachesTheRoomAndIsThereOnTheNextConnection() throws Exception {
        try (ChatClient ana = ChatClient.connect(endpoint(), "prof-ana");
                ChatClient ben = ChatClient.connect(endpoint(), "prof-ben")) {
            join(ana, "prof-room");
            join(ben, "prof-room");

            ana.send("set_profile", "display_name", "Ana Lima 🌍", "status", "in Lisbon this week", "ref", "p1");

            JsonObject reply = ana.await(e -> "p1".equals(e.getString("ref", null)), "reply to set_profile");
            assertEquals("profile", reply.getString("event"), reply::toString);
            assertEquals("prof-ana", reply.getString("user"));
            assertEquals("Ana Lima 🌍", reply.getString("display_name"));
            assertEquals("in Lisbon this week", reply.getString("status"));
            assertEquals(JsonValue.NULL, reply.get("avatar"));
            assertEquals("online", reply.getString("state"));
            JsonObject seen = ben.await("profile");
            assertEquals("Ana Lima 🌍", seen.getString("display_name"));

            ben.send("presence", "room", "prof-room", "ref", "who");
            JsonObject anaListed = member(ben.await("presence"), "prof-ana");
            assertEquals("in Lisbon this week", anaListed.getJsonObject("profile").getString("status"));
        }
        try (ChatClient again = ChatClient.connect(endpoint(), "prof-ana")) {
            JsonObject kept = again.welcome().getJsonObject("profile");
            assertEquals("Ana Lima 🌍", kept.getString("display_name"));
            assertEquals("in Lisbon this week", kept.getString("status"));
        }
    }

    @Test
    void aJoinCarriesTheJoinersProfile() throws Exception {
        try (ChatClient cid = ChatClient.connect(endpoint(), "prof-cid")) {
            join(cid, "prof-joins");
            cid.send("set_profile", "display_name", "Cid Campeador", "ref", "p");
            cid.await(e -> "p".equals(e.getString("ref", null)), "reply");
            try (ChatClient dora = ChatClient.connect(endpoint(), "prof-dora")) {
                join(dora, "prof-joins");
                JsonObject joined = cid.await(e -> "user_joined".equals(e.getString("event"))
                        && "prof-dora".equals(e.getString("user")), "dora's join");
                assertEquals("prof-dora", joined.getJsonObject("profile").getString("display_name"));
                dora.send("presence", "room", "prof-joins", "ref", "who");
                assertEquals("Cid Campeador",
                        member(dora.await("presence"), "prof-cid").getJsonObject("profile").getString("display_name"));
            }
        }
    }

    @Test
    void aPictureIsAnUploadedImageThatAnyoneWithItsAddressSees() throws Exception {
        try (ChatClient eva = ChatClient.connect(endpoint(), "prof-eva");
                ChatClient fil = ChatClient.connect(endpoint(), "prof-fil")) {
            String picture = upload(eva, endpoint(), "me.png", FilesIT.PNG);

            JsonObject reply = setAvatar(eva, picture, "a1");
            assertEquals("profile", reply.getString("event"), reply::toString);
            String address = reply.getString("avatar");
            assertEquals("api/avatars/" + picture, address);

            HttpResponse<byte[]> shown = get(endpoint(), address);
            assertEquals(200, shown.statusCode());
            assertArrayEquals(FilesIT.PNG, shown.body());
            assertEquals("image/png", shown.headers().firstValue("Content-Type").orElseThrow());
            assertEquals("inline", shown.headers().firstValue("Content-Disposition").orElseThrow());
            assertEquals("nosniff", shown.headers().firstValue("X-Content-Type-Options").orElseThrow());
            assertTrue(shown.headers().firstValue("Content-Security-Policy").orElseThrow().startsWith("sandbox"));
            assertTrue(shown.headers().firstValue("Cache-Control").orElseThrow().contains("max-age"));

            // A picture is no message file: no ticket for it, and it cannot be sent as one.
            assertEquals("not_found", download(eva, picture).getString("code"));
            join(eva, "prof-pictures");
            roomMessage(eva, "prof-pictures", "", "send-picture", picture);
            assertEquals("not_found", eva.await(e -> "send-picture".equals(e.getString("ref", null)), "answer")
                    .getString("code"));
            // Another user's upload is not one's own picture.
            String filsUpload = upload(fil, endpoint(), "fil.png", FilesIT.PNG);
            assertEquals("not_found", setAvatar(eva, filsUpload, "a2").getString("code"));

            eva.send("set_profile", "status", "still me", "ref", "a2b");
            assertEquals(address, eva.await(e -> "a2b".equals(e.getString("ref", null)), "reply").getString("avatar"),
                    "a refused change leaves the picture");
            eva.sendRaw("{\"event\":\"set_profile\",\"avatar\":null,\"ref\":\"a3\"}");
            assertEquals(JsonValue.NULL, eva.await(e -> "a3".equals(e.getString("ref", null)), "reply").get("avatar"));
        }
    }

    @Test
    void onlyRasterImagesBecomePictures() throws Exception {
        byte[] svg = ("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"><circle r=\"4\"/></svg>")
                .getBytes(StandardCharsets.UTF_8);
        try (ChatClient gil = ChatClient.connect(endpoint(), "prof-gil")) {
            JsonObject refused = setAvatar(gil, upload(gil, endpoint(), "me.png", svg), "s");
            assertEquals("error", refused.getString("event"));
            assertEquals("bad_field", refused.getString("code"), refused::toString);
            assertEquals(404, get(endpoint(), "api/avatars/" + "x".repeat(22)).statusCode());
        }
    }

    @Test
    void awayAndOfflineReachTheRoom() throws Exception {
        try (ChatClient hal = ChatClient.connect(endpoint(), "prof-hal")) {
            join(hal, "prof-states");
            try (ChatClient ida = ChatClient.connect(endpoint(), "prof-ida")) {
                join(ida, "prof-states");
                ida.send("set_profile", "state", "away", "ref", "away");
                ida.await(e -> "away".equals(e.getString("ref", null)), "reply");
                JsonObject away = hal.await(e -> "profile".equals(e.getString("event"))
                        && "prof-ida".equals(e.getString("user")), "ida away");
                assertEquals("away", away.getString("state"));
            }
            // The leave and the state travel apart, so either may come first.
            Set<String> told = new HashSet<>();
            hal.await(e -> {
                if ("user_left".equals(e.getString("event")) && "prof-states".equals(e.getString("room"))) {
                    told.add("left");
                } else if ("profile".equals(e.getString("event")) && "prof-ida".equals(e.getString("user"))) {
                    assertEquals("offline", e.getString("state"));
                    told.add("offline");
                }
                return told.size() == 2;
            }, "ida's user_left and her profile gone offline");
        }
    }

    @Test
    void aDirectConversationPartnerHearsOfAChangeWithoutSharingARoom() throws Exception {
        try (ChatClient jon = ChatClient.connect(endpoint(), "prof-jon");
                ChatClient kim = ChatClient.connect(endpoint(), "prof-kim")) {
            for (ChatClient client : List.of(jon, kim)) {
                for (String room : client.welcome().getJsonArray("rooms").getValuesAs(JsonString.class).stream()
                        .map(JsonString::getString).toList()) {
                    client.send("leave_room", "room", room, "ref", "left");
                    client.await(e -> "left".equals(e.getString("ref", null)), "left");
                }
            }
            jon.send("direct_message", "to", "prof-kim", "message", "hi", "ref", "dm");
            jon.await(e -> "dm".equals(e.getString("ref", null)), "stored");

            jon.send("set_profile", "status", "on call", "ref", "s");

            JsonObject seen = kim.await("profile");
            assertEquals("prof-jon", seen.getString("user"));
            assertEquals("on call", seen.getString("status"));
        }
    }

    @Test
    void aBadProfileIsRefusedWithItsRef() throws Exception {
        try (ChatClient lea = ChatClient.connect(endpoint(), "prof-lea")) {
            lea.send("set_profile", "state", "offline", "ref", "bad");
            JsonObject refused = lea.await(e -> "bad".equals(e.getString("ref", null)), "answer");
            assertEquals("bad_field", refused.getString("code"), refused::toString);
            lea.send("set_profile", "ref", "none");
            assertEquals("missing_field", lea.await(e -> "none".equals(e.getString("ref", null)), "answer")
                    .getString("code"));
        }
    }

    private static JsonObject setAvatar(ChatClient client, String file, String ref) throws Exception {
        client.send("set_profile", "avatar", file, "ref", ref);
        return client.await(e -> ref.equals(e.getString("ref", null)), "reply to set_profile");
    }

    private static JsonObject member(JsonObject presence, String user) {
        return presence.getJsonArray("members").getValuesAs(JsonObject.class).stream()
                .filter(member -> user.equals(member.getString("user"))).findFirst().orElseThrow();
    }
}
