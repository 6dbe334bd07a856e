package org.evidencepipeline.apiauth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The credentials a service's REST API checks, resolved once from {@link ApiAuthConfig} at start-up. Either
 * both role tokens ({@link Tokens}) or, only when told {@code pipeline.api.auth=none}, no check at all
 * ({@link Open}). Anything else (a missing token, a file that cannot be read, both a value and a file, one
 * token for both roles, the removed {@code pipeline.api.token}) is a {@link MissingCredentials} error and the
 * service does not start: an API is never open by accident.
 */
public sealed interface ApiCredentials {

    /** Which role the request may act as, for an endpoint that needs {@code needed} (null: the method declares none). */
    Access check(Role needed, String authorizationHeader);

    /** {@code pipeline.api.auth=none}: every declared endpoint answers anyone (the local demo only). */
    record Open() implements ApiCredentials {
        @Override
        public Access check(Role needed, String authorizationHeader) {
            return needed == null ? new Access.Undeclared() : new Access.Granted();
        }
    }

    record Tokens(ApiToken admin, ApiToken reader) implements ApiCredentials {
        @Override
        public Access check(Role needed, String authorizationHeader) {
            if (needed == null) {
                return new Access.Undeclared();
            }
            String presented = ApiToken.bearer(authorizationHeader).orElse("");
            // Both comparisons always run, so the time taken does not say which role's token was close.
            boolean isAdmin = admin.matches(presented);
            boolean isReader = reader.matches(presented);
            Role held = isAdmin ? Role.ADMIN : isReader ? Role.READER : null;
            if (held == null) {
                return new Access.Unauthenticated();
            }
            return held.grants(needed) ? new Access.Granted() : new Access.Forbidden(held, needed);
        }

        boolean anyShort() {
            return admin.isShort() || reader.isShort();
        }
    }

    /** Why a service refuses to start; the message names settings and paths, never a token. */
    final class MissingCredentials extends IllegalStateException {
        public MissingCredentials(String message) {
            super(message);
        }
    }

    static ApiCredentials resolve(ApiAuthConfig config) {
        if (config.token().isPresent()) {
            throw new MissingCredentials("pipeline.api.token (env PIPELINE_API_TOKEN) is no longer read: the API has two "
                    + "roles now, each with its own token. Set pipeline.api.admin-token and pipeline.api.reader-token (env "
                    + "PIPELINE_API_ADMIN_TOKEN, PIPELINE_API_READER_TOKEN) or their -token-file variants, and remove "
                    + "pipeline.api.token");
        }
        if (config.auth() == ApiAuthConfig.Mode.NONE) {
            return new Open();
        }
        ApiToken admin = token("admin", config.adminToken(), config.adminTokenFile());
        ApiToken reader = token("reader", config.readerToken(), config.readerTokenFile());
        if (admin.sameAs(reader)) {
            throw new MissingCredentials("pipeline.api.admin-token and pipeline.api.reader-token are the same token: "
                    + "give each role its own, or a reader could change collections");
        }
        return new Tokens(admin, reader);
    }

    private static ApiToken token(String role, Optional<String> value, Optional<Path> file) {
        String setting = "pipeline.api." + role + "-token";
        String env = "PIPELINE_API_" + role.toUpperCase(java.util.Locale.ROOT) + "_TOKEN";
        boolean hasValue = value.filter(v -> !v.isBlank()).isPresent();
        if (hasValue && file.isPresent()) {
            throw new MissingCredentials("both " + setting + " and " + setting + "-file are set: set only one");
        }
        if (file.isPresent()) {
            String content;
            try {
                content = Files.readString(file.get());
            } catch (IOException | RuntimeException e) {
                throw new MissingCredentials("cannot read the " + role + " token file " + file.get() + " (" + setting
                        + "-file): " + e.getClass().getSimpleName());
            }
            return ApiToken.of(content).orElseThrow(() ->
                    new MissingCredentials("the " + role + " token file " + file.get() + " (" + setting + "-file) is empty"));
        }
        return value.flatMap(ApiToken::of).orElseThrow(() -> new MissingCredentials("no " + role + " API token: set "
                + setting + " (env " + env + ") or " + setting + "-file (a mounted Secret), or start with "
                + "pipeline.api.auth=none to leave the REST API open to anyone who can reach it (local demo only)"));
    }
}
