package org.relaychat.registry;

import org.relaychat.connection.Connection;

/** A CDI event: a connection of this node joined a room. */
public record MemberJoined(String room, Connection member) {
}
