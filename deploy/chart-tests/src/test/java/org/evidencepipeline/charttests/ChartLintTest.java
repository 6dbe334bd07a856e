package org.evidencepipeline.charttests;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ChartLintTest {

    @Test
    void chartPassesStrictLintWithoutWarnings() {
        // helm lint renders with values.yaml, where no API Secret is named: lint reports the chart's `fail` (closed
        // by default) as [INFO], not as an error, so the chart as committed lints clean.
        LintResult result = Chart.lint(Chart.SOURCE);

        assertThat(result.isFailed()).as("helm lint --strict failed: %s", result.getMessages()).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
    }

    @Test
    void strictLintCatchesAMisspeltDefaultValue() {
        // The same lint on a copy whose values.yaml misspells a key: proves lint runs the strict schema.
        Path broken = Chart.copy("chart-with-typo", (file, text) ->
                file.getFileName().toString().equals("values.yaml") ? text.replace("scrapeAnnotations:", "scrapeAnotations:") : text);

        LintResult result = Chart.lint(broken);

        assertThat(result.isFailed()).isTrue();
        assertThat(String.join("\n", result.getMessages())).contains("scrapeAnotations");
    }
}
