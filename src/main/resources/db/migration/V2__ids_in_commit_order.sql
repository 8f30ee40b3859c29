-- Message ids are now taken from id_block inside the inserting transaction, exactly as many as are
-- inserted, instead of by the persistence provider's table generator in blocks of 50. Providers
-- differ in what the row held (the last id handed out, or the next block's start): start above
-- every stored id either way.
UPDATE id_block
   SET next_value = (SELECT COALESCE(MAX(id), 0) FROM chat_message)
 WHERE name = 'chat_message'
   AND next_value < (SELECT COALESCE(MAX(id), 0) FROM chat_message);
