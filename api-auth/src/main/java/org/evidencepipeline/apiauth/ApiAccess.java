package org.evidencepipeline.apiauth;

import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

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

    public ApiAccess(ApiAuthConfig config) {
        ApiCredentials resolved;
        try {
            resolved = ApiCredentials.resolve(config);
        } catch (ApiCredentials.MissingCredentials e) {
            LOG.error("refusing to start: " + e.getMessage());
            throw e;
        }
        this.credentials = resolved;
        if (resolved instanceof ApiCredentials.Tokens tokens) {
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
