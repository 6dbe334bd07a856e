package org.evidencepipeline.apiauth;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.Optional;

/** Says once at start-up when the REST API is open to anyone who can reach it, or guarded by a short token. */
@ApplicationScoped
public class ApiTokenStartupCheck {
    private static final Logger LOG = Logger.getLogger(ApiTokenStartupCheck.class);

    @ConfigProperty(name = "pipeline.api.token")
    Optional<String> configured;

    void onStart(@Observes StartupEvent event) {
        ApiToken token = ApiToken.of(configured);
        if (token.isOpen()) {
            LOG.warn("the REST API is open: no pipeline.api.token (env PIPELINE_API_TOKEN) is set, so anyone who can "
                    + "reach this port can use it; health and metrics are open either way");
        } else if (token.isShort()) {
            LOG.warnf("pipeline.api.token is shorter than %d characters; use a long random token", ApiToken.RECOMMENDED_MIN_LENGTH);
        } else {
            LOG.info("the REST API requires the bearer token in pipeline.api.token");
        }
    }
}
