package org.relaychat.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import org.relaychat.admin.AdminViews.Announcement;
import org.relaychat.admin.AdminViews.Delivery;
import org.relaychat.config.ChatConfig;
import org.relaychat.rest.ApiJson;

/**
 * The admin API under {@code /api/admin}, for callers in the {@value AdminIdentityStore#ROLE} role
 * ({@code web.xml} holds the constraint; {@link CrossSiteGuard} stands in front of the calls that
 * change state). It only adapts HTTP to {@link ChatAdministration}; lists come in pages
 * ({@link PageRequest}).
 */
@Path("admin")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    static final String DEFAULT_KICK_REASON = "removed by an administrator";
    /** A close frame's reason has at most 123 bytes of UTF-8 (RFC 6455). */
    private static final int MAX_REASON_BYTES = 123;

    @Inject
    ChatAdministration admin;

    @Inject
    ChatConfig config;

    @Context
    HttpServletRequest request;

    @GET
    @Path("stats")
    public Response stats() {
        return json(Response.Status.OK, admin.stats());
    }

    @GET
    @Path("clients")
    public Response clients(@QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        return paged(offset, limit, page -> json(Response.Status.OK, admin.clients(page)));
    }

    /** Closes the client's connection with 1008 and the reason, when one is given. */
    @POST
    @Path("clients/{clientId}/kick")
    public Response kick(@PathParam("clientId") String clientId, @QueryParam("reason") String givenReason) {
        String reason = givenReason == null || givenReason.isBlank() ? DEFAULT_KICK_REASON : givenReason.strip();
        if (reason.getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES) {
            return problem(Response.Status.BAD_REQUEST, "'reason' must fit in " + MAX_REASON_BYTES + " bytes of UTF-8");
        }
        return admin.kick(operator(), clientId, reason) ? Response.noContent().build()
                : problem(Response.Status.NOT_FOUND, "no client '" + clientId + "' is connected");
    }

    @GET
    @Path("rooms")
    public Response rooms(@QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        return paged(offset, limit, page -> json(Response.Status.OK, admin.rooms(page)));
    }

    @GET
    @Path("rooms/{room}")
    public Response room(@PathParam("room") String room, @QueryParam("offset") String offset,
            @QueryParam("limit") String limit) {
        return paged(offset, limit, page -> admin.room(room, page)
                .map(members -> json(Response.Status.OK, members)).orElseGet(() -> noRoom(room)));
    }

    /** Every member leaves the room and gets {@code user_left}. */
    @POST
    @Path("rooms/{room}/close")
    public Response closeRoom(@PathParam("room") String room) {
        OptionalInt left = admin.closeRoom(operator(), room);
        return left.isPresent() ? json(Response.Status.OK, new Delivery(left.getAsInt())) : noRoom(room);
    }

    /** Sends {@code message} to every connected client as a system {@code broadcast}. */
    @POST
    @Path("broadcast")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response broadcast(String body) {
        String message = ApiJson.read(body, Announcement.class).map(Announcement::message).orElse(null);
        int maxChars = config.limits().maxMessageChars();
        if (message == null || message.isBlank() || message.codePointCount(0, message.length()) > maxChars) {
            return problem(Response.Status.BAD_REQUEST, "'message' must have 1 to " + maxChars + " characters");
        }
        return json(Response.Status.OK, new Delivery(admin.broadcast(operator(), message)));
    }

    private Operator operator() {
        return new Operator(request.getRemoteUser(), request.getRemoteAddr());
    }

    private static Response paged(String offset, String limit, Function<PageRequest, Response> answer) {
        Optional<PageRequest> page = PageRequest.parse(offset, limit);
        return page.map(answer).orElseGet(() -> problem(Response.Status.BAD_REQUEST,
                "'offset' must be 0 or more and 'limit' 1 to " + PageRequest.MAX_LIMIT));
    }

    private static Response noRoom(String room) {
        return problem(Response.Status.NOT_FOUND, "no room '" + room + "'");
    }

    private static Response problem(Response.Status status, String error) {
        return ApiJson.problem(status, error);
    }

    private static Response json(Response.Status status, Object body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(ApiJson.write(body)).build();
    }
}
