package org.evidencepipeline.apiauth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How the REST API is guarded (defaults documented in each service's application.properties). Each role's
 * token comes either from a value (env {@code PIPELINE_API_ADMIN_TOKEN}, {@code PIPELINE_API_READER_TOKEN},
 * meant to be filled from a Kubernetes Secret) or from a file (a mounted Secret), never both.
 */
@ConfigMapping(prefix = "pipeline.api")
public interface ApiAuthConfig {
    /** {@code token} (default): both role tokens are required to start. {@code none}: no checks, one WARN. */
    @WithDefault("token")
    Mode auth();

    Optional<String> adminToken();

    Optional<Path> adminTokenFile();

    Optional<String> readerToken();

    Optional<Path> readerTokenFile();

    /** The single token of earlier versions: no longer read; a service given it refuses to start and says why. */
    Optional<String> token();

    enum Mode {
        TOKEN, NONE
    }
}
