package org.evidencepipeline.storer.verify;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.evidencepipeline.apiauth.RequiresRole;
import org.evidencepipeline.apiauth.Role;
import org.evidencepipeline.archive.StorageException;

import java.util.Map;

/**
 * {@code GET /verify/captures/{id}}, {@code /verify/posts/{postId}}, {@code /verify/collections/{id}}:
 * re-hash stored objects against their provenance. Always 200 with a per-item verdict (OK / MISMATCH /
 * MISSING) unless the archive itself is unreachable (503). Counts verdicts in
 * {@code storer_verify_items_total{status}} and mismatches in {@code storer_verify_mismatches_total}.
 */
@Path("/verify")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class VerifyResource {
    @Inject
    Verifier verifier;
    @Inject
    MeterRegistry metrics;

    @RequiresRole(Role.READER)
    @GET
    @Path("captures/{id}")
    public Response capture(@PathParam("id") String captureId) {
        return run(() -> verifier.capture(captureId));
    }

    @RequiresRole(Role.READER)
    @GET
    @Path("posts/{postId}")
    public Response post(@PathParam("postId") String postId) {
        return run(() -> verifier.post(postId));
    }

    @RequiresRole(Role.READER)
    @GET
    @Path("collections/{id}")
    public Response collection(@PathParam("id") String collectionId) {
        return run(() -> verifier.collection(collectionId));
    }

    private interface Check {
        VerifyReport run() throws StorageException;
    }

    private Response run(Check check) {
        try {
            VerifyReport report = check.run();
            report.totals().forEach((status, n) -> metrics.counter("storer.verify.items", "status", status.name()).increment(n));
            metrics.counter("storer.verify.mismatches").increment(report.totals().get(VerifyStatus.MISMATCH));
            return Response.ok(report).build();
        } catch (StorageException e) {
            return Response.status(Response.Status.SERVICE_UNAVAILABLE).entity(Map.of("error", e.getMessage())).build();
        }
    }
}
