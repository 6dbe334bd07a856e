package org.evidencepipeline.apiauth;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How the REST API is guarded ({@code pipeline.api.*}; defaults documented in each service's
 * application.properties). Each role's token comes either from a value (env {@code PIPELINE_API_ADMIN_TOKEN},
 * {@code PIPELINE_API_READER_TOKEN}, meant to be filled from a Kubernetes Secret) or from a file (a mounted
 * Secret), never both. Read with {@code @ConfigProperty} in {@link ApiAccess}: a {@code @ConfigMapping} in
 * this plain library jar is not registered by the services' builds.
 *
 * @param auth  {@code token} (default): both role tokens are required to start; {@code none}: no checks, one WARN
 * @param token the single token of earlier versions: no longer read; a service given it refuses to start and says why
 */
public record ApiAuthConfig(Mode auth, Optional<String> adminToken, Optional<Path> adminTokenFile,
                            Optional<String> readerToken, Optional<Path> readerTokenFile, Optional<String> token) {
    public enum Mode {
        TOKEN, NONE
    }
}
