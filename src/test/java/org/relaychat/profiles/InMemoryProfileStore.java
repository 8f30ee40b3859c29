package org.relaychat.profiles;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.relaychat.security.ProfileClaims;

/**
 * Profiles in a map, for tests of the chat without a database. It keeps no files, so it takes no
 * picture, and knows of no direct conversations.
 */
public class InMemoryProfileStore implements ProfileStore {

    private final Map<String, StoredProfile> rows = new ConcurrentHashMap<>();

    @Override
    public Map<String, StoredProfile> findAll(Collection<String> users) {
        Map<String, StoredProfile> found = new HashMap<>();
        users.forEach(user -> {
            if (rows.containsKey(user)) {
                found.put(user, rows.get(user));
            }
        });
        return found;
    }

    @Override
    public Map<String, StoredProfile> connected(Map<String, ProfileClaims> users) {
        users.forEach((user, claims) -> rows.compute(user,
                (name, row) -> Objects.requireNonNullElse(row, StoredProfile.NONE).withClaims(claims)));
        return findAll(users.keySet());
    }

    @Override
    public Outcome change(String user, ProfileChange change, Instant now) {
        if (change.avatar() != null && change.avatar().value() != null) {
            return Outcome.refused(Refusal.NO_SUCH_FILE);
        }
        return Outcome.changed(rows.compute(user, (name, row) -> {
            StoredProfile old = Objects.requireNonNullElse(row, StoredProfile.NONE);
            return new StoredProfile(
                    change.displayName() == null ? old.displayName() : change.displayName().value(),
                    change.status() == null ? old.status()
                            : Objects.requireNonNullElse(change.status().value(), ""),
                    change.avatar() == null ? old.avatarFile() : null,
                    change.state() == null ? old.away() : change.state() == Profile.State.AWAY,
                    old.tokenName(), old.tokenPicture());
        }));
    }

    @Override
    public Set<String> directPartners(String user) {
        return Set.of();
    }
}
