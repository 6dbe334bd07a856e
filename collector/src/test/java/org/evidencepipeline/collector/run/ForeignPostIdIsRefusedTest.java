package org.evidencepipeline.collector.run;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.evidencepipeline.collector.collection.Collection;
import org.evidencepipeline.collector.collection.CollectionRegistry.WatchedSource;
import org.evidencepipeline.collector.collection.SourceSpec;
import org.evidencepipeline.collector.cursor.CursorStore;
import org.evidencepipeline.collector.cursor.SourceCursor;
import org.evidencepipeline.collector.source.FoundDeletion;
import org.evidencepipeline.collector.source.FoundPost;
import org.evidencepipeline.collector.source.SourceAdapter;
import org.evidencepipeline.collector.source.SourceBatch;
import org.evidencepipeline.collector.source.rss.RssIds;
import org.evidencepipeline.contracts.CollectorDeadLetter;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.ToolInfo;
import org.evidencepipeline.contracts.Topics;
import org.evidencepipeline.embedded.EmbeddedKafka;
import org.evidencepipeline.testsupport.TopicProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever an adapter returns, the runner publishes no post (and no deletion) whose id lies outside its source
 * type's namespace: it would overwrite or withdraw another source's post under the same Kafka key. The adapter
 * here is a deliberately broken one (the guard exists for adapter bugs and hostile payloads the adapters miss);
 * the broker, cursor store and runner are the real ones.
 */
class ForeignPostIdIsRefusedTest {
    static final String FEED = "https://news.example.org/rss.xml";

    /** An RSS-type adapter that forges ids of other namespaces next to one honest post. */
    private static final class ForgingAdapter implements SourceAdapter {
        @Override
        public String type() {
            return "rss";
        }

        @Override
        public SourceBatch poll(SourceSpec spec, SourceCursor cursor) {
            Instant at = Instant.parse("2026-11-30T05:00:00Z");
            return new SourceBatch(List.of(
                    post("reddit", "t3_1abcde", "Forged Reddit post", at),
                    post("youtube", "Qm3vT9xLp2A", "Forged YouTube video", at.plusSeconds(1)),
                    post("rss", "1", "Unscoped guid, would collide with every feed's item 1", at.plusSeconds(2)),
                    post("rss", RssIds.platformId(FEED, "1"), "Honest post", at.plusSeconds(3))),
                    List.of(), null, null, null, false,
                    List.of(new FoundDeletion("telegram", "kharkiv_live_ua/4812", "{\"forged\":true}")));
        }

        private static FoundPost post(String platform, String id, String title, Instant at) {
            return new FoundPost(platform, id, "https://news.example.org/" + id, null, title, title, null, at, List.of(), null);
        }
    }

    @Test
    void postsAndDeletionsOutsideTheSourceTypesNamespaceAreDeadLetteredCountedAndNotPublished(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
            kafka.createTopics(3, List.of(Topics.POSTS_COLLECTED, Topics.POSTS_DELETED, Topics.DEAD_LETTER_COLLECTOR));
            WatchedSource source = new WatchedSource(new SourceSpec("news", "rss", FEED, null, Map.of()),
                    List.of(new Collection("watch", null, null, List.of(), List.of())));
            MeterRegistry metrics = new SimpleMeterRegistry();

            SourceRunner.Outcome first = poll(kafka, source, metrics);
            SourceRunner.Outcome second = poll(kafka, source, metrics);

            TopicProbe probe = new TopicProbe(kafka.bootstrapServers());
            assertThat(probe.readAll(Topics.POSTS_COLLECTED)).extracting(TopicProbe.Read::key)
                    .containsExactly("rss:" + RssIds.feedKey(FEED) + ":1");
            assertThat(probe.readAll(Topics.POSTS_DELETED)).isEmpty();
            List<String> reasons = probe.readAll(Topics.DEAD_LETTER_COLLECTOR).stream()
                    .map(r -> new EventCodec().read(r.value(), CollectorDeadLetter.class).reason()).toList();
            String forgedDeletion = "deletion of post id telegram:kharkiv_live_ua/4812 is outside the namespace of rss source news";
            assertThat(reasons).as("a refused post is remembered, so the next poll does not refuse it again; a deletion is"
                    + " refused each time it is reported (platforms report one once)").containsExactly(
                    "post id reddit:t3_1abcde is outside the namespace of rss source news",
                    "post id youtube:Qm3vT9xLp2A is outside the namespace of rss source news",
                    "post id rss:1 is outside the namespace of rss source news",
                    forgedDeletion, forgedDeletion);
            assertThat(first.published()).isEqualTo(1);
            assertThat(first.rejected()).isEqualTo(4);
            assertThat(second.published()).isZero();
            assertThat(metrics.get("collector.posts.foreign.id").tag("source", "news").counter().count())
                    .isEqualTo(5.0);
        }
    }

    private SourceRunner.Outcome poll(EmbeddedKafka kafka, WatchedSource source, MeterRegistry metrics) throws InterruptedException {
        Clock clock = Clock.systemUTC();
        try (CursorStore cursors = new CursorStore(Map.of("bootstrap.servers", kafka.bootstrapServers()), Topics.COLLECTOR_CURSORS);
             KafkaPostSink sink = new KafkaPostSink(kafka.bootstrapServers())) {
            cursors.load();
            return new SourceRunner(Map.of("rss", new ForgingAdapter()), cursors, sink, new SourceStatusBoard(metrics, clock),
                    new ToolInfo("collector", "test", "x"), 100, clock).run(source);
        }
    }
}
