-- Names kept in anonymous mode for the browser key that used them (org.relaychat.security.NameKeys).
-- Only a hash of the key is stored.
CREATE TABLE kept_name (
    user_name VARCHAR(300)             NOT NULL PRIMARY KEY,
    key_hash  VARCHAR(64)              NOT NULL,
    last_used TIMESTAMP WITH TIME ZONE NOT NULL
);
-- Names unused for the keeping period are forgotten.
CREATE INDEX kept_name_last_used ON kept_name (last_used);
