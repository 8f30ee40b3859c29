package org.relaychat.files;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.Optional;
import org.relaychat.rest.ApiJson;

/**
 * {@code /api/avatars/{id}}: a user's picture, for anyone with its address, which shows wherever the
 * user does. A picture's bytes never change (a new picture is a new file), so browsers may keep it.
 * Only raster images become pictures, and they are served like any file: with nosniff and a
 * sandboxing policy (see SecurityHeaders).
 */
@ApplicationScoped
@Path("avatars")
public class AvatarsResource {

    private static final String KEEP_FOR_A_YEAR = "public, max-age=31536000, immutable";

    @Inject
    FileCatalog catalog;

    @Inject
    FileContents contents;

    @GET
    @Path("{id}")
    public Response avatar(@PathParam("id") String id) {
        Optional<Attachment> picture = catalog.avatar(id);
        if (picture.isEmpty()) {
            return ApiJson.problem(Response.Status.NOT_FOUND, "no such picture");
        }
        Attachment found = picture.get();
        StreamingOutput bytes = out -> contents.copy(found.id(), out);
        return Response.ok(bytes, found.type())
                .header("Content-Length", found.size())
                .header("Content-Disposition", "inline")
                .header("Cache-Control", KEEP_FOR_A_YEAR)
                .build();
    }
}
