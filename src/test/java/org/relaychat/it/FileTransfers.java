package org.relaychat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * What a client does to send and fetch files: ask the socket for an upload slot, send the bytes
 * over HTTP, name the file in a message, ask for a download address and fetch it. Addresses are
 * resolved against the server the socket belongs to.
 */
final class FileTransfers {

    /** HTTP/1.1 as browsers speak it to a plain-http server: no attempt to upgrade to h2c. */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private FileTransfers() {
    }

    /** The server's HTTP root for a socket endpoint {@code ws://host:port/.../ws}. */
    static URI httpBase(URI endpoint) {
        return URI.create(endpoint.toString().replaceFirst("^ws", "http").replaceFirst("/ws$", "/"));
    }

    /** Asks for a slot for {@code name} of {@code size} bytes and returns the {@code upload_slot} event. */
    static JsonObject slot(ChatClient client, String name, long size) throws Exception {
        client.send("upload", "name", name, "size", size, "ref", "slot-" + name);
        return client.await(e -> ("slot-" + name).equals(e.getString("ref", null)), "answer to upload " + name);
    }

    /** Sends {@code bytes} to the slot's address with PUT and returns the response. */
    static HttpResponse<String> put(URI endpoint, JsonObject slot, byte[] bytes) throws Exception {
        return HTTP.send(request(endpoint, slot).PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Announces a body of {@code length} bytes to the slot's address and sends none of it: the
     * status of a server that answers from the headers alone.
     */
    static int announce(URI endpoint, JsonObject slot, long length) throws Exception {
        URI url = httpBase(endpoint).resolve(slot.getString("url"));
        return RawHttp.send(url, null, "PUT " + url.getRawPath() + " HTTP/1.1\r\nHost: " + url.getHost() + ":"
                + url.getPort() + "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + length + "\r\n")
                .status();
    }

    /** Sends a stream of unknown length (chunked, no Content-Length) to the slot's address, as a browser would. */
    static HttpResponse<String> putStream(URI endpoint, JsonObject slot, Supplier<InputStream> bytes) throws Exception {
        return HTTP.send(request(endpoint, slot).PUT(HttpRequest.BodyPublishers.ofInputStream(bytes)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(URI endpoint, JsonObject slot) {
        return HttpRequest.newBuilder(httpBase(endpoint).resolve(slot.getString("url"))).timeout(Duration.ofMinutes(5));
    }

    /** Uploads {@code bytes} as {@code name} and returns the new file's id. */
    static String upload(ChatClient client, URI endpoint, String name, byte[] bytes) throws Exception {
        JsonObject slot = slot(client, name, bytes.length);
        assertEquals("upload_slot", slot.getString("event"), slot::toString);
        HttpResponse<String> stored = put(endpoint, slot, bytes);
        assertEquals(201, stored.statusCode(), stored::body);
        return slot.getString("file");
    }

    /** Sends a room message carrying {@code fileIds}, with a ref. */
    static void roomMessage(ChatClient client, String room, String text, String ref, String... fileIds)
            throws Exception {
        JsonArrayBuilder files = Json.createArrayBuilder();
        for (String id : fileIds) {
            files.add(id);
        }
        client.sendRaw(Json.createObjectBuilder().add("event", "room_message").add("room", room).add("message", text)
                .add("attachments", files).add("ref", ref).build().toString());
    }

    /** Asks for a file and returns the answer: {@code download} or {@code error}. */
    static JsonObject download(ChatClient client, String fileId) throws Exception {
        client.send("download", "file", fileId, "ref", "get-" + fileId);
        return client.await(e -> ("get-" + fileId).equals(e.getString("ref", null)), "answer to download");
    }

    /** Fetches a path (a download's {@code url}, or any other) from the server. */
    static HttpResponse<byte[]> get(URI endpoint, String path) throws Exception {
        return HTTP.send(fetch(endpoint, path), HttpResponse.BodyHandlers.ofByteArray());
    }

    static HttpResponse<InputStream> getStream(URI endpoint, String path) throws Exception {
        return HTTP.send(fetch(endpoint, path), HttpResponse.BodyHandlers.ofInputStream());
    }

    private static HttpRequest fetch(URI endpoint, String path) {
        return HttpRequest.newBuilder(httpBase(endpoint).resolve(path)).timeout(Duration.ofMinutes(5)).build();
    }

    static JsonObject json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
