package org.relaychat.protocol;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.json.Json;
import jakarta.json.stream.JsonParserFactory;
import jakarta.websocket.Decoder;
import jakarta.websocket.EndpointConfig;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.relaychat.config.ChatConfig;
import org.relaychat.config.FileLimits;
import org.relaychat.config.Limits;
import org.relaychat.profiles.Profile;
import org.relaychat.profiles.ProfileChange;
import org.relaychat.profiles.ProfileChange.Update;
import org.relaychat.protocol.ClientCommand.DeleteMessage;
import org.relaychat.protocol.ClientCommand.EditMessage;
import org.relaychat.protocol.ClientCommand.JoinRoom;
import org.relaychat.protocol.ClientCommand.LeaveRoom;
import org.relaychat.protocol.ClientCommand.ListRooms;
import org.relaychat.protocol.ClientCommand.MarkRead;
import org.relaychat.protocol.ClientCommand.RequestDownload;
import org.relaychat.protocol.ClientCommand.RequestHistory;
import org.relaychat.protocol.ClientCommand.RequestPresence;
import org.relaychat.protocol.ClientCommand.RequestUpload;
import org.relaychat.protocol.ClientCommand.SendBroadcast;
import org.relaychat.protocol.ClientCommand.SendDirectMessage;
import org.relaychat.protocol.ClientCommand.SendEcho;
import org.relaychat.protocol.ClientCommand.SendRoomMessage;
import org.relaychat.protocol.ClientCommand.SetProfile;
import org.relaychat.protocol.ClientCommand.SetTyping;
import org.relaychat.protocol.FrameFields.FieldProblem;

/**
 * Turns a text frame into a {@link ClientFrame}. It never throws: every frame, however malformed,
 * becomes either a valid command or an {@link InvalidFrame} naming the error to answer with, so
 * the endpoint has one path for both and a bad frame never reaches the container's error handling.
 */
public class ClientFrameDecoder implements Decoder.Text<ClientFrame> {

    /**
     * The client events this decoder accepts, one per case of its switch. Public so that the
     * protocol's description can be checked against the code; a name is looked up here before the
     * switch, so a case added without its name is refused as unknown instead of going undescribed.
     */
    public static final Set<String> EVENTS = Set.of("message", "broadcast", "join_room", "leave_room",
            "room_message", "direct_message", "typing", "read", "history", "presence", "rooms", "edit_message",
            "delete_message", "upload", "download", "set_profile");

    private static final JsonParserFactory PARSERS = Json.createParserFactory(Map.of());
    /** Letters of any script (with their combining marks, as in हिंदी), digits, '-', '_' and '.'. */
    /** Left-to-right embedding, the first of the five embedding and override controls. */
    private static final int FIRST_EMBEDDING = 0x202A;
    /** Right-to-left override, the last of them. */
    private static final int LAST_OVERRIDE = 0x202E;
    private static final Pattern ROOM_NAME = Pattern.compile("[\\p{L}\\p{M}\\p{Nd}._-]+");
    /** File ids as the server makes them: URL-safe Base64. */
    private static final Pattern FILE_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final int MAX_TYPE_LENGTH = 100;

    private Limits limits;

    /** Used by the container, which reads the limits in {@link #init}. */
    public ClientFrameDecoder() {
    }

    public ClientFrameDecoder(Limits limits) {
        this.limits = limits;
    }

    @Override
    public void init(EndpointConfig config) {
        if (limits == null) {
            limits = CDI.current().select(ChatConfig.class).get().limits();
        }
    }

    @Override
    public boolean willDecode(String text) {
        return true;
    }

