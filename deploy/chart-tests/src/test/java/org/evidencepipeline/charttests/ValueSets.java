package org.evidencepipeline.charttests;

import java.util.List;

/** The value sets every rendering-wide property is checked against (files under src/test/resources/values). */
final class ValueSets {
    /** The chart's values-production.yaml with values/production-site.yaml (a TSA URL) on top. */
    static final String PRODUCTION = "production";
    static final List<String> ALL = List.of(
            "defaults",
            "values/kafka-tls-sasl.yaml",
            "values/kafka-mtls.yaml",
            "values/keda.yaml",
            "values/hpa.yaml",
            "values/service-monitor.yaml",
            "values/storer-disabled.yaml",
            "values/collections.yaml",
            "values/hardened-network.yaml",
            "values/tracing.yaml",
            "values/collector-evidence-secret.yaml",
            "values/capturer-localhost-seccomp.yaml",
            "values/ledger.yaml",
            PRODUCTION);

    private ValueSets() {
    }

    static List<String> all() {
        return ALL;
    }

    static Manifests render(String valueSet) {
        if (PRODUCTION.equals(valueSet)) {
            return Chart.renderProduction(java.util.Map.of(), "values/production-site.yaml");
        }
        return "defaults".equals(valueSet) ? Chart.render() : Chart.render(valueSet);
    }
}
