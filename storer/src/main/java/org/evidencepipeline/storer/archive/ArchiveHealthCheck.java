package org.evidencepipeline.storer.archive;

import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.archive.StorageException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the archive bucket is reachable: a storer that cannot write should not take work. */
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
