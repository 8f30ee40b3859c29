package org.relaychat.history;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/** A row of {@code read_position}: the highest message id a user has read in a room. */
@Entity
@Table(name = "read_position")
@IdClass(ReadPosition.Key.class)
public class ReadPosition {

    @Id
    @Column(length = 300)
    private String room;

    @Id
    @Column(length = 300)
    private String reader;

    @Column(name = "message_id", nullable = false)
    private long messageId;

    protected ReadPosition() {
        // for JPA
    }

    ReadPosition(String room, String reader, long messageId) {
        this.room = room;
        this.reader = reader;
        this.messageId = messageId;
    }

    void advanceTo(long id) {
        messageId = Math.max(messageId, id);
    }

    /** The composite key: room and reader. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        private String room;
        private String reader;

        public Key() {
        }

        public Key(String room, String reader) {
            this.room = room;
            this.reader = reader;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && room.equals(key.room) && reader.equals(key.reader);
        }

        @Override
        public int hashCode() {
            return Objects.hash(room, reader);
        }
    }
}
