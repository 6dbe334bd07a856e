package org.evidencepipeline.reliability;

import org.evidencepipeline.contracts.Topics;
import org.evidencepipeline.local.ServiceProcess;
import org.evidencepipeline.embedded.FeedReplayServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A record that kills its consumer, against the real storer: one post among good ones links a picture whose server
 * holds the response open, so the storer has that record in hand; the storer is killed (kill -9) each time it asks
 * for the picture, as an OOM kill or a JVM crash on that record would. Without the crash guard this is a crash loop
 * (each fresh process reads the same uncommitted record and dies on it again) and every post behind it on its
 * partition waits forever. With it, the record that crashed the storer twice is dead-lettered on the third start,
 * the picture is not asked for a third time, every other post is archived and the third process stays up.
 */
class RecordThatKillsTheStorerIT {
    static final String SCENARIO = "kill-record";
    static final int POSTS = Mode.posts();
    static final int POISONED = 30;
    static final String HELD_OPEN = "held-open.jpg";
    /** Longer than a kill takes to land, shorter than the storer's 120 s per-capture deadline. */
    static final long HOLD_MILLIS = 90_000;
    // The crash guard's dead-letter headers (messaging: CrashedTheConsumerException), which this module does not depend on.
    static final String REASON_HEADER = "dead-letter-reason";
    static final String CRASH_COUNT_HEADER = "dead-letter-crash-count";
    static ReliabilityPipeline rp;

    @BeforeAll
    static void start() {
        rp = new ReliabilityPipeline("kill-record");
        rp.feed(SCENARIO, POSTS);
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
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void aRecordThatKilledTheStorerTwiceIsDeadLetteredAndTheRestIsArchived() throws Exception {
        GeneratedFeed feed = rp.feedOf(SCENARIO);
        byte[] picture = GeneratedFeed.image(new Random(30), "jpg");
        feed.replaceMedia(POISONED, HELD_OPEN, picture);
        String mediaPath = "/media/" + SCENARIO + "/" + HELD_OPEN;
        rp.server().serve(mediaPath, FeedReplayServer.Response.stalling(picture, "image/jpeg", HOLD_MILLIS));
        String poisonId = feed.items().get(POISONED).postId();
        Set<String> ids = Set.copyOf(feed.postIds());
        Set<String> good = new HashSet<>(ids);
        good.remove(poisonId);

        long started = System.currentTimeMillis();
        feed.grow(5, 500);
        Map<String, String> times = new LinkedHashMap<>();
        for (int life = 1; life <= 2; life++) {
            int asked = life;
            assertThat(ReliabilityPipeline.await(() -> rp.server().requests(mediaPath).size() >= asked, Duration.ofSeconds(150)))
                    .as("the storer asks for the held-open picture (life " + life + ")").isTrue();
            long inHandAt = System.currentTimeMillis();
            long pid = rp.pipeline().running("storer").pid();
            rp.say("the storer (pid " + pid + ") has the poisoned post in hand: kill -9, " + rp.archivedIds(SCENARIO).size() + " archived");
            rp.pipeline().kill("storer");
            long killedAt = System.currentTimeMillis();
            assertThat(rp.pipeline().running("storer").isAlive()).isFalse();
            rp.pipeline().start("storer");
            long backAt = System.currentTimeMillis();
            times.put("kill " + life + " at", Figures.seconds(killedAt - started) + " (" + Figures.seconds(killedAt - inHandAt)
                    + " after the request)");
            times.put("restart " + life, Figures.seconds(backAt - killedAt));
        }
        ServiceProcess third = rp.pipeline().running("storer");
        long thirdPid = third.pid();
        long thirdAt = System.currentTimeMillis();

        assertThat(ReliabilityPipeline.await(() -> !rp.follower().arrivals(Topics.DEAD_LETTER_STORER, r -> poisonId.equals(r.key())).isEmpty(),
                Duration.ofSeconds(120))).as("the poisoned post is dead-lettered by the third storer").isTrue();
        List<TopicFollower.Arrival> letters = rp.follower().arrivals(Topics.DEAD_LETTER_STORER, r -> poisonId.equals(r.key()));
        assertThat(letters).as("one dead letter for the poisoned post").hasSize(1);
        TopicFollower.Arrival dead = letters.get(0);
        times.put("dead letter", Figures.seconds(dead.seenAtMillis() - thirdAt) + " after the third start");
        assertThat(dead.read().header(REASON_HEADER)).isEqualTo("crashed the consumer");
        assertThat(dead.read().header(CRASH_COUNT_HEADER)).isEqualTo("2");

        boolean complete = ReliabilityPipeline.await(() -> rp.archivedIds(SCENARIO).containsAll(good), Duration.ofSeconds(150));
        long allAt = rp.allArchivedAt(good);
        times.put("all good posts archived", Figures.seconds(allAt < 0 ? -1 : allAt - started) + " after the feed started");
        TopicFollower.sleep(3_000); // time enough for a third request, had the record been processed again
        int requests = rp.server().requests(mediaPath).size();

        InvariantChecker.Report report = rp.checker().check(ids, List.of(SCENARIO));
        times.put("storer", "pid " + thirdPid + " from the third start on");
        Figures.record(SCENARIO, "a post whose picture is held open " + HOLD_MILLIS / 1000 + " s; kill -9 of the storer each time it asks for it,"
                + " restarted at once (" + (POSTS - 1) + " good posts)", report, times);

        assertThat(complete).as("all " + good.size() + " good posts archived").isTrue();
        assertThat(rp.archivedIds(SCENARIO)).as("the poisoned post is not archived").doesNotContain(poisonId);
        assertThat(requests).as("the held-open picture is not asked for a third time").isEqualTo(2);
        assertThat(report.problems()).as(report.summary()).isEmpty();
        assertThat(report.scenario().lost()).isZero();
        assertThat(report.scenario().deadLettered()).isEqualTo(1);
        assertThat(report.misplacedObjects()).isZero();
        ServiceProcess now = rp.pipeline().running("storer");
        assertThat(now.pid()).as("no further restart").isEqualTo(thirdPid);
        assertThat(now.isAlive()).isTrue();
        assertThat(rp.serviceHealth()).as("every service is running").allSatisfy((name, state) -> assertThat(state).isEqualTo("UP"));
    }
}
