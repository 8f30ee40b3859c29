package org.relaychat.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.relaychat.protocol.ServerEvent.Ack;
import org.relaychat.protocol.ServerEvent.BroadcastPosted;
import org.relaychat.protocol.ServerEvent.DirectMessageSent;
import org.relaychat.protocol.ServerEvent.Echo;
import org.relaychat.protocol.ServerEvent.HistoryPage;
import org.relaychat.protocol.ServerEvent.Member;
import org.relaychat.protocol.ServerEvent.Presence;
import org.relaychat.protocol.ServerEvent.ReadMarked;
import org.relaychat.protocol.ServerEvent.RoomList;
import org.relaychat.protocol.ServerEvent.RoomMessagePosted;
import org.relaychat.files.Attachment;
import org.relaychat.profiles.Profile;
import org.relaychat.protocol.ServerEvent.TypingChanged;
import org.relaychat.protocol.ServerEvent.UserJoined;
import org.relaychat.protocol.ServerEvent.UserLeft;
import org.relaychat.protocol.ServerEvent.Welcome;

class ServerEventEncoderTest {

    private static final Instant AT = Instant.parse("2026-11-22T10:15:30.120Z");
    private static final String AT_TEXT = "2026-11-22T10:15:30.120Z";
    private static final ClientLimits LIMITS = new ClientLimits(4000, 65536, 64, 32, 200, 128, 2.5, 50, 10_485_760L, 10);

    private ServerEventEncoder cut;

    private static final Profile ANA = Profile.plain("ana", Profile.State.ONLINE);

    @BeforeEach
    void createEncoder() {
        cut = new ServerEventEncoder();
    }

    @Test
    void welcomeHasTheProtocolFields() {
        JsonObject json = encode(new Welcome("c1", "ana", "Welcome", List.of("general", "dev"), LIMITS, ANA, AT));
        assertFields(json, "event", "client_id", "user", "message", "rooms", "limits", "profile", "timestamp");
        assertEquals("welcome", json.getString("event"));
        assertEquals("c1", json.getString("client_id"));
        assertEquals("ana", json.getString("user"));
        assertEquals("Welcome", json.getString("message"));
        assertEquals(List.of("general", "dev"), strings(json.getJsonArray("rooms")));
        assertEquals(AT_TEXT, json.getString("timestamp"));
    }

    @Test
    void welcomeCarriesTheLimitsAClientMustKeepTo() {
        JsonObject limits = encode(new Welcome("c1", "ana", "hi", List.of(), LIMITS, ANA, AT)).getJsonObject("limits");
        assertFields(limits, "max_message_chars", "max_frame_bytes", "max_room_name_length", "max_user_name_length",
                "history_max_limit", "max_rooms_per_connection", "rate_per_second", "rate_burst", "max_file_bytes",
                "max_attachments", "max_display_name_length", "max_status_length");
        assertEquals(4000, limits.getInt("max_message_chars"));
        assertEquals(65536, limits.getInt("max_frame_bytes"));
        assertEquals(64, limits.getInt("max_room_name_length"));
        assertEquals(32, limits.getInt("max_user_name_length"));
        assertEquals(200, limits.getInt("history_max_limit"));
        assertEquals(128, limits.getInt("max_rooms_per_connection"));
        assertEquals(2.5, limits.getJsonNumber("rate_per_second").doubleValue());
        assertEquals(50, limits.getInt("rate_burst"));
        assertEquals(10_485_760L, limits.getJsonNumber("max_file_bytes").longValue());
        assertEquals(10, limits.getInt("max_attachments"));
    }

    @Test
    void welcomeWithoutRoomsHasAnEmptyList() {
        assertEquals(JsonValue.EMPTY_JSON_ARRAY,
                encode(new Welcome("c1", "ana", "hi", List.of(), LIMITS, ANA, AT)).getJsonArray("rooms"));
    }

