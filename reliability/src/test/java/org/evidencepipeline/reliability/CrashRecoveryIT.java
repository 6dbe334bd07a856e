package org.evidencepipeline.reliability;

import org.evidencepipeline.contracts.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 of each service while posts stream through it, then a fresh process (as an orchestrator would
 * restart it), and a broker restart mid-stream. Each scenario has its own live feed of generated posts with
 * images; the fault is injected once some posts of that feed are archived and while the feed still grows.
 * Afterwards every post the feed served must be archived, and the {@link InvariantChecker} must find nothing
 * wrong anywhere in the pipeline.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrashRecoveryIT {
    static final int POSTS = Mode.posts();
    static ReliabilityPipeline rp;

    @BeforeAll
    static void start() {
        rp = new ReliabilityPipeline("crash-recovery");
        for (String scenario : List.of("kill-collector", "kill-enricher", "kill-storer", "restart-broker")) {
            rp.feed(scenario, POSTS);
        }
        rp.start(Mode.with(Map.of()));
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
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void collectorKilledMidStream() throws Exception {
        killAndRestart("kill-collector", "collector", Topics.POSTS_COLLECTED);
    }

    @Test
    @Order(2)
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void enricherKilledMidStream() throws Exception {
        killAndRestart("kill-enricher", "enricher", Topics.POSTS_ENRICHED);
    }

    @Test
    @Order(3)
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void storerKilledMidStream() throws Exception {
        killAndRestart("kill-storer", "storer", Topics.POSTS_ARCHIVED);
    }

    @Test
    @Order(4)
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void brokerRestartedMidStream() throws Exception {
        String scenario = "restart-broker";
        GeneratedFeed feed = rp.feedOf(scenario);
        Set<String> ids = Set.copyOf(feed.postIds());
        long started = System.currentTimeMillis();
        feed.grow(5, 500);
        awaitSomeArchived(scenario);
        int archivedBefore = rp.archivedIds(scenario).size();
        long faultAt = System.currentTimeMillis();
        rp.say("restarting the broker with " + archivedBefore + " of " + POSTS + " archived, " + feed.released() + " in the feed");
        rp.pipeline().kafka().restart();
        long backAt = System.currentTimeMillis();
        rp.say("broker back after " + (backAt - faultAt) + " ms");

        finish(scenario, "broker restarted (clean stop, same ports and data)", ids, started, faultAt, backAt, archivedBefore,
                Topics.POSTS_ARCHIVED, "broker down");
    }

    private void killAndRestart(String scenario, String service, String outputTopic) throws Exception {
        GeneratedFeed feed = rp.feedOf(scenario);
        Set<String> ids = Set.copyOf(feed.postIds());
        long started = System.currentTimeMillis();
        if (service.equals("collector")) {
            // The collector is killed while it collects: some posts published, more still to come.
            feed.grow(3, 500);
            assertThat(ReliabilityPipeline.await(() -> rp.follower().arrivals(Topics.POSTS_COLLECTED, r -> ids.contains(r.key())).size() >= 15,
                    Duration.ofSeconds(120))).as("collection under way").isTrue();
            assertThat(feed.fullyReleased()).as("the feed is still growing").isFalse();
        } else {
            feed.grow(5, 500);
            awaitSomeArchived(scenario);
        }
        int archivedBefore = rp.archivedIds(scenario).size();
        int collectedBefore = rp.follower().arrivals(Topics.POSTS_COLLECTED, r -> ids.contains(r.key())).size();
        rp.say("kill -9 " + service + " (pid " + rp.pipeline().running(service).pid() + ") with " + collectedBefore + " collected, "
                + archivedBefore + " archived of " + POSTS + ", " + feed.released() + " in the feed");
        long faultAt = System.currentTimeMillis();
        rp.pipeline().kill(service);
        assertThat(rp.pipeline().running(service).isAlive()).isFalse();
        rp.pipeline().start(service);
        long backAt = System.currentTimeMillis();

        finish(scenario, "kill -9 " + service + ", restarted at once", ids, started, faultAt, backAt, archivedBefore, outputTopic,
                service + " down");
    }

    private static void awaitSomeArchived(String scenario) {
        assertThat(ReliabilityPipeline.await(() -> rp.archivedIds(scenario).size() >= 15, Duration.ofSeconds(120)))
                .as("the stream of " + scenario + " gets under way").isTrue();
    }

    private void finish(String scenario, String fault, Set<String> ids, long started, long faultAt, long backAt, int archivedBefore,
                        String outputTopic, String downLabel) throws Exception {
        assertThat(archivedBefore).as("the fault lands mid-stream").isLessThan(ids.size());
        boolean complete = ReliabilityPipeline.await(() -> rp.archivedIds(scenario).containsAll(ids), Duration.ofSeconds(150));
        long resumedAt = rp.firstArrivalAfter(outputTopic, ids, backAt);
        long allAt = rp.allArchivedAt(ids);
        InvariantChecker.Report report = rp.checker().check(ids, List.of(scenario));
        Map<String, String> times = new LinkedHashMap<>();
        times.put("fault at", Figures.seconds(faultAt - started) + " after the feed started");
        times.put(downLabel, Figures.seconds(backAt - faultAt));
        times.put("first output after restart", Figures.seconds(resumedAt < 0 ? -1 : resumedAt - backAt));
        times.put("all archived", Figures.seconds(allAt < 0 ? -1 : allAt - faultAt) + " after the fault");
        Figures.record(scenario, fault + " (" + archivedBefore + " archived before)", report, times);

        assertThat(report.problems()).as(report.summary()).isEmpty();
        assertThat(complete).as("all " + ids.size() + " posts archived").isTrue();
        assertThat(report.scenario().lost()).isZero();
        assertThat(report.misplacedObjects()).isZero();
        assertThat(rp.serviceHealth()).as("every service is running").allSatisfy((name, state) -> assertThat(state).isEqualTo("UP"));
    }
}
