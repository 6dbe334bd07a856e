package org.evidencepipeline.bench;

import org.evidencepipeline.local.ServiceProcess;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counters read from the services' open Prometheus endpoints ({@code /q/metrics}), summed over every service: the
 * archive's S3 requests by method ({@code archive_s3_requests_total}) and the custody ledger's appended entries. A
 * run's figure is the difference between two readings, so the warm-up does not count.
 */
record ServiceMetrics(Map<String, Double> s3RequestsByMethod, double ledgerEntries, double ledgerAppends, double ledgerPublished,
                      Map<String, Double> recordsSent, Map<String, Double> produceRequests) {
    static final String S3_REQUESTS = "archive_s3_requests_total";
    static final String LEDGER_ENTRIES = "storer_ledger_entries_total";
    static final String LEDGER_APPENDS = "storer_ledger_appends_total";
    static final String LEDGER_PUBLISHED = "storer_ledger_entries_published_total";
    /** The Kafka producers' own counters, summed per service: how many records one produce request carried. */
    static final String RECORDS_SENT = "kafka_producer_record_send_total";
    static final String PRODUCE_REQUESTS = "kafka_producer_request_total";

    static ServiceMetrics read(List<ServiceProcess> services) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Map<String, Double> byMethod = new TreeMap<>();
        double entries = 0;
        double appends = 0;
        double published = 0;
        Map<String, Double> sent = new TreeMap<>();
        Map<String, Double> requests = new TreeMap<>();
        for (ServiceProcess s : services) {
            String service = s.name().replaceAll("-\\d+$", "");
            String body;
            try {
                body = http.send(HttpRequest.newBuilder(URI.create(s.url() + "/q/metrics")).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + s.name() + "'s metrics: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            for (String line : body.split("\n")) {
                if (line.startsWith("#")) {
                    continue;
                }
                if (line.startsWith(S3_REQUESTS + "{")) {
                    byMethod.merge(tag(line, "method"), value(line), Double::sum);
                } else if (line.startsWith(LEDGER_ENTRIES)) {
                    entries += value(line);
                } else if (line.startsWith(LEDGER_APPENDS)) {
                    appends += value(line);
                } else if (line.startsWith(LEDGER_PUBLISHED)) {
                    published += value(line);
                } else if (line.startsWith(RECORDS_SENT + "{")) {
                    sent.merge(service, value(line), Double::sum);
                } else if (line.startsWith(PRODUCE_REQUESTS + "{")) {
                    requests.merge(service, value(line), Double::sum);
                }
            }
        }
        return new ServiceMetrics(byMethod, entries, appends, published, sent, requests);
    }

    /** What happened between {@code before} and this reading. */
    ServiceMetrics since(ServiceMetrics before) {
        Map<String, Double> delta = new TreeMap<>();
        s3RequestsByMethod.forEach((m, n) -> delta.put(m, n - before.s3RequestsByMethod.getOrDefault(m, 0.0)));
        return new ServiceMetrics(delta, ledgerEntries - before.ledgerEntries, ledgerAppends - before.ledgerAppends,
                ledgerPublished - before.ledgerPublished, minus(recordsSent, before.recordsSent),
                minus(produceRequests, before.produceRequests));
    }

    private static Map<String, Double> minus(Map<String, Double> after, Map<String, Double> before) {
        Map<String, Double> delta = new TreeMap<>();
        after.forEach((k, n) -> delta.put(k, n - before.getOrDefault(k, 0.0)));
        return delta;
    }

    double s3Requests() {
        return s3RequestsByMethod.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    private static String tag(String line, String name) {
        int at = line.indexOf(name + "=\"");
        if (at < 0) {
            return "?";
        }
        int from = at + name.length() + 2;
        return line.substring(from, line.indexOf('"', from));
    }

    private static double value(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }
}
