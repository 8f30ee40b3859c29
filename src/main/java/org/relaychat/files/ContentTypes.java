package org.relaychat.files;

import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import org.apache.tika.Tika;

/**
 * The type of a file, read from its first bytes (Apache Tika's magic numbers), never from the
 * name or the type the client claimed; and which types a browser may show in place.
 */
public final class ContentTypes {

    /** Raster images only: a browser shows them without running anything they hold. */
    private static final Set<String> INLINE = Set.of("image/png", "image/jpeg", "image/gif", "image/webp");
    private static final Tika TIKA = new Tika();

    private ContentTypes() {
    }

    /**
     * The type of the bytes {@code in} starts with. {@code in} must support mark and reset: it is
     * left where it was, so the same stream can then be stored.
     */
    public static String detect(InputStream in) throws IOException {
        return TIKA.detect(in);
    }

    /** Whether a download of this type is shown in the browser rather than saved. */
    public static boolean inline(String type) {
        return INLINE.contains(type);
    }
}
