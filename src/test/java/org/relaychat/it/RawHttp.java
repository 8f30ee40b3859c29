package org.relaychat.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP/1.1 request written by hand on a fresh socket, for what {@code HttpClient} will not
 * send: a forged {@code Host}, a WebSocket upgrade, a chosen source address.
 */
final class RawHttp {

    /** The status line's code, the headers (names lower case; the last value of each) and the body. */
    record Response(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawHttp() {
    }

    /**
     * Sends {@code head} (request line and headers, without the closing blank line) from
     * {@code from} (null: any local address) to the server of {@code server} and reads the answer.
     * The server is asked to close the connection unless {@code head} says otherwise (an upgrade);
     * an upgrade's answer ends with its headers, another's with its length or the close.
     */
    static Response send(URI server, InetAddress from, String head) throws IOException {
        try (Socket socket = new Socket()) {
            socket.setSoTimeout((int) ChatClient.TIMEOUT.toMillis());
            if (from != null) {
                socket.bind(new InetSocketAddress(from, 0));
            }
            socket.connect(new InetSocketAddress(server.getHost(), server.getPort()));
            String connection = head.contains("\r\nConnection:") ? "" : "Connection: close\r\n";
            socket.getOutputStream().write((head + connection + "\r\n").getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            return read(socket.getInputStream());
        }
    }

    private static Response read(InputStream in) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        int c;
        int headEnd = -1;
        while (headEnd < 0 && (c = in.read()) != -1) {
            received.write(c);
            String sofar = received.toString(StandardCharsets.ISO_8859_1);
            if (sofar.endsWith("\r\n\r\n")) {
                headEnd = sofar.length();
            }
        }
        String[] lines = received.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
            }
        }
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        String length = headers.get("content-length");
        byte[] body = status == 101 ? new byte[0]
                : length != null ? in.readNBytes(Integer.parseInt(length)) : in.readAllBytes();
        return new Response(status, headers, new String("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))
                ? dechunked(body) : body, StandardCharsets.UTF_8));
    }

    /** A chunked body's chunks, joined. */
    private static byte[] dechunked(byte[] body) {
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        int at = 0;
        while (at < body.length) {
            int lineEnd = at;
            while (lineEnd + 1 < body.length && !(body[lineEnd] == '\r' && body[lineEnd + 1] == '\n')) {
                lineEnd++;
            }
            String sizeLine = new String(body, at, lineEnd - at, StandardCharsets.ISO_8859_1);
            int size = Integer.parseInt(sizeLine.split(";")[0].strip(), 16);
            at = lineEnd + 2;
            if (size == 0) {
                break;
            }
            joined.write(body, at, size);
            at += size + 2;
        }
        return joined.toByteArray();
    }
}
