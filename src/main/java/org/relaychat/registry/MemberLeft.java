package org.relaychat.registry;

import org.relaychat.connection.Connection;

/** A CDI event: a connection of this node left a room, or was taken out of it. */
public record MemberLeft(String room, Connection member) {
}
