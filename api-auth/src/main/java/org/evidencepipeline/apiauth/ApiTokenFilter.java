package org.evidencepipeline.apiauth;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

import java.lang.reflect.Method;

/**
 * Guards every REST resource method of the service by the role in its {@link RequiresRole}: 401 without a
 * valid bearer token, 403 when the token's role does not grant the method's role, and 403 for a method that
 * declares no role (closed by default). Health and metrics ({@code /q/health*}, {@code /q/metrics}) are not
 * REST resources and stay open for probes and Prometheus. The tokens come from {@link ApiAccess}.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class ApiTokenFilter implements ContainerRequestFilter {
    private static final Logger LOG = Logger.getLogger(ApiTokenFilter.class);
    static final String UNAUTHORIZED = "{\"error\":\"unauthorized: send an API token as 'Authorization: Bearer <token>'\"}";

    @Inject
    ApiAccess access;

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        Method method = resource.getResourceMethod();
        RequiresRole declared = method == null ? null : method.getAnnotation(RequiresRole.class);
        Access outcome = access.check(declared == null ? null : declared.value(), request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (outcome instanceof Access.Unauthenticated) {
            request.abortWith(Response.status(Response.Status.UNAUTHORIZED)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"evidence-pipeline\"")
                    .type(MediaType.APPLICATION_JSON_TYPE).entity(UNAUTHORIZED).build());
        } else if (outcome instanceof Access.Forbidden forbidden) {
            request.abortWith(forbidden("forbidden: this endpoint needs the " + lower(forbidden.needed())
                    + " role, the token has the " + lower(forbidden.held()) + " role"));
        } else if (outcome instanceof Access.Undeclared) {
            LOG.errorf("refused a request to %s: the resource method declares no @RequiresRole",
                    method == null ? request.getUriInfo().getPath() : method.getDeclaringClass().getSimpleName() + "." + method.getName());
            request.abortWith(forbidden("forbidden: this endpoint declares no API role"));
        }
    }

    private static String lower(Role role) {
        return role.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static Response forbidden(String message) {
        return Response.status(Response.Status.FORBIDDEN).type(MediaType.APPLICATION_JSON_TYPE)
                .entity("{\"error\":\"" + message + "\"}").build();
    }
}
