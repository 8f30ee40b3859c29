package org.relaychat.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.relaychat.it.FileTransfers.download;
import static org.relaychat.it.FileTransfers.get;
import static org.relaychat.it.FileTransfers.put;
import static org.relaychat.it.FileTransfers.putStream;
import static org.relaychat.it.FileTransfers.roomMessage;
import static org.relaychat.it.FileTransfers.slot;
import static org.relaychat.it.FileTransfers.upload;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Files sent with messages, through the socket and over HTTP against the deployed server: the
 * slot, the upload, the message that carries the file, who may fetch it and how it is served.
 */
class FilesIT extends DeployedServerTest {

    /** A PNG of one pixel. */
    static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");
    private static final int MAX_BYTES = 10 * 1024 * 1024;

    @Test
    void anImageSentToARoomReachesItsMembersWhoFetchItShownInPlace() throws Exception {
        try (ChatClient ana = ChatClient.connect(endpoint(), "file-ana");
                ChatClient ben = ChatClient.connect(endpoint(), "file-ben")) {
            join(ana, "files");
            join(ben, "files");
            String file = upload(ana, endpoint(), "dot.png", PNG);

            roomMessage(ana, "files", "", "with-dot", file);
            JsonObject ack = ana.await(e -> "with-dot".equals(e.getString("ref", null)), "answer to the message");
            assertEquals("ack", ack.getString("event"), ack::toString);
            JsonObject message = ben.await("room_message");
            JsonObject attachment = message.getJsonArray("attachments").getJsonObject(0);
            assertEquals(file, attachment.getString("id"));
            assertEquals("dot.png", attachment.getString("name"));
            assertEquals(PNG.length, attachment.getInt("size"));
            assertEquals("image/png", attachment.getString("type"));

            JsonObject granted = download(ben, file);
            assertEquals("download", granted.getString("event"), granted::toString);
            HttpResponse<byte[]> fetched = get(endpoint(), granted.getString("url"));
            assertEquals(200, fetched.statusCode());
            assertArrayEquals(PNG, fetched.body());
            assertEquals("image/png", fetched.headers().firstValue("Content-Type").orElseThrow());
            assertTrue(fetched.headers().firstValue("Content-Disposition").orElseThrow().startsWith("inline"));
            assertEquals("nosniff", fetched.headers().firstValue("X-Content-Type-Options").orElseThrow());
            assertTrue(fetched.headers().firstValue("Content-Security-Policy").orElseThrow().startsWith("sandbox"));

            // History shows the file as the live event did.
            ben.send("history", "room", "files", "ref", "h");
            JsonObject page = ben.await("history");
            JsonObject stored = page.getJsonArray("messages").getJsonObject(page.getJsonArray("messages").size() - 1);
            assertEquals(file, stored.getJsonArray("attachments").getJsonObject(0).getString("id"));
        }
    }

    @Test
    void htmlAndSvgAreServedAsDownloadsWhateverTheirNameAndClaimedType() throws Exception {
        byte[] html = "<!DOCTYPE html><html><body><script>alert(document.domain)</script></body></html>"
                .getBytes(StandardCharsets.UTF_8);
        byte[] svg = ("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\">"
                + "<circle r=\"4\"/></svg>").getBytes(StandardCharsets.UTF_8);
        try (ChatClient ana = ChatClient.connect(endpoint(), "file-mallory")) {
            join(ana, "files-types");
            for (byte[] bytes : new byte[][] {html, svg}) {
                String file = upload(ana, endpoint(), "harmless.png", bytes);
                roomMessage(ana, "files-types", "look", "m-" + file, file);
                JsonObject sent = ana.await(e -> ("m-" + file).equals(e.getString("ref", null)), "ack");
                assertEquals("ack", sent.getString("event"), sent::toString);

                HttpResponse<byte[]> fetched = get(endpoint(), download(ana, file).getString("url"));
                assertEquals(200, fetched.statusCode());
                String type = fetched.headers().firstValue("Content-Type").orElseThrow();
                assertTrue(type.startsWith(bytes == html ? "text/html" : "image/svg+xml"), type);
                assertTrue(fetched.headers().firstValue("Content-Disposition").orElseThrow().startsWith("attachment"));
                assertEquals("nosniff", fetched.headers().firstValue("X-Content-Type-Options").orElseThrow());
                assertTrue(fetched.headers().firstValue("Content-Security-Policy").orElseThrow().startsWith("sandbox"));
            }
        }
    }

    @Test
    void anUploadOverTheLimitIsRefusedAndNothingOfItIsKept() throws Exception {
        try (ChatClient ana = ChatClient.connect(endpoint(), "file-big")) {
            join(ana, "files-big");
            JsonObject announced = slot(ana, "huge.bin", MAX_BYTES + 1L);
            assertEquals("error", announced.getString("event"));
            assertEquals("too_large", announced.getString("code"));

            // A slot for a small file, then more bytes than the limit, streamed without a length.
            JsonObject slot = slot(ana, "small.bin", 10);
            HttpResponse<String> refused = putStream(endpoint(), slot,
                    () -> new ByteArrayInputStream(new byte[MAX_BYTES + 1]));
            assertEquals(413, refused.statusCode());
            // Nothing was stored: the file cannot be sent.
            roomMessage(ana, "files-big", "", "send-refused", slot.getString("file"));
            JsonObject answer = ana.await(e -> "send-refused".equals(e.getString("ref", null)), "answer");
            assertEquals("not_found", answer.getString("code", null), answer::toString);

            // With a Content-Length over the limit, refused before a byte is read.
            assertEquals(413, FileTransfers.announce(endpoint(), slot(ana, "other.bin", 10), MAX_BYTES + 1L));
        }
    }