    @Override
    public ClientFrame decode(String text) {
        if (isOverFrameLimit(text)) {
            return new InvalidFrame(ErrorCode.TOO_LARGE,
                    "frame is over " + limits.maxFrameBytes() + " bytes", null);
        }
        FrameFields fields;
        try {
            fields = FrameFields.parse(text, PARSERS);
        } catch (RuntimeException unreadable) {
            // Parsers signal bad syntax, early ends and their nesting limit with assorted exceptions.
            return new InvalidFrame(ErrorCode.BAD_JSON, "frame must be one JSON object", null);
        }
        String ref;
        try {
            ref = fields.optionalString("ref");
        } catch (FieldProblem notAString) {
            return badRef();
        }
        if (ref != null && (ref.codePointCount(0, ref.length()) > Limits.MAX_REF_LENGTH || !isWellFormed(ref))) {
            return badRef();
        }
        try {
            return command(fields, ref);
        } catch (FieldProblem problem) {
            return new InvalidFrame(problem.code, problem.getMessage(), ref);
        }
    }

    private static InvalidFrame badRef() {
        return new InvalidFrame(ErrorCode.BAD_FIELD,
                "'ref' must be a string of at most " + Limits.MAX_REF_LENGTH + " characters", null);
    }

    private boolean isOverFrameLimit(String text) {
        // A UTF-8 character takes at most three bytes per char, so most frames need no counting.
        return text.length() > limits.maxFrameBytes() / 3
                && text.getBytes(StandardCharsets.UTF_8).length > limits.maxFrameBytes();
    }

    private ClientCommand command(FrameFields fields, String ref) {
        String event;
        try {
            event = fields.optionalString("event");
        } catch (FieldProblem notAString) {
            event = null;
        }
        if (event == null) {
            throw new FieldProblem(ErrorCode.UNKNOWN_EVENT, "'event' must be a string naming a client event");
        }
        if (!EVENTS.contains(event)) {
            throw unknownEvent(event);
        }
        return switch (event) {
            case "message" -> new SendEcho(ref, message(fields));
            case "broadcast" -> new SendBroadcast(ref, message(fields));
            case "join_room" -> new JoinRoom(ref, room(fields));
            case "leave_room" -> new LeaveRoom(ref, room(fields));
            case "room_message" -> {
                List<String> attachments = attachments(fields);
                yield new SendRoomMessage(ref, room(fields), messageBeside(attachments, fields), attachments);
            }
            case "direct_message" -> {
                List<String> attachments = attachments(fields);
                yield new SendDirectMessage(ref, user(fields, "to"), messageBeside(attachments, fields), attachments);
            }
            case "typing" -> new SetTyping(ref, room(fields), fields.requiredBoolean("typing"));
            case "read" -> new MarkRead(ref, room(fields), fields.requiredId("id"));
            case "history" -> history(fields, ref);
            case "presence" -> new RequestPresence(ref, room(fields));
            case "rooms" -> new ListRooms(ref);
            case "edit_message" -> new EditMessage(ref, fields.requiredId("id"), message(fields));
            case "delete_message" -> new DeleteMessage(ref, fields.requiredId("id"));
            case "upload" -> upload(fields, ref);
            case "download" -> new RequestDownload(ref, fileId(fields.requiredString("file"), "file"));
            case "set_profile" -> new SetProfile(ref, profileChange(fields));
            // Not reached while EVENTS names exactly the cases above.
            default -> throw unknownEvent(event);
        };
    }

    private static FieldProblem unknownEvent(String event) {
        return new FieldProblem(ErrorCode.UNKNOWN_EVENT, "unknown event '" + shorten(event) + "'");
    }

    private RequestHistory history(FrameFields fields, String ref) {
        boolean byRoom = fields.has("room");
        if (byRoom == fields.has("with")) {
            throw new FieldProblem(byRoom ? ErrorCode.BAD_FIELD : ErrorCode.MISSING_FIELD,
                    "history needs exactly one of 'room' and 'with'");
        }
        Long before = fields.optionalId("before");
        Long after = fields.optionalId("after");
        if (before != null && after != null) {
            throw new FieldProblem(ErrorCode.BAD_FIELD, "'before' and 'after' cannot be used together");
        }
        return new RequestHistory(ref, byRoom ? room(fields) : null, byRoom ? null : user(fields, "with"),
                before, after, fields.optionalPositiveInt("limit"));
    }

