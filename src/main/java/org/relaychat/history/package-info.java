/** Stored room and direct messages: the store, paging, read positions and retention. */
package org.relaychat.history;
