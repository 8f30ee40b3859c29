package org.relaychat.protocol;

import jakarta.json.stream.JsonGenerator;
import org.relaychat.config.FileLimits;
import org.relaychat.config.Limits;
import org.relaychat.profiles.Profile;

/**
 * The limits a client has to stay inside, sent in {@code welcome}: a client takes them from the
 * server it talks to instead of keeping its own copy of the defaults, which a configured server
 * would contradict.
 *
 * @param maxFileBytes largest upload; zero when the server takes no files
 * @param ratePerSecond sustained frames per second; zero when there is no limit
 */
public record ClientLimits(
        int maxMessageChars,
        int maxFrameBytes,
        int maxRoomNameLength,
        int maxUserNameLength,
        int historyMaxLimit,
        int maxRoomsPerConnection,
        double ratePerSecond,
        int rateBurst,
        long maxFileBytes,
        int maxAttachments) {

    /** @param files the file limits, or null on a server without files */
    public static ClientLimits of(Limits limits, FileLimits files) {
        return new ClientLimits(limits.maxMessageChars(), limits.maxFrameBytes(), limits.maxRoomNameLength(),
                Limits.MAX_USER_NAME_LENGTH, limits.historyMaxLimit(), limits.maxRoomsPerConnection(),
                limits.ratePerSecond(), limits.rateBurst(), files == null ? 0 : files.maxBytes(),
                files == null ? 0 : FileLimits.MAX_PER_MESSAGE);
    }

    void write(JsonGenerator json) {
        json.writeStartObject("limits")
                .write("max_message_chars", maxMessageChars)
                .write("max_frame_bytes", maxFrameBytes)
                .write("max_room_name_length", maxRoomNameLength)
                .write("max_user_name_length", maxUserNameLength)
                .write("history_max_limit", historyMaxLimit)
                .write("max_rooms_per_connection", maxRoomsPerConnection)
                .write("rate_per_second", ratePerSecond)
                .write("rate_burst", rateBurst)
                .write("max_file_bytes", maxFileBytes)
                .write("max_attachments", maxAttachments)
                .write("max_display_name_length", Profile.MAX_DISPLAY_NAME_LENGTH)
                .write("max_status_length", Profile.MAX_STATUS_LENGTH)
                .writeEnd();
    }
}