    @Test
    void echoHasTheProtocolFieldsAndItsRef() {
        JsonObject json = encode(new Echo("r1", "hello \"quoted\" ☕", AT));
        assertFields(json, "event", "original_message", "timestamp", "ref");
        assertEquals("echo", json.getString("event"));
        assertEquals("hello \"quoted\" ☕", json.getString("original_message"));
        assertEquals("r1", json.getString("ref"));
        assertEquals(AT_TEXT, json.getString("timestamp"));
    }

    @Test
    void echoWithoutRefHasNoRefField() {
        assertFields(encode(new Echo(null, "hi", AT)), "event", "original_message", "timestamp");
    }

    @Test
    void broadcastHasTheProtocolFields() {
        JsonObject json = encode(new BroadcastPosted("hi all", "c1", "ana", AT));
        assertFields(json, "event", "message", "from", "user", "timestamp");
        assertEquals("broadcast", json.getString("event"));
        assertEquals("hi all", json.getString("message"));
        assertEquals("c1", json.getString("from"));
        assertEquals("ana", json.getString("user"));
    }

    @Test
    void aProfileHasEveryFieldAndANullAvatarWhenThereIsNone() {
        JsonObject json = encode(new ServerEvent.ProfileChanged("r", new Profile("ana", "Ana Lima", "", null,
                Profile.State.AWAY), AT));
        assertFields(json, "event", "user", "display_name", "status", "avatar", "state", "timestamp", "ref");
        assertEquals(JsonValue.NULL, json.get("avatar"));
        assertEquals("away", json.getString("state"));
    }

    @Test
    void userJoinedHasTheProtocolFields() {
        JsonObject json = encode(new UserJoined("c1", "ana", "lobby", Profile.plain("ana", Profile.State.ONLINE), AT));
        assertFields(json, "event", "client_id", "user", "room", "profile", "timestamp");
        assertEquals("user_joined", json.getString("event"));
        assertEquals("c1", json.getString("client_id"));
        assertEquals("ana", json.getString("user"));
        assertEquals("lobby", json.getString("room"));
    }

    @Test
    void userLeftHasTheProtocolFields() {
        JsonObject json = encode(new UserLeft("c1", "ana", "lobby", AT));
        assertFields(json, "event", "client_id", "user", "room", "timestamp");
        assertEquals("user_left", json.getString("event"));
        assertEquals("lobby", json.getString("room"));
    }

    @Test
    void roomMessageHasTheProtocolFieldsAndAnIntegerId() {
        long id = (1L << 53) - 1;
        JsonObject json = encode(new RoomMessagePosted(id, "hi", "c1", "ana", "lobby", AT));
        assertFields(json, "event", "id", "message", "from", "user", "room", "timestamp");
        assertEquals("room_message", json.getString("event"));
        assertTrue(json.getJsonNumber("id").isIntegral());
        assertEquals(id, json.getJsonNumber("id").longValueExact());
        assertEquals("hi", json.getString("message"));
        assertEquals("c1", json.getString("from"));
        assertEquals("ana", json.getString("user"));
        assertEquals("lobby", json.getString("room"));
        assertEquals(AT_TEXT, json.getString("timestamp"));
    }

    @Test
    void directMessageHasTheProtocolFields() {
        JsonObject json = encode(new DirectMessageSent(42, "psst", "c1", "ana", "bob", AT));
        assertFields(json, "event", "id", "message", "from", "user", "to", "timestamp");
        assertEquals("direct_message", json.getString("event"));
        assertEquals(42, json.getJsonNumber("id").longValueExact());
        assertEquals("bob", json.getString("to"));
        assertEquals("ana", json.getString("user"));
    }

    @Test
    void editedRoomMessageAddsWhenItWasEdited() {
        Instant edited = AT.plusSeconds(60);
        JsonObject json = encode(new RoomMessagePosted(3, "better", "c1", "ana", "lobby", AT, List.of(), edited, null));
        assertFields(json, "event", "id", "message", "from", "user", "room", "timestamp", "edited_at");
        assertEquals("better", json.getString("message"));
        assertEquals("2026-11-22T10:16:30.120Z", json.getString("edited_at"));
        assertEquals(AT_TEXT, json.getString("timestamp"));
    }

