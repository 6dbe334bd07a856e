package org.evidencepipeline.archive;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.evidencepipeline.embedded.S3ProxyServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EveryS3RequestIsCountedByMethodTest {
    @TempDir
    Path dir;

    @Test
    void eachArchiveCallCountsTheRequestsItSentToTheRealServer() throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start(dir)) {
            S3Requests requests = new S3Requests();
            // the region is given, so the SDK sends no location lookup of its own
            ArchiveStore store = new ArchiveStore(requests.minioBuilder().endpoint(s3.endpoint()).region("us-east-1")
                    .credentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY).build(), "counted");
            store.ensureBucket();
            assertThat(requests.total()).as("the bucket check and its creation went out").isPositive();

            Map<String, Long> before = snapshot(requests);
            store.putBytes("posts/a.json", "{}".getBytes(StandardCharsets.UTF_8), "application/json");
            store.putBytes("posts/b.json", "{}".getBytes(StandardCharsets.UTF_8), "application/json");
            assertThat(store.get("posts/a.json")).isPresent();
            assertThat(store.stat("posts/b.json")).isPresent();
            assertThat(store.keys("posts/")).containsExactlyInAnyOrder("posts/a.json", "posts/b.json");

            Map<String, Long> delta = new LinkedHashMap<>();
            snapshot(requests).forEach((m, n) -> delta.put(m, n - before.get(m)));
            assertThat(delta).containsEntry("PUT", 2L).containsEntry("GET", 2L).containsEntry("HEAD", 1L)
                    .containsEntry("POST", 0L).containsEntry("DELETE", 0L).containsEntry("OTHER", 0L);
        }
    }

    @Test
    void theCountsReachTheServicesMeterRegistry() throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start(dir)) {
            S3Requests requests = new S3Requests();
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            requests.bindTo(registry);
            ArchiveStore store = new ArchiveStore(requests.minioBuilder().endpoint(s3.endpoint()).region("us-east-1")
                    .credentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY).build(), "metered");
            store.ensureBucket();
            store.putBytes("x", new byte[]{1}, "application/octet-stream");

            assertThat(registry.get("archive.s3.requests").tag("method", "PUT").functionCounter().count())
                    .isEqualTo((double) requests.count("PUT")).isGreaterThanOrEqualTo(1.0);
            double all = registry.get("archive.s3.requests").functionCounters().stream().mapToDouble(c -> c.count()).sum();
            assertThat(all).isEqualTo((double) requests.total());
        }
    }

    private static Map<String, Long> snapshot(S3Requests requests) {
        Map<String, Long> out = new LinkedHashMap<>();
        S3Requests.METHODS.forEach(m -> out.put(m, requests.count(m)));
        return out;
    }
}
