package org.evidencepipeline.collector.collection.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.evidencepipeline.apiauth.RequiresRole;
import org.evidencepipeline.apiauth.Role;
import org.evidencepipeline.collector.collection.Collection;
import org.evidencepipeline.collector.collection.CollectionRegistry;
import org.evidencepipeline.collector.collection.InvalidCollectionException;
import org.evidencepipeline.collector.run.CollectionScheduler;
import org.evidencepipeline.collector.run.SourceStatus;
import org.evidencepipeline.collector.run.SourceStatusBoard;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Collections over HTTP: list, read, create, replace and delete, with every validation problem listed
 * in a 400 answer. Changes take effect at once (sources are rescheduled) and last until restart; the
 * YAML file stays the durable declaration.
 */
@Path("/collections")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class CollectionsResource {
    /** The body of every 4xx answer. */
    public record Problem(String error, List<String> problems) {
    }

    /** A collection with how each of its sources is doing. */
    public record CollectionView(Collection collection, Map<String, SourceStatus> sources) {
    }

    @Inject
    CollectionRegistry registry;
    @Inject
    SourceStatusBoard board;
    @Inject
    CollectionScheduler scheduler;
    @Inject
    ObjectMapper mapper;

    @RequiresRole(Role.ADMIN)
    @GET
    public List<Collection> list() {
        return registry.all();
    }

    @RequiresRole(Role.ADMIN)
    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id) {
        return registry.get(id)
                .map(c -> Response.ok(new CollectionView(c, statuses(c))).build())
                .orElseGet(() -> notFound(id));
    }

    @RequiresRole(Role.ADMIN)
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(String body) {
        Collection collection;
        try {
            collection = parse(body);
        } catch (BodyException e) {
            return badRequest(e.getMessage(), List.of());
        }
        if (collection.id() != null && registry.get(collection.id()).isPresent()) {
            return Response.status(Response.Status.CONFLICT)
                    .entity(new Problem("collection '" + collection.id() + "' already exists; PUT /collections/" + collection.id() + " replaces it", List.of()))
                    .build();
        }
        return put(collection, Response.status(Response.Status.CREATED));
    }

    @RequiresRole(Role.ADMIN)
    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response replace(@PathParam("id") String id, String body) {
        Collection collection;
        try {
            collection = parse(body);
        } catch (BodyException e) {
            return badRequest(e.getMessage(), List.of());
        }
        if (!id.equals(collection.id())) {
            return badRequest("the id in the path (" + id + ") and in the body (" + collection.id() + ") differ", List.of());
        }
        return put(collection, Response.ok());
    }

    @RequiresRole(Role.ADMIN)
    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        return registry.remove(id) ? Response.noContent().build() : notFound(id);
    }

    @RequiresRole(Role.ADMIN)
    @POST
    @Path("{id}/poll")
    public Response pollNow(@PathParam("id") String id) throws InterruptedException {
        var collection = registry.get(id);
        if (collection.isEmpty()) {
            return notFound(id);
        }
        for (var source : collection.get().sources()) {
            scheduler.pollNow(source.id());
        }
        return Response.ok(new CollectionView(collection.get(), statuses(collection.get()))).build();
    }

    /**
     * Parsed here rather than by the framework so that a syntax error, a wrong type or a misspelt field
     * comes back as a 400 naming the problem.
     */
    private Collection parse(String body) throws BodyException {
        if (body == null || body.isBlank()) {
            throw new BodyException("request body must be a collection (JSON object)");
        }
        try {
            Collection c = mapper.readerFor(Collection.class)
                    .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(body);
            if (c == null) {
                throw new BodyException("request body must be a collection (JSON object)");
            }
            return c;
        } catch (JsonProcessingException e) {
            throw new BodyException("request body is not a valid collection: " + e.getOriginalMessage());
        }
    }

    private static final class BodyException extends Exception {
        BodyException(String message) {
            super(message);
        }
    }

    private Response put(Collection collection, Response.ResponseBuilder success) {
        try {
            registry.put(collection);
            // Only a validated id reaches the Location header, so it is always a safe path segment.
            return success.entity(collection).location(URI.create("/collections/" + collection.id())).build();
        } catch (InvalidCollectionException e) {
            return badRequest("invalid collection", e.problems());
        }
    }

    private Map<String, SourceStatus> statuses(Collection c) {
        Map<String, SourceStatus> out = new java.util.LinkedHashMap<>();
        c.sources().forEach(s -> out.put(s.id(), board.get(s.id())));
        return out;
    }

    private static Response badRequest(String error, List<String> problems) {
        return Response.status(Response.Status.BAD_REQUEST).entity(new Problem(error, problems)).build();
    }

    private static Response notFound(String id) {
        return Response.status(Response.Status.NOT_FOUND).entity(new Problem("no collection '" + id + "'", List.of())).build();
    }
}
