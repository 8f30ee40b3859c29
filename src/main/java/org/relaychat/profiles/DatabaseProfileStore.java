package org.relaychat.profiles;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;
import org.relaychat.files.FileCatalog;
import org.relaychat.files.FileCatalog.AvatarClaim;
import org.relaychat.security.ProfileClaims;

/**
 * Profiles in {@code user_profile}, one row per user who set something or whose token named them;
 * a user without a row has the plain profile. A change reads the row under a lock and writes it
 * back in one transaction (the container's), together with taking the picture's upload, so two
 * changes at once both count and a picture is never half taken.
 */
@ApplicationScoped
public class DatabaseProfileStore implements ProfileStore {

    private static final String COLUMNS = "display_name, status, avatar_file, away, token_name, token_picture";
    /** Users asked for in one statement of {@link #findAll}, well inside every database's limit. */
    private static final int USERS_PER_QUERY = 500;
    /**
     * How long a statement may wait, in seconds: connections opening wait on their profiles' read,
     * and a member list on the profiles of other nodes' members.
     */
    private static final int STATEMENT_TIMEOUT_SECONDS = 2;

    @Resource(lookup = "java:comp/DefaultDataSource")
    DataSource dataSource;

    @Inject
    FileCatalog files;

    /**
     * Creates the bean while the application starts, in its naming context: its first use may
     * come from a database thread serving a socket's frame, where WildFly has no {@code java:comp}
     * of the application to inject the datasource from.
     */
    void createAtStart(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        // nothing to do: being called created the bean
    }

    @Override
    public Map<String, StoredProfile> findAll(Collection<String> users) {
        List<String> distinct = List.copyOf(new HashSet<>(users));
        Map<String, StoredProfile> found = new HashMap<>();
        try (Connection connection = dataSource.getConnection()) {
            for (int from = 0; from < distinct.size(); from += USERS_PER_QUERY) {
                List<String> chunk = distinct.subList(from, Math.min(distinct.size(), from + USERS_PER_QUERY));
                String query = "SELECT user_name, " + COLUMNS + " FROM user_profile WHERE user_name IN ("
                        + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")";
                try (PreparedStatement select = prepare(connection, query)) {
                    for (int i = 0; i < chunk.size(); i++) {
                        select.setString(i + 1, chunk.get(i));
                    }
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            found.put(rows.getString(1), row(rows, 2));
                        }
                    }
                }
            }
            return found;
        } catch (SQLException e) {
            throw new ProfileStoreException(e);
        }
    }

    @Override
    public Map<String, StoredProfile> connected(Map<String, ProfileClaims> users) {
        Map<String, StoredProfile> rows = findAll(users.keySet());
        users.forEach((user, claims) -> {
            StoredProfile known = rows.getOrDefault(user, StoredProfile.NONE);
            StoredProfile now = known.withClaims(claims);
            // Only a token that says something new costs a write.
            if (!now.equals(known)) {
                storeClaims(user, claims);
                rows.put(user, now);
            }
        });
        return rows;
    }

    private void storeClaims(String user, ProfileClaims claims) {
        try (Connection connection = dataSource.getConnection()) {
            insertIfAbsent(connection, user, Instant.now());
            try (PreparedStatement update = prepare(connection,
                    "UPDATE user_profile SET token_name = ?, token_picture = ? WHERE user_name = ?")) {
                update.setString(1, claims.name());
                update.setString(2, claims.picture());
                update.setString(3, user);
                update.executeUpdate();
            }
        } catch (SQLException e) {
            throw new ProfileStoreException(e);
        }
    }

    @Override
    @Transactional
    public Outcome change(String user, ProfileChange change, Instant now) {
        try (Connection connection = dataSource.getConnection()) {
            insertIfAbsent(connection, user, now);
            return change(connection, user, change, now);
        } catch (SQLException e) {
            throw new ProfileStoreException(e);
        }
    }

    private Outcome change(Connection connection, String user, ProfileChange change, Instant now)
            throws SQLException {
        StoredProfile old;
        try (PreparedStatement select = prepare(connection,
                "SELECT " + COLUMNS + " FROM user_profile WHERE user_name = ? FOR UPDATE")) {
            select.setString(1, user);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                old = row(row, 1);
            }
        }
        String avatar = old.avatarFile();
        if (change.avatar() != null && !Objects.equals(change.avatar().value(), avatar)) {
            avatar = change.avatar().value();
            if (avatar != null) {
                AvatarClaim claim = files.claimAvatar(connection, user, avatar);
                if (claim != AvatarClaim.CLAIMED) {
                    return Outcome.refused(claim == AvatarClaim.NOT_AN_IMAGE ? Refusal.NOT_AN_IMAGE
                            : Refusal.NO_SUCH_FILE);
                }
            }
        }
        StoredProfile changed = new StoredProfile(
                change.displayName() == null ? old.displayName() : change.displayName().value(),
                change.status() == null ? old.status() : Objects.requireNonNullElse(change.status().value(), ""),
                avatar,
                change.state() == null ? old.away() : change.state() == Profile.State.AWAY,
                old.tokenName(), old.tokenPicture());
        try (PreparedStatement update = prepare(connection, "UPDATE user_profile SET display_name = ?,"
                + " status = ?, avatar_file = ?, away = ?, updated_at = ? WHERE user_name = ?")) {
            update.setString(1, changed.displayName());
            update.setString(2, changed.status());
            update.setString(3, changed.avatarFile());
            update.setBoolean(4, changed.away());
            update.setObject(5, now.atOffset(ZoneOffset.UTC));
            update.setString(6, user);
            update.executeUpdate();
        }
        return Outcome.changed(changed);
    }

    @Override
    public Set<String> directPartners(String user) {
        // Each half is a range of one of the two indexes on (sender, recipient) and (recipient, sender).
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = prepare(connection,
                        "SELECT DISTINCT recipient FROM chat_message WHERE sender = ? AND recipient IS NOT NULL"
                                + " UNION SELECT DISTINCT sender FROM chat_message WHERE recipient = ?")) {
            select.setString(1, user);
            select.setString(2, user);
            Set<String> partners = new HashSet<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    partners.add(rows.getString(1));
                }
            }
            partners.remove(user);
            return partners;
        } catch (SQLException e) {
            throw new ProfileStoreException(e);
        }
    }

    /**
     * The plain row of a user, unless there is one. Of two first rows at once, one is inserted and
     * the other's transaction fails, to be tried again by its client.
     */
    private static void insertIfAbsent(Connection connection, String user, Instant now) throws SQLException {
        try (PreparedStatement insert = prepare(connection, "INSERT INTO user_profile (user_name, status, away,"
                + " updated_at) SELECT ?, '', FALSE, ? WHERE NOT EXISTS (SELECT 1 FROM user_profile WHERE user_name = ?)")) {
            insert.setString(1, user);
            insert.setObject(2, now.atOffset(ZoneOffset.UTC));
            insert.setString(3, user);
            insert.executeUpdate();
        }
    }

    private static PreparedStatement prepare(Connection connection, String statement) throws SQLException {
        PreparedStatement prepared = connection.prepareStatement(statement);
        prepared.setQueryTimeout(STATEMENT_TIMEOUT_SECONDS);
        return prepared;
    }

    private static StoredProfile row(ResultSet row, int first) throws SQLException {
        return new StoredProfile(row.getString(first), row.getString(first + 1), row.getString(first + 2),
                row.getBoolean(first + 3), row.getString(first + 4), row.getString(first + 5));
    }
}
