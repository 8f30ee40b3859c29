package org.relaychat.protocol;

import jakarta.json.stream.JsonGenerator;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.relaychat.files.Attachment;
import org.relaychat.profiles.Profile;

/**
 * Every event the server sends, one record per row of the protocol's server table. Each writes its
 * own fields, so the wire names of an event stand next to its definition.
 */
public sealed interface ServerEvent {

    /** Writes the event's fields, {@code event} first, into an open JSON object. */
    void writeFields(JsonGenerator json);

    record Welcome(String clientId, String user, String message, List<String> rooms, ClientLimits limits,
            Profile profile, Instant timestamp) implements ServerEvent {
        @Override
        public void writeFields(JsonGenerator json) {
            json.write("event", "welcome").write("client_id", clientId).write("user", user).write("message", message);
            Json.strings(json, "rooms", rooms);
            limits.write(json);
            Json.profile(json, profile);
            Json.timestamp(json, timestamp);
        }
    }

    record Echo(String ref, String originalMessage, Instant timestamp) implements ServerEvent {
        @Override
        public void writeFields(JsonGenerator json) {
            json.write("event", "echo").write("original_message", originalMessage);
            Json.timestamp(json, timestamp);
            Json.ref(json, ref);
        }
    }

    record BroadcastPosted(String message, String from, String user, Instant timestamp) implements ServerEvent {
        @Override
        public void writeFields(JsonGenerator json) {
            json.write("event", "broadcast").write("message", message).write("from", from).write("user", user);
            Json.timestamp(json, timestamp);
        }
    }

    /**
     * A message from the server's operators to every client: a {@code broadcast} from no client,
     * marked {@code system} so that clients can tell it from a user's.
     */
    record SystemBroadcast(String message, Instant timestamp) implements ServerEvent {
        public static final String FROM = "server";
        public static final String USER = "Relay";

        @Override
        public void writeFields(JsonGenerator json) {
            json.write("event", "broadcast").write("message", message).write("from", FROM).write("user", USER)
                    .write("system", true);
            Json.timestamp(json, timestamp);
        }
    }

    record UserJoined(String clientId, String user, String room, Profile profile, Instant timestamp)
            implements ServerEvent {
        @Override
        public void writeFields(JsonGenerator json) {
            json.write("event", "user_joined").write("client_id", clientId).write("user", user).write("room", room);
            Json.profile(json, profile);
            Json.timestamp(json, timestamp);
        }
    }

    record UserLeft(String clientId, String user, String room, Instant timestamp) implements ServerEvent {
        @Override
        public void writeFields(JsonGenerator json) {
            json.write("event", "user_left").write("client_id", clientId).write("user", user).write("room", room);
            Json.timestamp(json, timestamp);
        }
    }

    /** A message kept in history: posted to a room or sent directly. */
    sealed interface ChatMessage extends ServerEvent {
        long id();

        Instant timestamp();
    }

    /**
     * A room message; {@code attachments} are the files it carries, none for most. {@code editedAt}
     * is set once its author edited it, and {@code deletedAt} once its author deleted it: then it is
     * a tombstone, with no text and no files.
     */
    record RoomMessagePosted(long id, String message, String from, String user, String room, Instant timestamp,
            List<Attachment> attachments, Instant editedAt, Instant deletedAt) implements ChatMessage {

        public RoomMessagePosted(long id, String message, String from, String user, String room, Instant timestamp) {
            this(id, message, from, user, room, timestamp, List.of(), null, null);
        }

        @Override
        public void writeFields(JsonGenerator json) {
            json.write("event", "room_message").write("id", id);
            Json.text(json, message, deletedAt);
            json.write("from", from).write("user", user).write("room", room);
            Json.timestamp(json, timestamp);
            Json.attachments(json, attachments);
            Json.changes(json, editedAt, deletedAt);
        }
    }

