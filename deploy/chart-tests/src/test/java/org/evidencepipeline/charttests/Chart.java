package org.evidencepipeline.charttests;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The chart under test, rendered in-process by helm-java (Helm 3 compiled into a native library; no helm
 * binary needed).
 *
 * <p>helm-java's {@code template} returns the release manifest only, without hooks (the helm CLI prints
 * hooks as well). To check the topic Job and the {@code helm test} pods like every other pod, {@link #render}
 * uses a copy of the chart whose {@code helm.sh/hook*} annotation keys are renamed to
 * {@value #HOOK_ANNOTATION_PREFIX}{@code *}: Helm then renders them as plain manifests and the tests read the
 * original hook settings from the renamed annotations.
 */
final class Chart {
    static final String RELEASE = "evidence-pipeline";
    static final String NAMESPACE = "pipeline";
    static final String HOOK_ANNOTATION_PREFIX = "rendered-for-test/hook";
    static final List<String> COMPONENTS = List.of("collector", "enricher", "storer", "capturer");
    /** Values every rendering here gets first: the chart does not render without API Secrets (or the insecure flag). */
    static final String API_SECRETS = "values/api-secrets.yaml";

    static final Path REPO = Path.of(System.getProperty("repo.root", "../..")).toAbsolutePath().normalize();
    static final Path SOURCE = REPO.resolve("helm/evidence-pipeline");
    private static final Path BUILD = Path.of(System.getProperty("build.dir", "target")).toAbsolutePath();

    private static Path withHooksAsManifests;
    private static Path withoutSchema;

    private Chart() {
    }

    /** {@code helm lint --strict} of the chart as committed. */
    static LintResult lint(Path chart) {
        return new Helm(chart).lint().strict().call();
    }

    /** Renders the chart (hooks included, see class comment) with the given values files from test resources. */
    static Manifests render(String... valuesResources) {
        return Manifests.parse(renderText(hooksAsManifests(), Map.of(), valuesResources));
    }

    static Manifests render(Map<String, Object> sets, String... valuesResources) {
        return Manifests.parse(renderText(hooksAsManifests(), sets, valuesResources));
    }

    /** Renders with {@link #API_SECRETS} first, then the given values files. */
    static String renderText(Path chart, Map<String, Object> sets, String... valuesResources) {
        return renderExactly(chart, sets, withApiSecrets(valuesResources));
    }

    /** Renders with exactly these values files (no {@link #API_SECRETS}). */
    static String renderExactly(Path chart, Map<String, Object> sets, String... valuesResources) {
        TemplateCommand template = new Helm(chart).template().withName(RELEASE).withNamespace(NAMESPACE);
        for (String v : valuesResources) {
            template = template.withValuesFile(resource(v));
        }
        for (Map.Entry<String, Object> e : sets.entrySet()) {
            template = template.set(e.getKey(), e.getValue());
        }
        return template.call();
    }

    /** The chart's own production values file (helm/evidence-pipeline/values-production.yaml). */
    static final String PRODUCTION_VALUES = "values-production.yaml";

    /**
     * Renders {@code chart} (hooks included when it is {@link #hooksAsManifests()}) with its own
     * {@link #PRODUCTION_VALUES} first, then these test resources, as an operator layers site values on it. No
     * {@link #API_SECRETS}: the production file names the API Secrets itself.
     */
    static String renderProductionText(Path chart, Map<String, Object> sets, String... valuesResources) {
        TemplateCommand template = new Helm(chart).template().withName(RELEASE).withNamespace(NAMESPACE)
                .withValuesFile(chart.resolve(PRODUCTION_VALUES));
        for (String v : valuesResources) {
            template = template.withValuesFile(resource(v));
        }
        for (Map.Entry<String, Object> e : sets.entrySet()) {
            template = template.set(e.getKey(), e.getValue());
        }
        return template.call();
    }

    static Manifests renderProduction(Map<String, Object> sets, String... valuesResources) {
        return Manifests.parse(renderProductionText(hooksAsManifests(), sets, valuesResources));
    }

    /** The message of the failure rendering the production values (see {@link #renderProductionText}). */
    static String renderProductionFailure(Path chart, Map<String, Object> sets, String... valuesResources) {
        try {
            renderProductionText(chart, sets, valuesResources);
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected the production values with " + List.of(valuesResources) + " " + sets + " to fail, but they rendered");
    }

    /** The message of the failure rendering with these values files, or an AssertionError if it renders. */
    static String renderFailure(Path chart, String... valuesResources) {
        try {
            renderText(chart, Map.of(), valuesResources);
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected rendering with " + List.of(valuesResources) + " to fail, but it rendered");
    }

    /** The message of the failure rendering with exactly these values files (no {@link #API_SECRETS}). */
    static String renderFailureExactly(Path chart, Map<String, Object> sets, String... valuesResources) {
        try {
            renderExactly(chart, sets, valuesResources);
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected rendering with " + List.of(valuesResources) + " " + sets + " to fail, but it rendered");
    }

    private static String[] withApiSecrets(String[] valuesResources) {
        String[] all = new String[valuesResources.length + 1];
        all[0] = API_SECRETS;
        System.arraycopy(valuesResources, 0, all, 1, valuesResources.length);
        return all;
    }

    /** NOTES.txt as `helm install` prints it (client-side dry run), with {@link #API_SECRETS} first. */
    static String notes(String... valuesResources) {
        var install = new Helm(SOURCE).install().withName(RELEASE).withNamespace(NAMESPACE)
                .dryRun().withDryRunOption(DryRun.CLIENT).clientOnly();
        for (String v : withApiSecrets(valuesResources)) {
            install = install.withValuesFile(resource(v));
        }
        return install.call().getOutput();
    }

    static Path resource(String name) {
        URL url = Chart.class.getResource("/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no test resource " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static synchronized Path hooksAsManifests() {
        if (withHooksAsManifests == null) {
            withHooksAsManifests = copy("chart-hooks-as-manifests", (file, text) ->
                    file.toString().endsWith(".yaml") ? text.replace("helm.sh/hook", HOOK_ANNOTATION_PREFIX) : text);
        }
        return withHooksAsManifests;
    }

    /** A copy without values.schema.json, to reach the template-side checks ({@code fail}) the schema guards too. */
    static synchronized Path withoutSchema() {
        if (withoutSchema == null) {
            withoutSchema = copy("chart-without-schema", (file, text) -> text);
            try {
                Files.delete(withoutSchema.resolve("values.schema.json"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return withoutSchema;
    }

    interface Rewrite {
        String apply(Path file, String text);
    }

    /** Copies the chart under target/, rewriting each file's text. */
    static Path copy(String name, Rewrite rewrite) {
        Path target = BUILD.resolve(name).resolve(SOURCE.getFileName());
        try {
            if (Files.exists(target)) {
                try (Stream<Path> old = Files.walk(target)) {
                    old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            try (Stream<Path> files = Files.walk(SOURCE)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Path to = target.resolve(SOURCE.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(to);
                    } else {
                        String text = Files.readString(f, StandardCharsets.UTF_8);
                        Files.writeString(to, rewrite.apply(f, text), StandardCharsets.UTF_8);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    static String name(String component) {
        return RELEASE + "-" + component;
    }
}
