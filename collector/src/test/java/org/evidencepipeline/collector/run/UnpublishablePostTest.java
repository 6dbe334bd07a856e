package org.evidencepipeline.collector.run;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.evidencepipeline.collector.TestFeeds;
import org.evidencepipeline.collector.collection.Collection;
import org.evidencepipeline.collector.collection.CollectionRegistry.WatchedSource;
import org.evidencepipeline.collector.collection.SourceSpec;
import org.evidencepipeline.collector.cursor.CursorStore;
import org.evidencepipeline.collector.http.HostThrottle;
import org.evidencepipeline.collector.http.PoliteFetcher;
import org.evidencepipeline.collector.source.rss.RssAdapter;
import org.evidencepipeline.collector.source.rss.RssIds;
import org.evidencepipeline.contracts.CollectorDeadLetter;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.ToolInfo;
import org.evidencepipeline.contracts.Topics;
import org.evidencepipeline.embedded.EmbeddedKafka;
import org.evidencepipeline.embedded.FeedReplayServer;
import org.evidencepipeline.testsupport.TopicProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A post larger than the broker accepts (1 MiB by default) can never be published. Before, the batch stopped at it
 * on every poll, and the posts after it (newer, as batches go oldest first) were never published. Now it is
 * dead-lettered once with the reason and the rest of the batch flows.
 */
class UnpublishablePostTest {
    private final FeedReplayServer feed = FeedReplayServer.start();

    @AfterEach
    void stop() {
        feed.close();
    }

    @Test
    void aPostTooLargeForTheBrokerIsDeadLetteredOnceAndTheNewerPostsArePublished(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
            kafka.createTopics(3, List.of(Topics.POSTS_COLLECTED, Topics.DEAD_LETTER_COLLECTOR));
            String huge = "Харків ".repeat(200_000); // 2.6 MB of text, between the first and the second post by date
            String xml = new String(TestFeeds.bytes("kharkiv-news.rss.xml"), StandardCharsets.UTF_8).replace("  </channel>", """
                        <item>
                          <title>Дуже довгий допис</title>
                          <link>https://news.example.org/2026/11/20/huge</link>
                          <guid isPermaLink="false">news.example.org-huge</guid>
                          <pubDate>Fri, 20 Nov 2026 06:30:00 +0000</pubDate>
                          <description>%s</description>
                        </item>
                      </channel>""".formatted(huge));
            feed.serve("/feed.xml", xml, "application/rss+xml");
            WatchedSource source = new WatchedSource(new SourceSpec("kharkiv-news", "rss", feed.url("/feed.xml"), null, Map.of()),
                    List.of(new Collection("kharkiv-watch", null, null, List.of(), List.of())));

            SourceRunner.Outcome first = poll(kafka, source);
            assertThat(first.published()).as("the three posts around it").isEqualTo(3);
            assertThat(first.rejected()).isEqualTo(1);
            SourceRunner.Outcome second = poll(kafka, source);
            assertThat(second.published()).isZero();
            assertThat(second.rejected()).as("said once, not on every poll").isZero();

            TopicProbe probe = new TopicProbe(kafka.bootstrapServers());
            String feedKey = RssIds.feedKey(feed.url("/feed.xml"));
            assertThat(probe.readAll(Topics.POSTS_COLLECTED)).extracting(TopicProbe.Read::key).containsExactlyInAnyOrder(
                    "rss:" + feedKey + ":news.example.org-48211", "rss:" + feedKey + ":news.example.org-48213",
                    "rss:" + feedKey + ":news.example.org-48215");
            List<TopicProbe.Read> dead = probe.readAll(Topics.DEAD_LETTER_COLLECTOR);
            assertThat(dead).hasSize(1);
            CollectorDeadLetter letter = new EventCodec().read(dead.get(0).value(), CollectorDeadLetter.class);
            assertThat(letter.reason()).contains("rss:" + feedKey + ":news.example.org-huge").contains("cannot be published");
            assertThat(letter.excerpt()).contains("Дуже довгий допис");
        }
    }

    private SourceRunner.Outcome poll(EmbeddedKafka kafka, WatchedSource source) throws InterruptedException {
        Clock clock = Clock.systemUTC();
        PoliteFetcher fetcher = new PoliteFetcher("test", Duration.ofSeconds(2), Duration.ofSeconds(5), 10_000_000,
                new HostThrottle(Duration.ZERO, Duration.ofMinutes(1), clock), clock);
        try (CursorStore cursors = new CursorStore(Map.of("bootstrap.servers", kafka.bootstrapServers()), Topics.COLLECTOR_CURSORS);
             KafkaPostSink sink = new KafkaPostSink(kafka.bootstrapServers())) {
            cursors.load();
            return new SourceRunner(Map.of("rss", new RssAdapter(fetcher)), cursors, sink,
                    new SourceStatusBoard(new SimpleMeterRegistry(), clock), new ToolInfo("collector", "test", "x"), 100, clock).run(source);
        }
    }
}
