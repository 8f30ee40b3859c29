-- Profiles (org.relaychat.profiles). Written in SQL that PostgreSQL and H2 share.

-- One row per user who set something, or whose token named them; a user without a row shows the
-- plain profile. NULL where the user set nothing: the token's claims show there, or the defaults.
CREATE TABLE user_profile (
    user_name     VARCHAR(300)             NOT NULL PRIMARY KEY,
    display_name  VARCHAR(300),
    status        VARCHAR(600)             NOT NULL,
    -- The chat_file whose bytes are the picture.
    avatar_file   VARCHAR(32),
    -- A client of the user said it is away, and none has said it is online since.
    away          BOOLEAN                  NOT NULL,
    token_name    VARCHAR(300),
    token_picture VARCHAR(1000),
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
-- The retention job deletes pictures no profile shows any more.
CREATE INDEX user_profile_avatar_file ON user_profile (avatar_file);

-- A profile change reaches everyone the user has a direct conversation with: both sides of it.
CREATE INDEX chat_message_sender_recipient ON chat_message (sender, recipient);
CREATE INDEX chat_message_recipient_sender ON chat_message (recipient, sender);