    @Test
    void aSlotTakesOneUploadAndAFileGoesWithOneMessage() throws Exception {
        try (ChatClient ana = ChatClient.connect(endpoint(), "file-once");
                ChatClient ben = ChatClient.connect(endpoint(), "file-other")) {
            join(ana, "files-once");
            join(ben, "files-once");
            JsonObject slot = slot(ana, "a.png", PNG.length);
            assertEquals(201, put(endpoint(), slot, PNG).statusCode());
            assertEquals(404, put(endpoint(), slot, PNG).statusCode(), "a used slot");
            String file = slot.getString("file");

            // Not someone else's file, and not twice.
            roomMessage(ben, "files-once", "mine now", "steal", file);
            assertEquals("not_found", ben.await(e -> "steal".equals(e.getString("ref", null)), "answer")
                    .getString("code", null));
            roomMessage(ana, "files-once", "", "first", file);
            assertEquals("ack", ana.await(e -> "first".equals(e.getString("ref", null)), "answer").getString("event"));
            roomMessage(ana, "files-once", "", "again", file);
            assertEquals("not_found", ana.await(e -> "again".equals(e.getString("ref", null)), "answer")
                    .getString("code", null));
        }
    }

    @Test
    void onlyWhoMayReadTheMessageGetsTheFile() throws Exception {
        try (ChatClient ana = ChatClient.connect(endpoint(), "file-owner");
                ChatClient ben = ChatClient.connect(endpoint(), "file-friend");
                ChatClient cy = ChatClient.connect(endpoint(), "file-outsider")) {
            join(ana, "files-closed");
            String inRoom = upload(ana, endpoint(), "room.png", PNG);
            roomMessage(ana, "files-closed", "", "r", inRoom);
            ana.await(e -> "r".equals(e.getString("ref", null)), "ack");
            String direct = upload(ana, endpoint(), "direct.png", PNG);
            ana.sendRaw(Json.createObjectBuilder().add("event", "direct_message").add("to", "file-friend")
                    .add("message", "for you").add("attachments", Json.createArrayBuilder().add(direct))
                    .add("ref", "d").build().toString());
            ana.await(e -> "d".equals(e.getString("ref", null)), "ack");

            assertEquals("not_found", download(cy, inRoom).getString("code", null), "not in the room");
            assertEquals("not_found", download(cy, direct).getString("code", null), "not one of the two");
            assertEquals("download", download(ben, direct).getString("event"), "the addressee");
            assertEquals("not_found", download(ben, inRoom).getString("code", null), "not in the room");
            join(cy, "files-closed");
            assertEquals("download", download(cy, inRoom).getString("event"), "a member now");

            // Over HTTP, without a ticket or with another file's, there is no file.
            String url = download(ana, inRoom).getString("url");
            String path = url.substring(0, url.indexOf('?'));
            assertEquals(404, get(endpoint(), path).statusCode());
            assertEquals(404, get(endpoint(), path + "?ticket=made-up").statusCode());
            String other = download(ana, direct).getString("url");
            assertEquals(404, get(endpoint(), path + other.substring(other.indexOf('?'))).statusCode());
            assertEquals(200, get(endpoint(), url).statusCode());
        }
    }

    @Test
    void anEditKeepsAMessagesFilesAndADeletionTakesThemAway() throws Exception {
        try (ChatClient ana = ChatClient.connect(endpoint(), "file-editor");
                ChatClient ben = ChatClient.connect(endpoint(), "file-reader")) {
            join(ana, "files-changed");
            join(ben, "files-changed");
            String file = upload(ana, endpoint(), "kept.png", PNG);
            roomMessage(ana, "files-changed", "helo", "m", file);
            long id = ana.await(e -> "m".equals(e.getString("ref", null)), "ack").getJsonNumber("id").longValue();

            ana.send("edit_message", "id", id, "message", "hello", "ref", "e");
            ana.await(e -> "e".equals(e.getString("ref", null)), "ack of the edit");
            JsonObject edited = newest(ben, "files-changed");
            assertEquals("hello", edited.getString("message"));
            assertEquals(file, edited.getJsonArray("attachments").getJsonObject(0).getString("id"));
            String url = download(ben, file).getString("url");
            assertEquals(200, get(endpoint(), url).statusCode());

            ana.send("delete_message", "id", id, "ref", "d");
            ana.await(e -> "d".equals(e.getString("ref", null)), "ack of the deletion");
            assertEquals(404, get(endpoint(), url).statusCode(), "a ticket given before the deletion");
            assertEquals("not_found", download(ben, file).getString("code", null));
            JsonObject tombstone = newest(ben, "files-changed");
            assertTrue(tombstone.getBoolean("deleted"));
            assertFalse(tombstone.containsKey("attachments"), "a tombstone carries no files");
        }
    }

    /** The newest message of a room's history, as {@code client} reads it. */
    private static JsonObject newest(ChatClient client, String room) throws Exception {
        client.send("history", "room", room, "limit", 1, "ref", "newest-" + room);
        JsonObject page = client.await(e -> ("newest-" + room).equals(e.getString("ref", null)), "history");
        return page.getJsonArray("messages").getJsonObject(0);
    }

    /** Bytes of {@code size} without holding them: for streamed uploads. */
    static InputStream zeros(long size) {
        return new InputStream() {
            private long left = size;

            @Override
            public int read() {
                return left-- > 0 ? 0 : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, (byte) 0);
                left -= n;
                return n;
            }
        };
    }
}