    /** The files a message carries: none when absent, otherwise 1 to 10 distinct file ids. */
    private static List<String> attachments(FrameFields fields) {
        List<String> ids = fields.optionalStrings("attachments");
        if (ids == null) {
            return List.of();
        }
        if (ids.isEmpty() || ids.size() > FileLimits.MAX_PER_MESSAGE || new HashSet<>(ids).size() != ids.size()) {
            throw new FieldProblem(ErrorCode.BAD_FIELD, "'attachments' must hold 1 to " + FileLimits.MAX_PER_MESSAGE
                    + " distinct file ids");
        }
        ids.forEach(id -> fileId(id, "attachments"));
        return List.copyOf(ids);
    }

    /** A message's text, which may be empty when it carries files. */
    private String messageBeside(List<String> attachments, FrameFields fields) {
        if (!attachments.isEmpty() && (!fields.has("message") || "".equals(fields.optionalString("message")))) {
            return "";
        }
        return message(fields);
    }

    private static String fileId(String id, String field) {
        if (!FILE_ID.matcher(id).matches()) {
            throw new FieldProblem(ErrorCode.BAD_FIELD, "'" + field + "' must name files by the ids the server gave");
        }
        return id;
    }

    private static RequestUpload upload(FrameFields fields, String ref) {
        String name = fields.requiredString("name");
        if (name.isBlank() || name.codePointCount(0, name.length()) > FileLimits.MAX_NAME_LENGTH
                || !isOneLine(name)) {
            throw new FieldProblem(ErrorCode.BAD_FIELD, "'name' must be a file name of 1 to "
                    + FileLimits.MAX_NAME_LENGTH + " characters on one line");
        }
        Long size = fields.optionalCount("size", Long.MAX_VALUE);
        if (size == null) {
            throw new FieldProblem(ErrorCode.MISSING_FIELD, "'size' is required");
        }
        String type = fields.optionalString("type");
        if (type != null && (type.length() > MAX_TYPE_LENGTH || !isMessageText(type))) {
            throw new FieldProblem(ErrorCode.BAD_FIELD, "'type' must be a media type of at most "
                    + MAX_TYPE_LENGTH + " characters");
        }
        return new RequestUpload(ref, name, size, type);
    }

    /** The fields of a {@code set_profile}: at least one; JSON null puts a field back to its default. */
    private static ProfileChange profileChange(FrameFields fields) {
        Update displayName = update(fields, "display_name");
        if (displayName != null && displayName.value() != null && !isDisplayName(displayName.value())) {
            throw new FieldProblem(ErrorCode.BAD_FIELD, "'display_name' must be 1 to "
                    + Profile.MAX_DISPLAY_NAME_LENGTH + " characters on one line, without control characters");
        }
        Update status = update(fields, "status");
        if (status != null && status.value() != null) {
            String text = status.value();
            if (text.codePointCount(0, text.length()) > Profile.MAX_STATUS_LENGTH || !isOneLine(text)) {
                throw new FieldProblem(ErrorCode.BAD_FIELD, "'status' must be at most " + Profile.MAX_STATUS_LENGTH
                        + " characters on one line, without control characters");
            }
            status = text.isEmpty() ? Update.DEFAULT : status;
        }
        Update avatar = update(fields, "avatar");
        if (avatar != null && avatar.value() != null) {
            fileId(avatar.value(), "avatar");
        }
        Profile.State state = null;
        String stateName = fields.optionalString("state");
        if (stateName != null) {
            state = switch (stateName) {
                case "online" -> Profile.State.ONLINE;
                case "away" -> Profile.State.AWAY;
                default -> throw new FieldProblem(ErrorCode.BAD_FIELD, "'state' must be 'online' or 'away'");
            };
        }
        ProfileChange change = new ProfileChange(displayName, status, avatar, state);
        if (change.isEmpty()) {
            throw new FieldProblem(ErrorCode.MISSING_FIELD,
                    "set_profile needs at least one of 'display_name', 'status', 'avatar' and 'state'");
        }
        return change;
    }

