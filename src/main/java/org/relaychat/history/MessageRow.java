package org.relaychat.history;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** A row of {@code chat_message}: one room or direct message. */
@Entity
@Table(name = "chat_message")
public class MessageRow {

    /** Assigned by {@link MessageStore#insert} from {@code id_block}, in the inserting transaction. */
    @Id
    private Long id;

    @Column(nullable = false, length = 300)
    private String conversation;

    @Column(length = 300)
    private String room;

    @Column(length = 300)
    private String recipient;

    @Column(name = "sender_client_id", nullable = false, length = 64)
    private String senderClientId;

    @Column(nullable = false, length = 300)
    private String sender;

    @Column(nullable = false, length = 16000)
    private String body;

    /** The files as a JSON array ({@link AttachmentsColumn}); null when there are none. */
    @Column(length = 4000)
    private String attachments;

    /** OffsetDateTime rather than Instant: Jakarta Persistence maps Instant only from version 3.2. */
    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    /** Set once the author edited the message. */
    @Column(name = "edited_at")
    private OffsetDateTime editedAt;

    /** Set once the author deleted the message, whose body is then empty. */
    @Column(name = "deleted_at")
    private OffsetDateTime deletedAt;

    protected MessageRow() {
        // for JPA
    }

    MessageRow(long id, Draft draft, Instant createdAt) {
        this.id = id;
        this.conversation = draft.conversation();
        this.room = draft.room();
        this.recipient = draft.to();
        this.senderClientId = draft.from();
        this.sender = draft.user();
        this.body = draft.text();
        this.createdAt = offset(createdAt);
        this.attachments = AttachmentsColumn.write(draft.attachments());
    }

    StoredMessage toMessage() {
        return new StoredMessage(id, room, recipient, senderClientId, sender, body, createdAt.toInstant(),
                AttachmentsColumn.read(attachments), instant(editedAt), instant(deletedAt));
    }

    /** Takes the text and the times of the message as an author's change left it. */
    void update(StoredMessage changed) {
        this.body = changed.text();
        this.editedAt = offset(changed.editedAt());
        this.deletedAt = offset(changed.deletedAt());
        this.attachments = AttachmentsColumn.write(changed.attachments());
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private static OffsetDateTime offset(Instant time) {
        return time == null ? null : time.atOffset(ZoneOffset.UTC);
    }
}
