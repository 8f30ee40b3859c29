package org.relaychat.chat;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.relaychat.connection.Connection;
import org.relaychat.files.Attachment;
import org.relaychat.files.FileCatalog;
import org.relaychat.history.Conversation;
import org.relaychat.protocol.ClientCommand.RequestDownload;
import org.relaychat.protocol.ClientCommand.RequestUpload;
import org.relaychat.protocol.ErrorCode;
import org.relaychat.protocol.ServerEvent;
import org.relaychat.security.HourlyQuota;

/**
 * The socket's part of file transfers: an {@code upload} gets a single-use slot to send the bytes
 * to over HTTP; a message names uploaded files, which are then tied to its conversation; a
 * {@code download} gets a short-lived ticket, only for a connection that may read that
 * conversation: in the room, or one of the two users of a direct conversation.
 */
final class FileCommands {

    /**
     * The addresses of uploads and downloads are relative to the socket's own ({@code .../ws}), so
     * they hold wherever the application is served, behind whatever proxy.
     */
    private static final String UPLOADS = "api/uploads/";
    private static final String FILES = "api/files/";

    private final FileAccess files;
    private final DatabaseWork database;
    private final Replies replies;
    private final HourlyQuota uploads;

    FileCommands(FileAccess files, Executor databaseThreads, Replies replies) {
        this.files = files;
        this.database = new DatabaseWork(databaseThreads);
        this.replies = replies;
        this.uploads = new HourlyQuota(files.available() ? files.limits().uploadsPerHour() : 0, Clock.systemUTC());
    }

    void upload(Connection sender, RequestUpload command) {
        if (!files.available()) {
            unavailable(sender, command.ref());
            return;
        }
        long maxBytes = files.limits().maxBytes();
        if (command.size() > maxBytes) {
            replies.reject(sender, ErrorCode.TOO_LARGE, "'size' is over " + maxBytes + " bytes", command.ref());
            return;
        }
        if (!uploads.tryTake(sender.user())) {
            replies.reject(sender, ErrorCode.RATE_LIMITED, "at most " + files.limits().uploadsPerHour()
                    + " uploads an hour; try again later", command.ref());
            return;
        }
        call(sender, command.ref(),
                () -> files.catalog().openSlot(sender.user(), command.name(), command.size(), Instant.now()),
                slot -> replies.send(sender, new ServerEvent.UploadSlot(command.ref(), slot.fileId(),
                        UPLOADS + slot.token(), slot.expiresAt(), maxBytes)));
    }

    void download(Connection sender, RequestDownload command) {
        if (!files.available()) {
            unavailable(sender, command.ref());
            return;
        }
        FileCatalog catalog = files.catalog();
        call(sender, command.ref(), () -> catalog.conversationOf(command.file())
                .filter(conversation -> mayRead(sender, conversation))
                .map(readable -> catalog.ticket(command.file(), Instant.now())),
                ticket -> ticket.ifPresentOrElse(
                        granted -> replies.send(sender, new ServerEvent.DownloadReady(command.ref(), granted.fileId(),
                                FILES + granted.fileId() + "?ticket=" + granted.token(),
                                granted.expiresAt())),
                        () -> replies.reject(sender, ErrorCode.NOT_FOUND,
                                "no file '" + command.file() + "' in a conversation you are in", command.ref())));
    }

    /**
     * Ties the files a message names (at least one) to its conversation, then goes on with them; when one is not
     * the sender's, not uploaded, or already sent, the message goes nowhere and the sender is told.
     */
    void attach(Connection sender, String ref, List<String> fileIds, String conversation,
            Consumer<List<Attachment>> then) {
        if (!files.available()) {
            unavailable(sender, ref);
            return;
        }
        call(sender, ref, () -> files.catalog().claim(sender.user(), fileIds, conversation),
                (Optional<List<Attachment>> claimed) -> claimed.ifPresentOrElse(then,
                        () -> replies.reject(sender, ErrorCode.NOT_FOUND, "'attachments' names a file that is not"
                                + " yours, not uploaded yet, or already sent; the message was not sent", ref)));
    }

    private static boolean mayRead(Connection reader, String conversation) {
        return Conversation.roomOf(conversation).map(reader.rooms()::contains)
                .orElseGet(() -> Conversation.isBetween(conversation, reader.user()));
    }

    private <T> void call(Connection sender, String ref, Supplier<T> work, Consumer<T> answer) {
        database.run(work, answer, () -> unavailable(sender, ref));
    }

    private void unavailable(Connection sender, String ref) {
        replies.reject(sender, ErrorCode.UNAVAILABLE, "files cannot be handled right now; retry", ref);
    }
}
