package org.evidencepipeline.charttests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The Grafana dashboard, the alert rules, docs/metrics.md and the services' code name the same metrics. */
class ObservabilityTest {
    static final Path DASHBOARD = Chart.REPO.resolve("deploy/observability/grafana-dashboard.json");
    static final Path RULES = Chart.REPO.resolve("deploy/observability/prometheus-rules.yaml");

    @Test
    void dashboardIsValidGrafanaJsonWithAQueryInEveryPanel() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());

        assertThat(dashboard.path("uid").asText()).isEqualTo("evidence-pipeline");
        assertThat(dashboard.path("title").asText()).isNotBlank();
        Set<Integer> ids = new HashSet<>();
        int panels = 0;
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(ids.add(panel.path("id").asInt())).as("unique panel id " + panel.path("id")).isTrue();
            assertThat(panel.path("gridPos").path("w").asInt()).isPositive();
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            panels++;
            assertThat(panel.path("targets").size()).as(panel.path("title").asText()).isPositive();
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                assertThat(expr).as(panel.path("title").asText()).isNotBlank();
                assertThat(Metrics.balanced(expr)).as("balanced brackets: " + expr).isTrue();
            }
        }
        assertThat(panels).isGreaterThanOrEqualTo(10);
    }

    @Test
    void dashboardShowsThroughputLagLanguagesBytesRefusalsDeadLettersAndErrors() throws IOException {
        Map<String, String> exprs = dashboardExprs();
        String all = String.join("\n", exprs.values());

        assertThat(all).contains("sum by (source) (rate(collector_posts_published_total")
                .contains("sum by (topic) (kafka_consumer_fetch_manager_records_lag")
                .contains("sum by (language) (increase(enricher_posts_enriched_total")
                .contains("storer_bytes_stored_total")
                .contains("outcome=~\"refused|failed|toolarge\"")
                .contains("enricher_dead_letters_total").contains("storer_dead_letters_total")
                .contains("status=~\"5..\"")
                .contains("storer_verify_mismatches_total");
    }

    @Test
    void alertRulesCoverSilentSourcesGrowingLagDeadLettersAndVerifyMismatches() throws IOException {
        Map<String, JsonNode> rules = alertRules();

        assertThat(rules).containsKeys("EvidenceSourceSilent", "EvidenceSourceFailing", "EvidencePipelineLagGrowing",
                "EvidenceDeadLettersRising", "EvidenceVerifyMismatch");
        assertThat(rules.get("EvidenceVerifyMismatch").path("expr").asText()).contains("storer_verify_mismatches_total");
        assertThat(rules.get("EvidenceVerifyMismatch").path("labels").path("severity").asText()).isEqualTo("critical");
        assertThat(rules.get("EvidenceSourceSilent").path("expr").asText()).contains("collector_source_lag_seconds");
        assertThat(rules.get("EvidencePipelineLagGrowing").path("expr").asText()).contains("kafka_consumer_fetch_manager_records_lag").contains("deriv(");
        rules.forEach((name, rule) -> {
            assertThat(rule.path("labels").path("severity").asText()).as(name).isIn("info", "warning", "critical");
            assertThat(rule.path("annotations").path("summary").asText()).as(name).isNotBlank();
            assertThat(Metrics.balanced(rule.path("expr").asText())).as(name + " balanced").isTrue();
        });
    }

    @Test
    void everyMetricInDashboardPanelsAndAlertsIsDocumented() throws IOException {
        List<Metrics.Documented> docs = Metrics.documented();
        Map<String, String> exprs = new LinkedHashMap<>(dashboardExprs());
        alertRules().forEach((name, rule) -> exprs.put("alert " + name, rule.path("expr").asText()));
        Set<String> used = new TreeSet<>();
        List<String> undocumented = new ArrayList<>();

        exprs.forEach((where, expr) -> Metrics.metricNames(expr).forEach(name -> {
            used.add(name);
            if (!Metrics.isDocumented(name, docs)) {
                undocumented.add(name + " (" + where + ")");
            }
        }));

        assertThat(used).hasSizeGreaterThanOrEqualTo(15);
        assertThat(undocumented).as("used in deploy/observability but missing from docs/metrics.md").isEmpty();
    }

    @Test
    void everyApplicationMetricInTheDocsIsRegisteredByAService() {
        Map<String, Set<String>> registered = Metrics.byName(Metrics.registered());
        List<Metrics.Documented> application = Metrics.documented().stream().filter(d -> !d.fromLibraries()).collect(Collectors.toList());
        assertThat(application).hasSizeGreaterThanOrEqualTo(15);

        for (Metrics.Documented d : application) {
            assertThat(registered).as("docs/metrics.md lists %s but no service registers it", d.name()).containsKey(d.name());
            assertThat(registered.get(d.name())).as("type of " + d.name()).contains(d.type());
        }
    }

    @Test
    void everyMetricTheServicesRegisterIsDocumented() {
        Set<String> documented = Metrics.documented().stream().filter(d -> !d.fromLibraries())
                .map(Metrics.Documented::name).collect(Collectors.toSet());
        List<Metrics.Registered> registered = Metrics.registered();
        assertThat(registered).extracting(Metrics.Registered::micrometerName).contains("collector.posts.published", "enricher.enrich.duration");

        assertThat(registered).allSatisfy(r -> assertThat(documented)
                .as("%s registers %s (%s): document it in docs/metrics.md", Chart.REPO.relativize(r.file()), r.prometheusName(), r.micrometerName())
                .contains(r.prometheusName()));
    }

    @Test
    void libraryMetricsAreKeptApartFromApplicationMetrics() {
        List<Metrics.Documented> docs = Metrics.documented();

        assertThat(docs).filteredOn(Metrics.Documented::fromLibraries).extracting(Metrics.Documented::name)
                .contains("kafka_consumer_fetch_manager_records_lag_max", "http_server_requests_seconds", "up")
                .noneMatch(ObservabilityTest::isApplicationMetric);
        assertThat(docs).filteredOn(d -> !d.fromLibraries()).extracting(Metrics.Documented::name)
                .allMatch(ObservabilityTest::isApplicationMetric);
    }

    private static boolean isApplicationMetric(String name) {
        return name.startsWith("collector_") || name.startsWith("enricher_") || name.startsWith("storer_")
                || name.startsWith("capturer_") || name.startsWith("archive_") || name.startsWith("pipeline_");
    }

    @Test
    void metricNameExtractionSkipsFunctionsLabelsStringsRangesAndKeywords() {
        assertThat(Metrics.metricNames(
                "sum by (job) (rate(http_server_requests_seconds_count{namespace=~\"$namespace\", status=~\"5..\"}[$__rate_interval]))"
                        + " / on (job) group_left sum(rate(up[5m])) or vector(0) and label_replace(foo_total, \"stage\", \"x\", \"\", \"\")"))
                .containsExactlyInAnyOrder("http_server_requests_seconds_count", "up", "foo_total");
        assertThat(Metrics.metricNames("deriv(sum(kafka_consumer_fetch_manager_records_lag)[30m:1m]) > 6 * 3600"))
                .containsExactly("kafka_consumer_fetch_manager_records_lag");
        assertThat(Metrics.isDocumented("enricher_enrich_duration_seconds_count", Metrics.documented())).isTrue();
        assertThat(Metrics.isDocumented("enricher_enrich_duration_seconds_bogus", Metrics.documented())).isFalse();
        assertThat(Metrics.balanced("sum(rate(x[5m])")).isFalse();
    }

    @Test
    void prometheusNamesFollowMicrometerConventions() {
        Path f = Path.of("X.java");
        assertThat(new Metrics.Registered("storer.bytes.stored", "counter", f).prometheusName()).isEqualTo("storer_bytes_stored_total");
        assertThat(new Metrics.Registered("enricher.enrich.duration", "timer", f).prometheusName()).isEqualTo("enricher_enrich_duration_seconds");
        assertThat(new Metrics.Registered("collector.source.lag.seconds", "gauge", f).prometheusName()).isEqualTo("collector_source_lag_seconds");
    }

    static Map<String, String> dashboardExprs() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode panel : new ObjectMapper().readTree(DASHBOARD.toFile()).path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                out.put("panel " + panel.path("title").asText() + " " + target.path("refId").asText(), target.path("expr").asText());
            }
        }
        return out;
    }

    static Map<String, JsonNode> alertRules() throws IOException {
        JsonNode rule = Manifests.parse(Files.readString(RULES)).get("PrometheusRule", "evidence-pipeline");
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode group : rule.path("spec").path("groups")) {
            for (JsonNode r : group.path("rules")) {
                if (r.has("alert")) {
                    assertThat(out.put(r.path("alert").asText(), r)).as("duplicate alert " + r.path("alert").asText()).isNull();
                }
            }
        }
        return out;
    }
}
