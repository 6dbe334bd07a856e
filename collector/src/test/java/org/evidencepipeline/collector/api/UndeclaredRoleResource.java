package org.evidencepipeline.collector.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/**
 * A test-only endpoint that forgot its {@code @RequiresRole}, as a new endpoint might: the filter must refuse
 * it to everyone (ApiRolesTest).
 */
@Path("/test-only/undeclared")
public class UndeclaredRoleResource {
    @GET
    public String undeclared() {
        return "must never be reached";
    }
}
