package org.evidencepipeline.reliability;

import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.PostEnriched;
import org.evidencepipeline.contracts.Topics;
import org.evidencepipeline.embedded.S3ProxyServer;
import org.evidencepipeline.testsupport.TopicProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The S3 server goes away mid-stream and comes back. Shorter than {@code storer.s3.retry-for}: the storer holds
 * the post it is on and retries with back-off, nothing is dead-lettered, everything is archived once S3 is back.
 * Longer than that: the posts that waited the whole retry-for are dead-lettered with their bytes and the reason
 * (not lost: their records say so), the rest is archived once S3 is back. In CI retry-for is 15 s with back-off up
 * to 5 s; the full run keeps the defaults (10 min, 30 s) and only has room for the shorter outage.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ArchiveOutageIT {
    static final Duration RETRY_FOR = Duration.ofSeconds(15);
    static ReliabilityPipeline rp;

    @BeforeAll
    static void start() {
        rp = new ReliabilityPipeline("archive-outage");
        rp.feed("s3-outage", Mode.posts());
        rp.feed("s3-outage-beyond-retry", 60);
        Map<String, Map<String, String>> props = new HashMap<>();
        if (!Mode.full()) {
            props.put("storer", Map.of("storer.s3.retry-for", RETRY_FOR.toSeconds() + "s", "storer.s3.max-retry-delay", "5s"));
        }
        rp.start(Mode.with(props));
        rp.say(Mode.describe());
    }

    @AfterAll
    static void stop() {
        if (rp != null) {
            rp.close();
        }
    }

    @Test
    @Order(1)
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void outageShorterThanRetryForLosesNothingAndDeadLettersNothing() throws Exception {
        Duration outage = Mode.full() ? Duration.ofSeconds(60) : Duration.ofSeconds(8);
        Outage o = outage("s3-outage", outage);
        assertThat(o.report.problems()).as(o.report.summary()).isEmpty();
        assertThat(o.complete).as("every post archived after the outage").isTrue();
        assertThat(o.report.scenario().deadLettered()).isZero();
        assertThat(o.report.scenario().lost()).isZero();
        assertThat(o.storerDeadLetters).as("no post dead-lettered for the outage").isEmpty();
        assertThat(rp.serviceLog("storer")).contains("archive unavailable");
    }

    @Test
    @Order(2)
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void outageLongerThanRetryForDeadLettersTheWaitingPostsAndLosesNothing() throws Exception {
        Assumptions.assumeFalse(Mode.full(), "needs a short storer.s3.retry-for; the full run keeps the 10 min default");
        Outage o = outage("s3-outage-beyond-retry", RETRY_FOR.plusSeconds(12));
        assertThat(o.report.problems()).as(o.report.summary()).isEmpty();
        assertThat(o.storerDeadLetters).as("posts that waited retry-for are dead-lettered").isNotEmpty();
        assertThat(o.report.scenario().deadLettered()).isEqualTo(o.storerDeadLetters.size());
        assertThat(o.report.scenario().lost()).isZero();
        assertThat(o.report.scenario().archived() + o.report.scenario().deadLettered()).isEqualTo(o.report.scenario().sent());
        EventCodec codec = new EventCodec();
        for (TopicProbe.Read dead : o.storerDeadLetters) {
            assertThat(dead.header("dead-letter-reason")).contains("archive unreachable for " + RETRY_FOR);
            assertThat(codec.read(dead.value(), PostEnriched.class).postId()).as("the post's own bytes").isEqualTo(dead.key());
        }
        long firstDeadAt = rp.follower().arrivals(Topics.DEAD_LETTER_STORER, r -> o.ids.contains(r.key())).stream()
                .mapToLong(TopicFollower.Arrival::seenAtMillis).min().orElseThrow();
        assertThat(firstDeadAt - o.outageStartedAt).as("the storer kept trying for the whole retry-for")
                .isGreaterThanOrEqualTo(RETRY_FOR.toMillis() - 500);
    }

    private record Outage(Set<String> ids, long outageStartedAt, boolean complete, InvariantChecker.Report report,
                          List<TopicProbe.Read> storerDeadLetters) {
    }

    private Outage outage(String scenario, Duration outage) throws Exception {
        GeneratedFeed feed = rp.feedOf(scenario);
        Set<String> ids = Set.copyOf(feed.postIds());
        long started = System.currentTimeMillis();
        feed.grow(5, 500);
        assertThat(ReliabilityPipeline.await(() -> rp.archivedIds(scenario).size() >= 10, Duration.ofSeconds(120)))
                .as("the stream gets under way").isTrue();
        int archivedBefore = rp.archivedIds(scenario).size();
        S3ProxyServer s3 = rp.pipeline().s3();
        rp.say("S3 down for " + outage.toSeconds() + " s with " + archivedBefore + " of " + ids.size() + " archived");
        long downAt = System.currentTimeMillis();
        s3.stop();
        Thread.sleep(outage.toMillis());
        int archivedDuring = rp.archivedIds(scenario).size() - archivedBefore;
        s3.start();
        long upAt = System.currentTimeMillis();
        rp.say("S3 back after " + (upAt - downAt) + " ms; " + archivedDuring + " archived meanwhile");
        assertThat(rp.serviceHealth()).as("the storer rides out the outage").allSatisfy((name, state) -> assertThat(state).isEqualTo("UP"));

        boolean complete = ReliabilityPipeline.await(() -> {
            Set<String> done = new java.util.HashSet<>(rp.archivedIds(scenario));
            rp.follower().arrivals(Topics.DEAD_LETTER_STORER, r -> ids.contains(r.key()) && r.header("dead-letter-exception-class-name") != null)
                    .forEach(a -> done.add(a.read().key()));
            return done.containsAll(ids);
        }, Duration.ofSeconds(180));
        long resumedAt = rp.firstArrivalAfter(Topics.POSTS_ARCHIVED, ids, upAt);
        long allAt = rp.allArchivedAt(ids);
        List<TopicProbe.Read> dead = rp.probe().readAll(Topics.DEAD_LETTER_STORER).stream()
                .filter(r -> ids.contains(r.key()) && r.header("dead-letter-exception-class-name") != null).toList();
        InvariantChecker.Report report = rp.checker().check(ids, List.of(scenario));
        Map<String, String> times = new LinkedHashMap<>();
        times.put("S3 down", Figures.seconds(upAt - downAt));
        times.put("archived while down", Integer.toString(archivedDuring));
        times.put("first archive record after S3 returned", Figures.seconds(resumedAt < 0 ? -1 : resumedAt - upAt));
        times.put("all archived", allAt < 0 ? "n/a (some dead-lettered)" : Figures.seconds(allAt - upAt) + " after S3 returned");
        Figures.record(scenario, "S3 stopped " + outage.toSeconds() + " s mid-stream (retry-for "
                + (Mode.full() ? "10m" : RETRY_FOR.toSeconds() + "s") + ", " + archivedBefore + " archived before)", report, times);
        return new Outage(ids, downAt, complete, report, dead);
    }
}