    @Test
    void deletedDirectMessageIsATombstoneWithoutText() {
        Instant deleted = AT.plusSeconds(1);
        JsonObject json = encode(new DirectMessageSent(4, "secret", "c1", "ana", "bob", AT, List.of(), null, deleted));
        assertFields(json, "event", "id", "message", "from", "user", "to", "timestamp", "deleted", "deleted_at");
        assertEquals("", json.getString("message"));
        assertEquals(JsonValue.TRUE, json.get("deleted"));
        assertEquals("2026-11-22T10:15:31.120Z", json.getString("deleted_at"));
        assertEquals("ana", json.getString("user"));
    }

    @Test
    void messageEditedNamesTheRoomOrTheRecipient() {
        JsonObject inRoom = encode(new ServerEvent.MessageEdited(5, "ana", "lobby", null, "new text", AT));
        assertFields(inRoom, "event", "id", "user", "room", "message", "edited_at");
        assertEquals("message_edited", inRoom.getString("event"));
        assertEquals(5, inRoom.getJsonNumber("id").longValueExact());
        assertEquals("new text", inRoom.getString("message"));
        assertEquals(AT_TEXT, inRoom.getString("edited_at"));
        JsonObject direct = encode(new ServerEvent.MessageEdited(6, "ana", null, "bob", "new text", AT));
        assertFields(direct, "event", "id", "user", "to", "message", "edited_at");
        assertEquals("bob", direct.getString("to"));
    }

    @Test
    void messageDeletedNamesTheRoomOrTheRecipientAndNoText() {
        JsonObject inRoom = encode(new ServerEvent.MessageDeleted(5, "ana", "lobby", null, AT));
        assertFields(inRoom, "event", "id", "user", "room", "deleted_at");
        assertEquals("message_deleted", inRoom.getString("event"));
        assertEquals(AT_TEXT, inRoom.getString("deleted_at"));
        assertFields(encode(new ServerEvent.MessageDeleted(6, "ana", null, "bob", AT)),
                "event", "id", "user", "to", "deleted_at");
    }

    @Test
    void typingHasTheProtocolFieldsAndNoTimestamp() {
        JsonObject json = encode(new TypingChanged("lobby", "c1", "ana", true));
        assertFields(json, "event", "room", "from", "user", "typing");
        assertEquals("typing", json.getString("event"));
        assertEquals(JsonValue.TRUE, json.get("typing"));
        assertEquals(JsonValue.FALSE, encode(new TypingChanged("lobby", "c1", "ana", false)).get("typing"));
    }

    @Test
    void readHasTheProtocolFields() {
        JsonObject json = encode(new ReadMarked("lobby", "ana", 77));
        assertFields(json, "event", "room", "user", "id");
        assertEquals("read", json.getString("event"));
        assertEquals(77, json.getJsonNumber("id").longValueExact());
    }

    @Test
    void historyOfARoomCarriesMessagesWithTheirEventField() {
        JsonObject json = encode(new HistoryPage("h1", "lobby", null,
                List.of(new RoomMessagePosted(1, "a", "c1", "ana", "lobby", AT),
                        new RoomMessagePosted(2, "b", "c2", "bob", "lobby", AT)), true));
        assertFields(json, "event", "room", "messages", "has_more", "ref");
        assertEquals("history", json.getString("event"));
        assertEquals("lobby", json.getString("room"));
        assertEquals(JsonValue.TRUE, json.get("has_more"));
        assertEquals("h1", json.getString("ref"));
        JsonArray messages = json.getJsonArray("messages");
        assertEquals(2, messages.size());
        JsonObject first = messages.getJsonObject(0);
        assertFields(first, "event", "id", "message", "from", "user", "room", "timestamp");
        assertEquals("room_message", first.getString("event"));
        assertEquals(1, first.getJsonNumber("id").longValueExact());
        assertEquals(2, messages.getJsonObject(1).getJsonNumber("id").longValueExact());
    }

