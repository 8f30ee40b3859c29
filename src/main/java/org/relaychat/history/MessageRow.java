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
        this.createdAt = createdAt.atOffset(ZoneOffset.UTC);
        this.attachments = AttachmentsColumn.write(draft.attachments());
    }

    StoredMessage toMessage() {
        return new StoredMessage(id, room, recipient, senderClientId, sender, body, createdAt.toInstant(),
                AttachmentsColumn.read(attachments));
    }
}
