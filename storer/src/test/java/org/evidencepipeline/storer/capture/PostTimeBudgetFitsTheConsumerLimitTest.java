package org.evidencepipeline.storer.capture;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.Duration;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the shipped settings, the longest a record can stay unacknowledged (S3 retries plus one post's capture budget)
 * is under the throttled commit strategy's max age, so a slow remote server never makes the consumer unhealthy.
 */
class PostTimeBudgetFitsTheConsumerLimitTest {
    private static Properties shipped() throws Exception {
        Properties p = new Properties();
        try (InputStream in = PostTimeBudgetFitsTheConsumerLimitTest.class.getResourceAsStream("/application.properties")) {
            p.load(in);
        }
        return p;
    }

    /** The forms used in application.properties: 180s, 10m, 2h. */
    private static Duration duration(String s) {
        return Duration.parse("PT" + s.trim().toUpperCase());
    }

    @Test
    void s3RetriesPlusThePostBudgetStayUnderTheUnprocessedRecordMaxAge() throws Exception {
        Properties p = shipped();
        Duration retryFor = duration(p.getProperty("storer.s3.retry-for"));
        CaptureBudget budget = new CaptureBudget(Integer.parseInt(p.getProperty("storer.capture.max-media-per-post")),
                duration(p.getProperty("storer.capture.post-budget")));
        long maxAge = Long.parseLong(p.getProperty("mp.messaging.incoming.posts-enriched.throttled.unprocessed-record-max-age.ms"));

        assertThat(budget.longestRecordTime(retryFor)).isEqualTo(Duration.ofMinutes(13));
        assertThat(budget.longestRecordTime(retryFor).toMillis()).isLessThan(maxAge);
    }

    @Test
    void thePostBudgetIsShorterThanTheCapTimesTheCaptureDeadline() throws Exception {
        // Otherwise the per-post budget would bound nothing: 20 media x 120 s would be 40 minutes.
        Properties p = shipped();
        Duration perCapture = duration(p.getProperty("storer.download.total-timeout"));
        Duration postBudget = duration(p.getProperty("storer.capture.post-budget"));
        int cap = Integer.parseInt(p.getProperty("storer.capture.max-media-per-post"));
        assertThat(postBudget).isLessThan(perCapture.multipliedBy(cap));
    }
}
