package org.evidencepipeline.capturer.pipeline;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.evidencepipeline.capturer.CapturerS3Resource;
import org.evidencepipeline.capturer.TestRequests;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.PageCaptureRequested;
import org.evidencepipeline.contracts.Topics;
import org.evidencepipeline.testsupport.KafkaBrokerResource;
import org.evidencepipeline.embedded.S3ProxyServer;
import org.evidencepipeline.testsupport.TopicProbe;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** An archive that stays down: the request is retried for capturer.s3.retry-for, then dead-lettered, never dropped. */
@QuarkusTest
@TestProfile(RequestIsDeadLetteredWhenTheArchiveStaysUnreachableTest.ShortRetry.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(CapturerS3Resource.class)
class RequestIsDeadLetteredWhenTheArchiveStaysUnreachableTest {
    public static class ShortRetry implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("capturer.s3.retry-for", "3s", "capturer.s3.max-retry-delay", "1s",
                    "capturer.browser.chromium", "/nonexistent/chromium", "capturer.browser.chromedriver", "/nonexistent/chromedriver");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    /** The test's S3 server, injected by CapturerS3Resource; this test stops it. */
    S3ProxyServer s3;

    private final EventCodec codec = new EventCodec();

    @Test
    void aRequestIsRetriedWhileTheArchiveIsDownThenDeadLettered() {
        s3.close();
        TopicProbe probe = new TopicProbe(bootstrap);
        PageCaptureRequested request = TestRequests.request("telegram:outage1", "http://127.0.0.1:9/outage");
        long start = System.nanoTime();
        probe.send(Topics.PAGES_REQUESTED, request.postId(), codec.write(request));

        TopicProbe.Read dead = probe.readUntil(Topics.DEAD_LETTER_CAPTURER,
                        r -> r.stream().anyMatch(x -> request.postId().equals(x.key())), Duration.ofSeconds(60)).records()
                .stream().filter(x -> request.postId().equals(x.key())).findFirst().orElseThrow();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("retried for retry-for first").isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(dead.header("dead-letter-reason")).contains("archive unreachable for PT3S");
        assertThat(codec.read(dead.value(), PageCaptureRequested.class)).isEqualTo(request);
        assertThat(probe.readAll(Topics.PAGES_ARCHIVED)).noneMatch(r -> request.postId().equals(r.key()));
    }
}