    /** A direct message; edited and deleted as a {@link RoomMessagePosted} is. */
    record DirectMessageSent(long id, String message, String from, String user, String to, Instant timestamp,
            List<Attachment> attachments, Instant editedAt, Instant deletedAt) implements ChatMessage {

        public DirectMessageSent(long id, String message, String from, String user, String to, Instant timestamp) {
            this(id, message, from, user, to, timestamp, List.of(), null, null);
        }

        @Override
        public void writeFields(JsonGenerator json) {
            json.write("event", "direct_message").write("id", id);
            Json.text(json, message, deletedAt);
            json.write("from", from).write("user", user).write("to", to);
            Json.timestamp(json, timestamp);
            Json.attachments(json, attachments);
            Json.changes(json, editedAt, deletedAt);
        }
    }

    /**
     * The author of a stored message gave it a new text. Exactly one of {@code room} and {@code to}
     * is set, as in the message: its room, or the recipient of a direct message from {@code user}.
     */
    record MessageEdited(long id, String user, String room, String to, String message, Instant editedAt)
            implements ServerEvent {
        @Override
        public void writeFields(JsonGenerator json) {
            json.write("event", "message_edited").write("id", id).write("user", user);
            Json.conversation(json, room, to);
            json.write("message", message).write("edited_at", Timestamps.format(editedAt));
        }
    }

    /** The author of a stored message deleted it; {@code room} and {@code to} as in {@link MessageEdited}. */
    record MessageDeleted(long id, String user, String room, String to, Instant deletedAt) implements ServerEvent {
        @Override
        public void writeFields(JsonGenerator json) {
            json.write("event", "message_deleted").write("id", id).write("user", user);
            Json.conversation(json, room, to);
            json.write("deleted_at", Timestamps.format(deletedAt));
        }
    }

    record TypingChanged(String room, String from, String user, boolean typing) implements ServerEvent {
        @Override
        public void writeFields(JsonGenerator json) {
            json.write("event", "typing").write("room", room).write("from", from).write("user", user)
                    .write("typing", typing);
        }
    }

    record ReadMarked(String room, String user, long id) implements ServerEvent {
        @Override
        public void writeFields(JsonGenerator json) {
            json.write("event", "read").write("room", room).write("user", user).write("id", id);
        }
    }

    /** A page of history: exactly one of {@code room} and {@code with} is set. */
    record HistoryPage(String ref, String room, String with, List<? extends ChatMessage> messages, boolean hasMore)
            implements ServerEvent {
        @Override
        public void writeFields(JsonGenerator json) {
            json.write("event", "history");
            if (room != null) {
                json.write("room", room);
            } else {
                json.write("with", with);
            }
            json.writeStartArray("messages");
            for (ChatMessage message : messages) {
                json.writeStartObject();
                message.writeFields(json);
                json.writeEnd();
            }
            json.writeEnd().write("has_more", hasMore);
            Json.ref(json, ref);
        }
    }

    /** The members of a room, each with the profile of its user in {@code profiles}. */
    record Presence(String ref, String room, List<Member> members, Map<String, Profile> profiles)
            implements ServerEvent {
        @Override
        public void writeFields(JsonGenerator json) {
            json.write("event", "presence").write("room", room).writeStartArray("members");
            for (Member member : members) {
                json.writeStartObject().write("client_id", member.clientId()).write("user", member.user());
                Json.profile(json, profiles.getOrDefault(member.user(),
                        Profile.plain(member.user(), Profile.State.ONLINE)));
                json.writeEnd();
            }
            json.writeEnd();
            Json.ref(json, ref);
        }
    }

    record RoomList(String ref, List<String> rooms) implements ServerEvent {
        @Override
        public void writeFields(JsonGenerator json) {
            json.write("event", "rooms");
            Json.strings(json, "rooms", rooms);
            Json.ref(json, ref);
        }
    }

    /** Confirms a frame that has no reply event of its own; {@code id} is set where a message was kept. */
    record Ack(String ref, Long id, Instant timestamp) implements ServerEvent {

        public static Ack of(String ref) {
            return new Ack(ref, null, null);
        }

