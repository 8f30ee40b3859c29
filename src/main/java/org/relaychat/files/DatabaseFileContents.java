package org.relaychat.files;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collection;
import javax.sql.DataSource;

/**
 * File bytes in the default datasource, in rows of at most {@value #CHUNK_BYTES} bytes, so that
 * every node of a cluster serves every file and no write or read holds more than one chunk. A
 * file's chunks are written in one transaction: a body that turns out too long, or breaks off,
 * leaves nothing behind.
 */
@ApplicationScoped
public class DatabaseFileContents implements FileContents {

    static final int CHUNK_BYTES = 256 * 1024;

    @Resource(lookup = "java:comp/DefaultDataSource")
    DataSource dataSource;

    /**
     * Creates the bean while the application starts, in its naming context: its first use may
     * come from a database thread serving a socket's frame, where WildFly has no {@code java:comp}
     * of the application to inject the datasource from.
     */
    void createAtStart(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        // nothing to do: being called created the bean
    }

    @Override
    public long write(String fileId, InputStream bytes, long maxBytes) throws IOException, TooLarge {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO chat_file_chunk (file_id, seq, data) VALUES (?, ?, ?)")) {
                byte[] chunk = new byte[CHUNK_BYTES];
                long total = 0;
                int seq = 0;
                int filled;
                while ((filled = bytes.readNBytes(chunk, 0, chunk.length)) > 0) {
                    total += filled;
                    if (total > maxBytes) {
                        throw new TooLarge(maxBytes);
                    }
                    insert.setString(1, fileId);
                    insert.setInt(2, seq++);
                    insert.setBytes(3, filled == chunk.length ? chunk : Arrays.copyOf(chunk, filled));
                    insert.executeUpdate();
                }
                connection.commit();
                return total;
            } catch (IOException | TooLarge | SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                // Back to the pool as it came: the next user of the connection expects each statement committed.
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IOException("the file could not be stored", e);
        }
    }

    @Override
    public void copy(String fileId, OutputStream out) throws IOException {
        // One chunk per query: a result set of a whole file may be fetched at once by the driver.
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT data FROM chat_file_chunk WHERE file_id = ? AND seq = ?")) {
            select.setString(1, fileId);
            for (int seq = 0;; seq++) {
                select.setInt(2, seq);
                try (ResultSet chunk = select.executeQuery()) {
                    if (!chunk.next()) {
                        return;
                    }
                    out.write(chunk.getBytes(1));
                }
            }
        } catch (SQLException e) {
            throw new IOException("the file could not be read", e);
        }
    }

    @Override
    public void delete(Collection<String> fileIds) {
        if (fileIds.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("DELETE FROM chat_file_chunk WHERE file_id = ?")) {
            for (String id : fileIds) {
                delete.setString(1, id);
                delete.addBatch();
            }
            delete.executeBatch();
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException("file contents could not be deleted", e));
        }
    }
}
