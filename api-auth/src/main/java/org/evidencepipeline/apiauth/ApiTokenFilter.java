package org.evidencepipeline.apiauth;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/**
 * Guards every REST endpoint of the service ({@code /collections*}, {@code /feeds/*}, {@code /verify/*},
 * {@code /archive/*}) with the bearer token in {@code pipeline.api.token} (env {@code PIPELINE_API_TOKEN}).
 * A request without the right {@code Authorization: Bearer <token>} gets 401 with a JSON error. Health and
 * metrics ({@code /q/health*}, {@code /q/metrics}) are not REST resources and stay open for probes and
 * Prometheus. Without a token the API is open (one WARN at start-up, see {@link ApiTokenStartupCheck}).
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class ApiTokenFilter implements ContainerRequestFilter {
    static final String UNAUTHORIZED = "{\"error\":\"unauthorized: send the API token as 'Authorization: Bearer <token>'\"}";

    private final ApiToken token;

    public ApiTokenFilter(@ConfigProperty(name = "pipeline.api.token") Optional<String> configured) {
        this.token = ApiToken.of(configured);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!token.permits(request.getHeaderString(HttpHeaders.AUTHORIZATION))) {
            request.abortWith(Response.status(Response.Status.UNAUTHORIZED)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"evidence-pipeline\"")
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(UNAUTHORIZED)
                    .build());
        }
    }
}
