package org.relaychat.files;

/**
 * A file as messages show it: its id (to ask for a download with), the name it was uploaded
 * under, its length in bytes and the content type read from its bytes.
 */
public record Attachment(String id, String name, long size, String type) {
}
