package org.evidencepipeline.collector.source;

import org.evidencepipeline.collector.http.FetchException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * A source's API token, named by a param and never written in the YAML itself, so collection files can be shared
 * and committed without secrets. Whoever may POST a collection chooses the name, so it may only point at what an
 * operator set aside for tokens: an environment variable whose name starts with {@value #ENV_PREFIX}
 * ({@code token-env}), or a plain file name inside the secrets directory ({@code token-file}, e.g. a mounted
 * Kubernetes Secret). Anything else (the Kafka JAAS config, {@code ../etc/passwd}) is refused at validation.
 * Problems name the rule, never the value. The fetcher then sends the token only to the source's own origin.
 */
public final class BearerToken {
    public static final String PARAM = "token-env";
    public static final String FILE_PARAM = "token-file";
    public static final String ENV_PREFIX = "COLLECTOR_TOKEN_";
    /** A token file larger than this is not a token. */
    private static final long MAX_FILE_BYTES = 16 * 1024;

    /** Which token a source names: at most one of the two is set; both null for anonymous access. */
    public record Ref(String env, String file) {
        public static final Ref NONE = new Ref(null, null);
    }

    private final Function<String, String> env;
    private final Path secretsDir;

    /** @param secretsDir the directory {@code token-file} names a file in; null when none is configured */
    public BearerToken(Function<String, String> env, Path secretsDir) {
        this.env = env;
        this.secretsDir = secretsDir;
    }

    /** Reads and checks the token params of a source; every violation becomes a problem of the reader. */
    public static Ref read(ParamReader r) {
        String envName = r.optional(PARAM);
        String file = r.optional(FILE_PARAM);
        if (envName != null && file != null) {
            r.problem("params '" + PARAM + "' and '" + FILE_PARAM + "' are exclusive: name one token");
        }
        if (envName != null && !validEnvName(envName)) {
            r.problem("param '" + PARAM + "' must name an environment variable starting with " + ENV_PREFIX
                    + " (upper-case letters, digits and '_'); other variables are never read");
            envName = null;
        }
        if (file != null && !validFileName(file)) {
            r.problem("param '" + FILE_PARAM + "' must be a plain file name in the collector's secrets directory"
                    + " (letters, digits, '.', '_', '-'; no path separators, no '..', not starting with '.')");
            file = null;
        }
        return new Ref(envName, file);
    }

    static boolean validEnvName(String name) {
        return name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length() && name.matches("[A-Z0-9_]+");
    }

    static boolean validFileName(String name) {
        return name.matches("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}") && !name.contains("..");
    }

    /**
     * The Authorization header to send: none when no token is named; a failed poll when one is named but unset
     * or unreadable, because quietly falling back to anonymous access would collect less than the researcher
     * asked for. The rules are checked again here: a source must never get past them, whatever path it came by.
     */
    public Map<String, String> header(Ref ref, String sourceId) throws FetchException {
        if (ref == null || (ref.env() == null && ref.file() == null)) {
            return Map.of();
        }
        String token = ref.env() != null ? fromEnv(ref.env(), sourceId) : fromFile(ref.file(), sourceId);
        if (token == null || token.isBlank()) {
            // The name passed the rules above, so it is safe to show; the value never is.
            throw new FetchException("source '" + sourceId + "': " + (ref.env() != null ? "environment variable " + ref.env()
                    + " (param " + PARAM + ")" : "token file " + ref.file() + " (param " + FILE_PARAM + ")")
                    + " is not set or empty", (Duration) null);
        }
        return Map.of("Authorization", "Bearer " + token.strip());
    }

    private String fromEnv(String name, String sourceId) throws FetchException {
        if (!validEnvName(name)) {
            throw new FetchException("source '" + sourceId + "': param " + PARAM + " must start with " + ENV_PREFIX, (Duration) null);
        }
        return env.apply(name);
    }

    private String fromFile(String name, String sourceId) throws FetchException {
        if (!validFileName(name)) {
            throw new FetchException("source '" + sourceId + "': param " + FILE_PARAM + " must be a plain file name", (Duration) null);
        }
        if (secretsDir == null) {
            throw new FetchException("source '" + sourceId + "': param " + FILE_PARAM + " needs collector.secrets-dir", (Duration) null);
        }
        Path file = secretsDir.resolve(name);
        try {
            // Kubernetes mounts Secret keys as symlinks into ..data/, so links are followed; the name itself
            // cannot leave the directory (checked above).
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_FILE_BYTES) {
                return null;
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new FetchException("source '" + sourceId + "': cannot read its token file (param " + FILE_PARAM + ")", (Duration) null);
        }
    }
}
