package org.evidencepipeline.storer.bag;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.evidencepipeline.archive.StorageException;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/** The HTTP side of a package: 200 and a streamed zip, 404 for nothing to export, 413 over the cap. */
public final class PackageResponses {
    /** A plan, or nothing to export. */
    @FunctionalInterface
    public interface Planned {
        Optional<PackagePlan> plan() throws StorageException, PackageTooLargeException;
    }

    private PackageResponses() {
    }

    public static Response of(PackageExporter exporter, Planned planned, String notFound) throws StorageException {
        Optional<PackagePlan> plan;
        try {
            plan = planned.plan();
        } catch (PackageTooLargeException e) {
            return Response.status(413).type(MediaType.APPLICATION_JSON).entity(Map.of("error", e.getMessage())).build();
        }
        if (plan.isEmpty()) {
            return Response.status(404).type(MediaType.APPLICATION_JSON).entity(Map.of("error", notFound)).build();
        }
        PackagePlan p = plan.get();
        StreamingOutput body = out -> {
            try {
                exporter.write(p, out);
            } catch (StorageException e) {
                throw new IOException("package interrupted: " + e.getMessage(), e);
            }
        };
        String file = p.scope().replaceAll("[^A-Za-z0-9._-]+", "-") + ".zip";
        return Response.ok(body, "application/zip").header("Content-Disposition", "attachment; filename=\"" + file + "\"").build();
    }
}
