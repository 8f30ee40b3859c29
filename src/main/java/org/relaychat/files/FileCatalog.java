package org.relaychat.files;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.relaychat.security.SecretHash;

/**
 * What is known of every file, in the default datasource: who uploaded it under which name, its
 * single-use upload slot, its length and type once stored, the conversation and message it was
 * sent with, and the download tickets handed out for it. Slots and tickets are random tokens of
 * which only a hash is kept. Every method is one statement or one transaction; a database failure
 * comes out as {@link FileStoreException}.
 */
@ApplicationScoped
public class FileCatalog {

    /** How long an upload slot may wait for its bytes. */
    public static final Duration SLOT_LIFETIME = Duration.ofMinutes(10);
    /** How long a download ticket lets its holder fetch the file. */
    public static final Duration TICKET_LIFETIME = Duration.ofMinutes(10);

    private static final SecureRandom RANDOM = new SecureRandom();

    @Resource(lookup = "java:comp/DefaultDataSource")
    DataSource dataSource;

    @Inject
    FileContents contents;

    /**
     * Creates the bean while the application starts, in its naming context: its first use may
     * come from a database thread serving a socket's frame, where WildFly has no {@code java:comp}
     * of the application to inject the datasource from.
     */
    void createAtStart(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        // nothing to do: being called created the bean
    }

    /** A file's place, and the token whose URL takes its bytes once. */
    public record Slot(String fileId, String token, Instant expiresAt) {
    }

    /** A slot taken: the file its bytes belong to. */
    public record Upload(String fileId, String name) {
    }

    /** A ticket for one file. */
    public record Ticket(String fileId, String token, Instant expiresAt) {
    }

    /** What {@link #claimAvatar} found. */
    public enum AvatarClaim {
        CLAIMED,
        /** Not the owner's, not stored yet, or already sent or in use. */
        NOT_FOUND,
        NOT_AN_IMAGE
    }

    /**
     * The conversation of a file that is a user's picture: no one downloads it with a ticket, and
     * anyone with its address may see it.
     */
    private static final String AVATAR = "avatar:";

    public Slot openSlot(String owner, String name, long declaredSize, Instant now) {
        String id = token(16);
        String token = token(32);
        Instant expires = now.plus(SLOT_LIFETIME);
        update("INSERT INTO chat_file (id, owner, name, declared_size, slot_hash, slot_expires_at, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)", id, owner, name, declaredSize, SecretHash.of(token), utc(expires), utc(now));
        return new Slot(id, token, expires);
    }

    /** Uses up the slot of {@code token}, if it is one that has not been used and has not expired. */
    public Optional<Upload> takeSlot(String token, Instant now) {
        String hash = SecretHash.of(token);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement find = connection.prepareStatement(
                        "SELECT id, name FROM chat_file WHERE slot_hash = ? AND slot_expires_at > ?")) {
            find.setString(1, hash);
            find.setObject(2, utc(now));
            Upload upload;
            try (ResultSet row = find.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                upload = new Upload(row.getString(1), row.getString(2));
            }
            // Of two requests with the same token, only one clears it.
            try (PreparedStatement take = connection.prepareStatement(
                    "UPDATE chat_file SET slot_hash = NULL WHERE id = ? AND slot_hash = ?")) {
                take.setString(1, upload.fileId());
                take.setString(2, hash);
                return take.executeUpdate() == 1 ? Optional.of(upload) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new FileStoreException(e);
        }
    }

    /** Records the length and type of a file whose bytes are now stored. */
    public Attachment stored(Upload upload, long size, String type) {
        update("UPDATE chat_file SET stored_size = ?, content_type = ? WHERE id = ?", size, type, upload.fileId());
        return new Attachment(upload.fileId(), upload.name(), size, type);
    }

