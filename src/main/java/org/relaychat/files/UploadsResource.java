package org.relaychat.files;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.relaychat.config.ChatConfig;
import org.relaychat.config.FileLimits;
import org.relaychat.rest.ApiJson;

/**
 * {@code /api/uploads/{token}}: {@code PUT} (or {@code POST}) of a file's raw bytes to the address
 * of its upload slot stores them, streamed in chunks, once, and answers 201 with what was stored.
 * 404 for an unknown, used or expired slot; 413 for a body over the limit, of which nothing is kept.
 */
@ApplicationScoped
@Path("uploads")
public class UploadsResource {

    private static final Logger LOG = Logger.getLogger(UploadsResource.class.getName());
    /** How many of a file's first bytes its type is read from. */
    private static final int SNIFF_BYTES = 64 * 1024;

    @Inject
    FileCatalog catalog;

    @Inject
    FileContents contents;

    @Inject
    ChatConfig config;

    @PUT
    @Path("{token}")
    @Consumes(MediaType.WILDCARD)
    public Response put(@PathParam("token") String token, @HeaderParam("Content-Length") Long length,
            InputStream body) {
        return upload(token, length, body);
    }

    @POST
    @Path("{token}")
    @Consumes(MediaType.WILDCARD)
    public Response post(@PathParam("token") String token, @HeaderParam("Content-Length") Long length,
            InputStream body) {
        return upload(token, length, body);
    }

    private Response upload(String token, Long length, InputStream body) {
        FileLimits limits = config.fileLimits();
        if (length != null && length > limits.maxBytes()) {
            // Refused before a byte is read, and before the slot is used: it can take a smaller file.
            return tooLarge(limits);
        }
        Optional<FileCatalog.Upload> slot = catalog.takeSlot(token, Instant.now());
        if (slot.isEmpty()) {
            return ApiJson.problem(Response.Status.NOT_FOUND, "no upload slot here: unknown, used or expired");
        }
        FileCatalog.Upload upload = slot.get();
        try {
            InputStream bytes = new BufferedInputStream(body, SNIFF_BYTES);
            String type = ContentTypes.detect(bytes);
            long size = contents.write(upload.fileId(), bytes, limits.maxBytes());
            Attachment stored = catalog.stored(upload, size, type);
            return Response.status(Response.Status.CREATED).type(MediaType.APPLICATION_JSON)
                    .entity(Json.createObjectBuilder().add("file", stored.id()).add("name", stored.name())
                            .add("size", stored.size()).add("type", stored.type()).build().toString())
                    .build();
        } catch (FileContents.TooLarge tooLarge) {
            catalog.delete(List.of(upload.fileId()));
            return tooLarge(limits);
        } catch (IOException broken) {
            // The client went away, or the database failed: nothing of the file is kept.
            LOG.log(Level.FINE, "An upload broke off", broken);
            catalog.delete(List.of(upload.fileId()));
            return ApiJson.problem(Response.Status.BAD_REQUEST, "the upload broke off; nothing was kept");
        }
    }

    private static Response tooLarge(FileLimits limits) {
        return ApiJson.problem(Response.Status.REQUEST_ENTITY_TOO_LARGE,
                "larger than " + limits.maxBytes() + " bytes; nothing was kept");
    }
}
