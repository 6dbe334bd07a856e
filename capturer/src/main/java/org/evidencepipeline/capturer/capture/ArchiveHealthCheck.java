package org.evidencepipeline.capturer.capture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.archive.StorageException;

/** Ready only while the archive bucket is reachable: a capturer that cannot store should not take pages. */
@Readiness
@ApplicationScoped
public class ArchiveHealthCheck implements HealthCheck {
    @Inject
    ArchiveStore store;

    @Override
    public HealthCheckResponse call() {
        try {
            store.ensureBucket();
            return HealthCheckResponse.named("archive-bucket").up().withData("bucket", store.bucket()).build();
        } catch (StorageException e) {
            return HealthCheckResponse.named("archive-bucket").down().withData("bucket", store.bucket())
                    .withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
