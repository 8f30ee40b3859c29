-- Authors may edit and delete their messages: when they last edited one, and when they deleted it
-- (a deleted message keeps its row, with an empty body, as a tombstone in history).
ALTER TABLE chat_message ADD COLUMN edited_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE chat_message ADD COLUMN deleted_at TIMESTAMP WITH TIME ZONE;
