-- The message store. Written in SQL that PostgreSQL and H2 (the servers' bundled database) share.

-- Message ids are handed out in blocks from this row, so every node of a cluster draws distinct ones.
CREATE TABLE id_block (
    name       VARCHAR(64) NOT NULL PRIMARY KEY,
    next_value BIGINT      NOT NULL
);
INSERT INTO id_block (name, next_value) VALUES ('chat_message', 0);

CREATE TABLE chat_message (
    id               BIGINT                   NOT NULL PRIMARY KEY,
    -- 'room:<name>' or 'dm:<length of first user>:<first user>:<second user>': one per room and per pair of users
    conversation     VARCHAR(300)             NOT NULL,
    room             VARCHAR(300),
    recipient        VARCHAR(300),
    sender_client_id VARCHAR(64)              NOT NULL,
    sender           VARCHAR(300)             NOT NULL,
    body             VARCHAR(16000)           NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Every history page is a range scan of one conversation by id.
CREATE INDEX chat_message_conversation_id ON chat_message (conversation, id);
-- Retention by age.
CREATE INDEX chat_message_created_at ON chat_message (created_at);

CREATE TABLE read_position (
    room       VARCHAR(300) NOT NULL,
    reader     VARCHAR(300) NOT NULL,
    message_id BIGINT      NOT NULL,
    PRIMARY KEY (room, reader)
);
