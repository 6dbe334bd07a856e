package org.evidencepipeline.collector.source;

import org.evidencepipeline.collector.http.FetchException;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * An API token named by the {@code token-env} param: the YAML names an environment variable, never the
 * token itself, so collection files can be shared and committed without secrets.
 */
public final class BearerToken {
    public static final String PARAM = "token-env";

    private BearerToken() {
    }

    /**
     * The Authorization header to send: none when no variable is named; a failed poll when one is named but
     * unset, because quietly falling back to anonymous access would collect less than the researcher asked for.
     */
    public static Map<String, String> header(String envName, Function<String, String> env, String sourceId) throws FetchException {
        if (envName == null) {
            return Map.of();
        }
        String token = env.apply(envName);
        if (token == null || token.isBlank()) {
            throw new FetchException("source '" + sourceId + "': environment variable " + envName
                    + " (param " + PARAM + ") is not set", (Duration) null);
        }
        return Map.of("Authorization", "Bearer " + token.strip());
    }
}