    @Test
    void historyOfADirectConversationNamesTheOtherUserAndNoRoom() {
        JsonObject json = encode(new HistoryPage(null, null, "bob",
                List.of(new DirectMessageSent(5, "psst", "c1", "ana", "bob", AT)), false));
        assertFields(json, "event", "with", "messages", "has_more");
        assertEquals("bob", json.getString("with"));
        assertEquals(JsonValue.FALSE, json.get("has_more"));
        JsonObject message = json.getJsonArray("messages").getJsonObject(0);
        assertFields(message, "event", "id", "message", "from", "user", "to", "timestamp");
        assertEquals("direct_message", message.getString("event"));
    }

    @Test
    void emptyHistoryHasAnEmptyMessageList() {
        JsonObject json = encode(new HistoryPage(null, "lobby", null, List.of(), false));
        assertEquals(JsonValue.EMPTY_JSON_ARRAY, json.getJsonArray("messages"));
    }

    @Test
    void presenceListsMembersWithClientIdAndUser() {
        JsonObject json = encode(new Presence("p", "lobby", List.of(new Member("c1", "ana"), new Member("c2", "bob")),
                Map.of()));
        assertFields(json, "event", "room", "members", "ref");
        assertEquals("presence", json.getString("event"));
        JsonArray members = json.getJsonArray("members");
        assertEquals(2, members.size());
        assertFields(members.getJsonObject(0), "client_id", "user", "profile");
        assertEquals("bob", members.getJsonObject(1).getJsonObject("profile").getString("display_name"),
                "a member without a known profile shows the plain one");
        assertEquals("c2", members.getJsonObject(1).getString("client_id"));
        assertEquals("bob", members.getJsonObject(1).getString("user"));
    }

    @Test
    void roomsListsRoomNames() {
        JsonObject json = encode(new RoomList(null, List.of("dev", "general")));
        assertFields(json, "event", "rooms");
        assertEquals("rooms", json.getString("event"));
        assertEquals(List.of("dev", "general"), strings(json.getJsonArray("rooms")));
    }

    @Test
    void ackWithoutIdHasOnlyItsRef() {
        JsonObject json = encode(Ack.of("r7"));
        assertFields(json, "event", "ref");
        assertEquals("ack", json.getString("event"));
        assertEquals("r7", json.getString("ref"));
    }

    @Test
    void ackOfAStoredMessageHasIdAndTimestamp() {
        JsonObject json = encode(new Ack("r7", 99L, AT));
        assertFields(json, "event", "ref", "id", "timestamp");
        assertEquals(99, json.getJsonNumber("id").longValueExact());
        assertEquals(AT_TEXT, json.getString("timestamp"));
    }

    @Test
    void errorHasWireCodeMessageAndRefWhenSet() {
        JsonObject json = encode(new ServerEvent.Error(ErrorCode.NOT_MEMBER, "not a member", "r1"));
        assertFields(json, "event", "code", "message", "ref");
        assertEquals("error", json.getString("event"));
        assertEquals("not_member", json.getString("code"));
        assertEquals("not a member", json.getString("message"));
        assertFields(encode(new ServerEvent.Error(ErrorCode.BAD_JSON, "bad", null)), "event", "code", "message");
    }

    @Test
    void aMessageWithFilesListsThemAndOneWithoutHasNoSuchField() {
        Attachment file = new Attachment("Xq3", "plan \"v2\".pdf", 48213, "application/pdf");
        JsonObject json = encode(new RoomMessagePosted(7, "", "c1", "ana", "lobby", AT, List.of(file), null, null));
        assertFields(json, "event", "id", "message", "from", "user", "room", "timestamp", "attachments");
        JsonObject attachment = json.getJsonArray("attachments").getJsonObject(0);
        assertFields(attachment, "id", "name", "size", "type");
        assertEquals("plan \"v2\".pdf", attachment.getString("name"));
        assertEquals(48213, attachment.getInt("size"));
        assertEquals("application/pdf", attachment.getString("type"));
        assertFields(encode(new ServerEvent.DirectMessageSent(8, "hi", "c1", "ana", "ben", AT)),
                "event", "id", "message", "from", "user", "to", "timestamp");
    }

