package org.evidencepipeline.storer.archive;


import org.evidencepipeline.archive.StorageException;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Map;

/** An unreachable archive is a 503 that says so, not an anonymous 500. */
public class StorageUnavailableMapper {
    @ServerExceptionMapper
    public Response unavailable(StorageException e) {
        return Response.status(Response.Status.SERVICE_UNAVAILABLE).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", "archive unavailable: " + e.getMessage())).build();
    }
}
