package org.evidencepipeline.apiauth;

import io.quarkus.runtime.Startup;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The service's resolved {@link ApiCredentials}, built eagerly at start-up: without credentials (and without
 * {@code pipeline.api.auth=none}) the constructor throws and Quarkus does not start, so the API is never open
 * by accident. {@code auth=none} starts with one WARN.
 */
@Startup
@Singleton
public class ApiAccess {
    private static final Logger LOG = Logger.getLogger(ApiAccess.class);
    static final String OPEN_WARNING = "pipeline.api.auth=none: the REST API is open to anyone who can reach this port "
            + "(no admin or reader token is checked); use this for the local demo only";

    private final ApiCredentials credentials;

    @Inject
    public ApiAccess(@ConfigProperty(name = "pipeline.api.auth", defaultValue = "token") String auth,
                     @ConfigProperty(name = "pipeline.api.admin-token") Optional<String> adminToken,
                     @ConfigProperty(name = "pipeline.api.admin-token-file") Optional<String> adminTokenFile,
                     @ConfigProperty(name = "pipeline.api.reader-token") Optional<String> readerToken,
                     @ConfigProperty(name = "pipeline.api.reader-token-file") Optional<String> readerTokenFile,
                     @ConfigProperty(name = "pipeline.api.token") Optional<String> legacyToken) {
        this(new ApiAuthConfig(mode(auth), adminToken, adminTokenFile.filter(f -> !f.isBlank()).map(Path::of), readerToken,
                readerTokenFile.filter(f -> !f.isBlank()).map(Path::of), legacyToken));
    }

    private static ApiAuthConfig.Mode mode(String auth) {
        return switch (auth.strip().toLowerCase(Locale.ROOT)) {
            case "token" -> ApiAuthConfig.Mode.TOKEN;
            case "none" -> ApiAuthConfig.Mode.NONE;
            default -> throw new ApiCredentials.MissingCredentials("pipeline.api.auth must be 'token' (default) or 'none'");
        };
    }

    ApiAccess(ApiAuthConfig config) {
        ApiCredentials resolved;
        try {
            resolved = ApiCredentials.resolve(config);
        } catch (ApiCredentials.MissingCredentials e) {
            LOG.error("refusing to start: " + e.getMessage());
            throw e;
        }
        this.credentials = resolved;
    }

    /** Says once how the API is guarded (after the eager construction above, with the application's other start-up lines). */
    void onStart(@Observes StartupEvent event) {
        if (credentials instanceof ApiCredentials.Tokens tokens) {
            if (tokens.anyShort()) {
                LOG.warnf("an API token is shorter than %d characters; use long random tokens", ApiToken.RECOMMENDED_MIN_LENGTH);
            }
            LOG.info("the REST API requires a bearer token: the admin token for collections, the reader (or admin) "
                    + "token for feeds, archive and verify; health and metrics are open");
        } else {
            LOG.warn(OPEN_WARNING);
        }
    }

    public Access check(Role needed, String authorizationHeader) {
        return credentials.check(needed, authorizationHeader);
    }
}
