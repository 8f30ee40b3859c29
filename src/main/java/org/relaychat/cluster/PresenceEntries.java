package org.relaychat.cluster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.relaychat.protocol.ServerEvent.Member;

/**
 * A room's presence as Redis holds it: one hash per room, a field {@code node|client_id} per
 * member, its user as the value. Entries of nodes no longer alive are not members any more (the
 * node that notices the death removes them); this node's own entries are left out too, since its
 * registry knows its own members first-hand.
 */
final class PresenceEntries {

    private static final char SEPARATOR = '|';

    private PresenceEntries() {
    }

    static String field(String node, String clientId) {
        return node + SEPARATOR + clientId;
    }

    static String nodeOf(String field) {
        int separator = field.indexOf(SEPARATOR);
        return separator < 0 ? field : field.substring(0, separator);
    }

    static String clientIdOf(String field) {
        return field.substring(field.indexOf(SEPARATOR) + 1);
    }

    /** The members of the other live nodes. */
    static List<Member> remote(Map<String, String> entries, Collection<String> liveNodes, String ownNode) {
        Set<String> live = Set.copyOf(liveNodes);
        List<Member> members = new ArrayList<>();
        entries.forEach((field, user) -> {
            String node = nodeOf(field);
            if (!node.equals(ownNode) && live.contains(node)) {
                members.add(new Member(clientIdOf(field), user));
            }
        });
        return members;
    }
}