    /** A field that may be a string or null: null when absent, {@link Update#DEFAULT} when null. */
    private static Update update(FrameFields fields, String name) {
        if (fields.isNull(name)) {
            return Update.DEFAULT;
        }
        String value = fields.optionalString(name);
        return value == null ? null : new Update(value);
    }

    private String message(FrameFields fields) {
        String message = fields.requiredString("message");
        if (message.isEmpty()) {
            throw new FieldProblem(ErrorCode.BAD_FIELD, "'message' must not be empty");
        }
        if (message.length() > limits.maxMessageChars()
                && message.codePointCount(0, message.length()) > limits.maxMessageChars()) {
            throw new FieldProblem(ErrorCode.TOO_LARGE,
                    "'message' is over " + limits.maxMessageChars() + " characters");
        }
        if (!isMessageText(message)) {
            throw new FieldProblem(ErrorCode.BAD_FIELD,
                    "'message' must be Unicode text without control characters other than newline and tab, "
                            + "and without direction overrides");
        }
        return message;
    }

    private String room(FrameFields fields) {
        String room = fields.requiredString("room");
        if (!isRoomName(room, limits.maxRoomNameLength())) {
            throw new FieldProblem(ErrorCode.BAD_FIELD, "'room' must be 1 to " + limits.maxRoomNameLength()
                    + " letters, digits, '-', '_' or '.'");
        }
        return room;
    }

    private static String user(FrameFields fields, String name) {
        String user = fields.requiredString(name);
        if (!isUserName(user)) {
            throw new FieldProblem(ErrorCode.BAD_FIELD, "'" + name + "' must be a user name of 1 to "
                    + Limits.MAX_USER_NAME_LENGTH + " characters without control, direction or invisible characters");
        }
        return user;
    }

    /** Room names: letters (any script), digits, '-', '_' and '.'. */
    public static boolean isRoomName(String room, int maxLength) {
        return !room.isEmpty() && room.codePointCount(0, room.length()) <= maxLength
                && ROOM_NAME.matcher(room).matches();
    }

    /** Display names: 1 to 64 characters on one line, nothing blank, as message texts are otherwise. */
    public static boolean isDisplayName(String name) {
        return !name.isBlank() && name.codePointCount(0, name.length()) <= Profile.MAX_DISPLAY_NAME_LENGTH
                && isOneLine(name);
    }

    private static boolean isOneLine(String text) {
        return isMessageText(text) && text.indexOf('\n') < 0 && text.indexOf('\t') < 0;
    }

    /** User names: 1 to 32 characters that show, and nothing that deceives; see {@link UserNames}. */
    public static boolean isUserName(String user) {
        return UserNames.isUserName(user);
    }

    /**
     * Message texts: any Unicode (emoji, right-to-left scripts, joiners, direction marks and
     * isolates included), but no control characters except newline and tab, and no bidirectional
     * embeddings or overrides (U+202A to U+202E), which can make a text read otherwise than it
     * is written.
     */
    public static boolean isMessageText(String text) {
        return text.codePoints().noneMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t'
                || c >= FIRST_EMBEDDING && c <= LAST_OVERRIDE) && isWellFormed(text);
    }

    /**
     * No unpaired surrogates: JSON escapes can smuggle in half a character, which no UTF-8 frame
     * can carry, so it could be neither stored nor sent on as it came.
     */
    static boolean isWellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Client text quoted back in an error: at most 32 characters, cut between characters, with
     * unpaired surrogates replaced, so that the answer is text a UTF-8 frame can carry.
     */
    private static String shorten(String text) {
        StringBuilder shown = new StringBuilder();
        text.codePoints().limit(32).forEach(c -> shown.appendCodePoint(
                c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE ? 0xFFFD : c));
        return text.codePointCount(0, text.length()) > 32 ? shown + "…" : shown.toString();
    }

    @Override
    public void destroy() {
    }
}
