package org.relaychat.files;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.relaychat.rest.ApiJson;

/**
 * {@code /api/files/{id}?ticket=}: a file, for the holder of a ticket that {@code download} gave.
 * Raster images are shown in place; anything else is saved, never shown. Without a valid ticket,
 * 404, whether the file exists or not.
 */
@ApplicationScoped
@Path("files")
public class FilesResource {

    @Inject
    FileCatalog catalog;

    @Inject
    FileContents contents;

    @GET
    @Path("{id}")
    public Response download(@PathParam("id") String id, @QueryParam("ticket") String ticket) {
        Optional<Attachment> file = ticket == null ? Optional.empty() : catalog.redeem(id, ticket, Instant.now());
        if (file.isEmpty()) {
            return ApiJson.problem(Response.Status.NOT_FOUND, "no such file, or the ticket is not valid (any more)");
        }
        Attachment found = file.get();
        StreamingOutput bytes = out -> contents.copy(found.id(), out);
        boolean inline = ContentTypes.inline(found.type());
        // The security headers (nosniff, a sandboxing policy) are set for every file by SecurityHeaders.
        return Response.ok(bytes, found.type())
                .header("Content-Length", found.size())
                .header("Content-Disposition", (inline ? "inline" : "attachment") + "; " + fileName(found.name()))
                .build();
    }

    /** Both forms of the name: plain ASCII for old clients, and the exact name in UTF-8 (RFC 6266). */
    private static String fileName(String name) {
        String ascii = name.replaceAll("[^\\x20-\\x7e]|[\"\\\\]", "_");
        String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        return "filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }
}
