package org.relaychat.files;

/** The database behind the files failed; the caller answers "unavailable", never with its details. */
public class FileStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FileStoreException(Throwable cause) {
        super("the file store failed", cause);
    }
}