    @Test
    void uploadSlotAndDownloadCarryTheirAddressAndExpiry() {
        JsonObject slot = encode(new ServerEvent.UploadSlot("u", "Xq3", "/api/uploads/t0k", AT, 10));
        assertFields(slot, "event", "file", "url", "expires_at", "max_bytes", "ref");
        assertEquals("upload_slot", slot.getString("event"));
        assertEquals(AT_TEXT, slot.getString("expires_at"));
        JsonObject download = encode(new ServerEvent.DownloadReady(null, "Xq3", "/api/files/Xq3?ticket=t", AT));
        assertFields(download, "event", "file", "url", "expires_at");
        assertEquals("download", download.getString("event"));
        assertEquals("/api/files/Xq3?ticket=t", download.getString("url"));
    }

    @Test
    void everyErrorCodeHasItsProtocolName() {
        assertEquals(List.of("bad_json", "unsupported_frame", "unknown_event", "missing_field", "bad_field",
                "not_member", "forbidden", "rate_limited", "too_large", "server_full", "limit_exceeded", "not_found",
                "unavailable", "not_author", "edit_window_passed", "already_deleted"),
                Arrays.stream(ErrorCode.values()).map(ErrorCode::wireName).toList());
    }

    @ParameterizedTest
    @CsvSource({
        "2026-11-22T10:15:30Z,           2026-11-22T10:15:30.000Z",
        "2026-11-22T10:15:30.100Z,       2026-11-22T10:15:30.100Z",
        "2026-11-22T10:15:30.120Z,       2026-11-22T10:15:30.120Z",
        "2026-11-22T10:15:30.001Z,       2026-11-22T10:15:30.001Z",
        "2026-11-22T10:15:30.999999999Z, 2026-11-22T10:15:30.999Z",
        "2026-01-02T03:04:05.000500Z,    2026-01-02T03:04:05.000Z",
        "1970-01-01T00:00:00Z,           1970-01-01T00:00:00.000Z",
    })
    void timestampsHaveExactlyThreeFractionalDigitsAndZ(String instant, String expected) {
        assertEquals(expected, encode(new UserJoined("c", "u", "r", Profile.plain("u", Profile.State.ONLINE),
                Instant.parse(instant))).getString("timestamp"));
        assertEquals(expected, Timestamps.format(Instant.parse(instant)));
    }

    @Test
    void timestampOfTheCurrentInstantMatchesTheProtocolForm() {
        String timestamp = encode(new Echo(null, "x", Instant.now())).getString("timestamp");
        assertTrue(timestamp.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), timestamp);
    }

    @Test
    void encodedTextIsOneCompactJsonObject() {
        String text = cut.encode(Ack.of("r"));
        assertEquals("{\"event\":\"ack\",\"ref\":\"r\"}", text);
        assertFalse(text.contains("\n"));
    }

    @Test
    void controlCharactersAndNonAsciiTextSurviveTheRoundTrip() {
        String message = "line\nbreak\t\u0000 \"q\" \\ 😀 مرحبا";
        assertEquals(message, encode(new Echo(null, message, AT)).getString("original_message"));
    }

    private JsonObject encode(ServerEvent event) {
        try (JsonReader reader = Json.createReader(new StringReader(cut.encode(event)))) {
            return reader.readObject();
        }
    }

    private static void assertFields(JsonObject json, String... names) {
        assertEquals(Set.of(names), json.keySet());
    }

    private static List<String> strings(JsonArray array) {
        return array.getValuesAs(JsonString::getString);
    }
}
