package org.relaychat.registry;

import org.relaychat.connection.Connection;

/** A CDI event: a connection was admitted to this node, and direct messages to its user can reach it. */
public record ConnectionAdmitted(Connection connection) {
}
