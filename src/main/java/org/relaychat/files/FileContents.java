package org.relaychat.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Collection;

/**
 * Where the bytes of files are kept, apart from what is known of them ({@link FileCatalog}): the
 * database by default ({@link DatabaseFileContents}); a filesystem or an object store could take
 * its place. Implementations stream: neither a write nor a read holds a whole file in memory.
 */
public interface FileContents {

    /**
     * Stores everything {@code bytes} gives under {@code fileId} and returns its length; when it
     * gives more than {@code maxBytes}, stores nothing and throws {@link TooLarge}.
     */
    long write(String fileId, InputStream bytes, long maxBytes) throws IOException, TooLarge;

    /** Copies the stored bytes of {@code fileId} to {@code out}, in order. */
    void copy(String fileId, OutputStream out) throws IOException;

    /** Forgets the bytes of these files. */
    void delete(Collection<String> fileIds);

    /** A body longer than the limit; nothing of it was kept. */
    final class TooLarge extends Exception {
        private static final long serialVersionUID = 1L;

        public TooLarge(long maxBytes) {
            super("larger than " + maxBytes + " bytes");
        }
    }
}