    /**
     * Ties each of {@code fileIds} to {@code conversation}: all of them, or none when one is not
     * {@code owner}'s, not stored yet, or already sent with a message. Returns them as attachments,
     * in the order given, or nothing.
     */
    public Optional<List<Attachment>> claim(String owner, List<String> fileIds, String conversation) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement claim = connection.prepareStatement("UPDATE chat_file SET conversation = ?"
                    + " WHERE id = ? AND owner = ? AND stored_size IS NOT NULL AND conversation IS NULL");
                    PreparedStatement read = connection.prepareStatement(
                            "SELECT name, stored_size, content_type FROM chat_file WHERE id = ?")) {
                List<Attachment> claimed = new ArrayList<>();
                for (String id : fileIds) {
                    claim.setString(1, conversation);
                    claim.setString(2, id);
                    claim.setString(3, owner);
                    if (claim.executeUpdate() != 1) {
                        connection.rollback();
                        return Optional.empty();
                    }
                    read.setString(1, id);
                    try (ResultSet row = read.executeQuery()) {
                        row.next();
                        claimed.add(new Attachment(id, row.getString(1), row.getLong(2), row.getString(3)));
                    }
                }
                connection.commit();
                return Optional.of(claimed);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                // Back to the pool as it came: the next user of the connection expects each statement committed.
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new FileStoreException(e);
        }
    }

    /**
     * Makes an upload of {@code owner}'s, stored and never sent, the owner's picture, if it is a
     * raster image; within the caller's transaction, which also points the profile at it.
     */
    public AvatarClaim claimAvatar(Connection transaction, String owner, String fileId) throws SQLException {
        try (PreparedStatement select = transaction.prepareStatement("SELECT content_type FROM chat_file"
                + " WHERE id = ? AND owner = ? AND stored_size IS NOT NULL AND conversation IS NULL")) {
            select.setString(1, fileId);
            select.setString(2, owner);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return AvatarClaim.NOT_FOUND;
                }
                if (!ContentTypes.inline(row.getString(1))) {
                    return AvatarClaim.NOT_AN_IMAGE;
                }
            }
        }
        try (PreparedStatement claim = transaction.prepareStatement(
                "UPDATE chat_file SET conversation = ? WHERE id = ? AND conversation IS NULL")) {
            claim.setString(1, AVATAR + owner);
            claim.setString(2, fileId);
            return claim.executeUpdate() == 1 ? AvatarClaim.CLAIMED : AvatarClaim.NOT_FOUND;
        }
    }

    /** The file, when it is someone's picture. */
    public Optional<Attachment> avatar(String fileId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT name, stored_size, content_type"
                        + " FROM chat_file WHERE id = ? AND conversation LIKE '" + AVATAR + "%'")) {
            select.setString(1, fileId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(new Attachment(fileId, row.getString(1), row.getLong(2),
                        row.getString(3))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new FileStoreException(e);
        }
    }

    /** The conversation a file was sent in, if it has been. */
    public Optional<String> conversationOf(String fileId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT conversation FROM chat_file WHERE id = ? AND conversation IS NOT NULL")) {
            select.setString(1, fileId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new FileStoreException(e);
        }
    }

    /** A new ticket for a file that someone who may read it asked for. */
    public Ticket ticket(String fileId, Instant now) {
        String token = token(32);
        Instant expires = now.plus(TICKET_LIFETIME);
        update("INSERT INTO file_ticket (ticket_hash, file_id, expires_at) VALUES (?, ?, ?)", SecretHash.of(token), fileId,
                utc(expires));
        return new Ticket(fileId, token, expires);
    }

    /** The file, when {@code token} is a ticket for it that has not expired. */
    public Optional<Attachment> redeem(String fileId, String token, Instant now) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT f.name, f.stored_size, f.content_type"
                        + " FROM file_ticket t JOIN chat_file f ON f.id = t.file_id"
                        + " WHERE t.ticket_hash = ? AND t.file_id = ? AND t.expires_at > ? AND f.conversation IS NOT NULL")) {
            select.setString(1, SecretHash.of(token));
            select.setString(2, fileId);
            select.setObject(3, utc(now));
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(new Attachment(fileId, row.getString(1), row.getLong(2),
                        row.getString(3))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new FileStoreException(e);
        }
    }

    /**
     * Deletes the files whose message is gone or deleted, those never sent with one within
     * {@code unattachedLifetime} of their upload, pictures no profile shows any more, and expired
     * tickets. Returns how many files went.
     */
    public int sweep(Instant now, Duration unattachedLifetime) {
        List<String> gone = ids("SELECT id FROM chat_file f WHERE (f.message_id IS NULL AND f.created_at < ?"
                + " AND (f.conversation IS NULL OR f.conversation NOT LIKE '" + AVATAR + "%'))"
                + " OR (f.message_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM chat_message m WHERE m.id = f.message_id"
                + " AND m.deleted_at IS NULL))"
                + " OR (f.conversation LIKE '" + AVATAR + "%' AND NOT EXISTS (SELECT 1 FROM user_profile p"
                + " WHERE p.avatar_file = f.id))",
                utc(now.minus(unattachedLifetime)));
        delete(gone);
        update("DELETE FROM file_ticket WHERE expires_at < ?", utc(now));
        return gone.size();
    }

    /** Deletes these files, bytes and all. */
    public void delete(List<String> fileIds) {
        if (fileIds.isEmpty()) {
            return;
        }
        contents.delete(fileIds);
        for (String id : fileIds) {
            update("DELETE FROM file_ticket WHERE file_id = ?", id);
            update("DELETE FROM chat_file WHERE id = ?", id);
        }
    }

    private List<String> ids(String query, Object parameter) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(query)) {
            select.setObject(1, parameter);
            List<String> ids = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new FileStoreException(e);
        }
    }

    private void update(String statement, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(statement)) {
            for (int i = 0; i < parameters.length; i++) {
                update.setObject(i + 1, parameters[i]);
            }
            update.executeUpdate();
        } catch (SQLException e) {
            throw new FileStoreException(e);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static String token(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }
}