        @Override
        public void writeFields(JsonGenerator json) {
            json.write("event", "ack").write("ref", ref);
            if (id != null) {
                json.write("id", id);
                Json.timestamp(json, timestamp);
            }
        }
    }

    record Error(ErrorCode code, String message, String ref) implements ServerEvent {
        @Override
        public void writeFields(JsonGenerator json) {
            json.write("event", "error").write("code", code.wireName()).write("message", message);
            Json.ref(json, ref);
        }
    }

    /** Where to send the bytes of one file, once, before {@code expiresAt}; at most {@code maxBytes}. */
    record UploadSlot(String ref, String file, String url, Instant expiresAt, long maxBytes) implements ServerEvent {
        @Override
        public void writeFields(JsonGenerator json) {
            json.write("event", "upload_slot").write("file", file).write("url", url)
                    .write("expires_at", Timestamps.format(expiresAt)).write("max_bytes", maxBytes);
            Json.ref(json, ref);
        }
    }

    /** Where to fetch one file until {@code expiresAt}. */
    record DownloadReady(String ref, String file, String url, Instant expiresAt) implements ServerEvent {
        @Override
        public void writeFields(JsonGenerator json) {
            json.write("event", "download").write("file", file).write("url", url)
                    .write("expires_at", Timestamps.format(expiresAt));
            Json.ref(json, ref);
        }
    }

    /** A user's profile, as {@code set_profile} left it, or as it changed: to the user's rooms, partners and self. */
    record ProfileChanged(String ref, Profile profile, Instant timestamp) implements ServerEvent {
        @Override
        public void writeFields(JsonGenerator json) {
            json.write("event", "profile");
            Json.profileFields(json, profile);
            Json.timestamp(json, timestamp);
            Json.ref(json, ref);
        }
    }

    /** One entry of a {@code presence} member list. */
    record Member(String clientId, String user) {
    }

    /** Field helpers shared by the events. */
    final class Json {
        private Json() {
        }

        static void strings(JsonGenerator json, String name, List<String> values) {
            json.writeStartArray(name);
            values.forEach(json::write);
            json.writeEnd();
        }

        static void timestamp(JsonGenerator json, Instant timestamp) {
            json.write("timestamp", Timestamps.format(timestamp));
        }

        /** A stored message's text; a deleted one keeps the field, empty, so its shape stays the live event's. */
        static void text(JsonGenerator json, String message, Instant deletedAt) {
            json.write("message", deletedAt == null ? message : "");
        }

        static void changes(JsonGenerator json, Instant editedAt, Instant deletedAt) {
            if (editedAt != null) {
                json.write("edited_at", Timestamps.format(editedAt));
            }
            if (deletedAt != null) {
                json.write("deleted", true).write("deleted_at", Timestamps.format(deletedAt));
            }
        }

        static void conversation(JsonGenerator json, String room, String to) {
            if (room != null) {
                json.write("room", room);
            } else {
                json.write("to", to);
            }
        }

        /** The files of a message; the field is left out when there are none. */
        static void attachments(JsonGenerator json, List<Attachment> attachments) {
            if (attachments.isEmpty()) {
                return;
            }
            json.writeStartArray("attachments");
            for (Attachment file : attachments) {
                json.writeStartObject().write("id", file.id()).write("name", file.name()).write("size", file.size())
                        .write("type", file.type()).writeEnd();
            }
            json.writeEnd();
        }

        static void profile(JsonGenerator json, Profile profile) {
            json.writeStartObject("profile");
            profileFields(json, profile);
            json.writeEnd();
        }

        static void profileFields(JsonGenerator json, Profile profile) {
            json.write("user", profile.user()).write("display_name", profile.displayName())
                    .write("status", profile.status());
            if (profile.avatar() == null) {
                json.writeNull("avatar");
            } else {
                json.write("avatar", profile.avatar());
            }
            json.write("state", profile.state().wireName());
        }

        static void ref(JsonGenerator json, String ref) {
            if (ref != null) {
                json.write("ref", ref);
            }
        }
    }
}
