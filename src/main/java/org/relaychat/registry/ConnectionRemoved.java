package org.relaychat.registry;

import org.relaychat.connection.Connection;

/** A CDI event: a connection left this node, after leaving its rooms. */
public record ConnectionRemoved(Connection connection) {
}
