package org.relaychat.chat;

import org.relaychat.config.FileLimits;
import org.relaychat.files.FileCatalog;

/**
 * What the socket commands about files need: the catalog and the limits. {@link #NONE} is a
 * server without files: every command about them is answered {@code unavailable}.
 */
public record FileAccess(FileCatalog catalog, FileLimits limits) {

    public static final FileAccess NONE = new FileAccess(null, null);

    boolean available() {
        return catalog != null;
    }
}
