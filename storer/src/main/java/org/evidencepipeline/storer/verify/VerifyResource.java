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
import java.util.regex.Pattern;

/**
 * {@code GET /verify/captures/{id}}, {@code /verify/posts/{postId}}, {@code /verify/collections/{id}},
 * {@code /verify/sha256/{hash}}, {@code /verify/archive}: re-hash stored objects against their provenance, media
 * captures, post versions (the raw item in its fetch WARC and the normalised post), page captures (every artifact,
 * and the WARC against the HTML source) and video captures (every part and the muxed file; {@code captures/{id}} takes
 * a video capture id too). Always 200 with a per-item verdict (OK / MISMATCH / MISSING / INCOMPLETE) unless the
 * archive itself is unreachable (503) or the hash is not a SHA-256 (400). Counts verdicts in
 * {@code storer_verify_items_total{status}} and mismatches in {@code storer_verify_mismatches_total}.
 */
@Path("/verify")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class VerifyResource {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
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

    @RequiresRole(Role.READER)
    @GET
    @Path("sha256/{hash}")
    public Response hash(@PathParam("hash") String sha256) {
        if (!SHA256.matcher(sha256).matches()) {
            return Response.status(400).entity(Map.of("error", "a SHA-256 is 64 lower-case hex digits")).build();
        }
        return run(() -> verifier.hash(sha256));
    }

    /** Every provenance record in the bucket: as long as the archive is large, for a full audit. */
    @RequiresRole(Role.READER)
    @GET
    @Path("archive")
    public Response archive() {
        return run(() -> verifier.archive());
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
