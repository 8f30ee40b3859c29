-- Files sent with messages (org.relaychat.files). Written in SQL that PostgreSQL and H2 share.

-- One row per upload: made with its single-use upload slot, filled in once the bytes are stored,
-- and tied to its conversation and message when a message names it.
CREATE TABLE chat_file (
    id                VARCHAR(32)              NOT NULL PRIMARY KEY,
    owner             VARCHAR(300)             NOT NULL,
    name              VARCHAR(255)             NOT NULL,
    declared_size     BIGINT                   NOT NULL,
    -- Only a hash of the slot's token is kept; NULL once the slot has been used.
    slot_hash         VARCHAR(64),
    slot_expires_at   TIMESTAMP WITH TIME ZONE,
    -- Set once the bytes are stored: their length and the type read from them.
    stored_size       BIGINT,
    content_type      VARCHAR(100),
    conversation      VARCHAR(300),
    message_id        BIGINT,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE UNIQUE INDEX chat_file_slot_hash ON chat_file (slot_hash);
CREATE INDEX chat_file_message_id ON chat_file (message_id);
CREATE INDEX chat_file_created_at ON chat_file (created_at);

-- The bytes, in chunks, so that neither a write nor a read holds a whole file in memory.
CREATE TABLE chat_file_chunk (
    file_id VARCHAR(32) NOT NULL,
    seq     INTEGER     NOT NULL,
    data    BYTEA       NOT NULL,
    PRIMARY KEY (file_id, seq)
);

-- Short-lived download tickets, handed to connections that may read a file's message. Only a
-- hash of the ticket is kept.
CREATE TABLE file_ticket (
    ticket_hash VARCHAR(64)              NOT NULL PRIMARY KEY,
    file_id     VARCHAR(32)              NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX file_ticket_expires_at ON file_ticket (expires_at);

-- The files of a message, as its events and history show them (a JSON array), so that reading
-- history needs no second query.
ALTER TABLE chat_message ADD COLUMN attachments VARCHAR(4000);
