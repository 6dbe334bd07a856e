package org.evidencepipeline.enricher.language;

import org.evidencepipeline.enricher.bench.LanguageBenchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/** The tagger as the enricher ships it (the main application.properties); Lingua caches the models per JVM. */
final class Taggers {
    private Taggers() {
    }

    static LanguageTagger shipped() {
        Properties p = properties();
        return new LanguageTagger(list(p, "codes"), list(p, "precise"), rules());
    }

    static LanguageTagger.Rules rules() {
        return LanguageBenchmark.rules(properties());
    }

    private static List<String> list(Properties p, String name) {
        return Arrays.asList(LanguageBenchmark.setting(p, name).split("\\s*,\\s*"));
    }

    private static Properties properties() {
        try {
            return LanguageBenchmark.defaults();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
