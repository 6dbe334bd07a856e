package org.evidencepipeline.collector.run;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.evidencepipeline.collector.TestFeeds;
import org.evidencepipeline.collector.collection.Collection;
import org.evidencepipeline.collector.collection.CollectionRegistry.WatchedSource;
import org.evidencepipeline.collector.collection.SourceSpec;
import org.evidencepipeline.collector.cursor.CursorStore;
import org.evidencepipeline.collector.http.HostThrottle;
import org.evidencepipeline.collector.http.PoliteFetcher;
import org.evidencepipeline.collector.source.rss.RssAdapter;
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

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An unreadable feed used to write a new dead letter at every poll (every few minutes, forever). Now the same
 * failure of the same body is dead-lettered once, remembered in the source's cursor (so also across restarts: every
 * poll here is a fresh runner, cursor store and status board), while the status and its metric still show it
 * failing at every poll, with the count of polls in a row.
 */
class UnreadableFeedIsDeadLetteredOncePerFailureTest {
    private final FeedReplayServer feed = FeedReplayServer.start();
    private final EventCodec codec = new EventCodec();

    @AfterEach
    void stop() {
        feed.close();
    }

    /** One poll as a freshly started collector would do it; returns its status board's view of the source. */
    private record Polled(SourceRunner.Outcome outcome, SourceStatus status, MeterRegistry metrics) {
    }

    @Test
    void sameBrokenBodyIsDeadLetteredOnceAChangedOneAgainAndTheStatusCountsTheRepeats(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
            kafka.createTopics(3, List.of(Topics.POSTS_COLLECTED, Topics.DEAD_LETTER_COLLECTOR));
            WatchedSource source = new WatchedSource(new SourceSpec("broken-news", "rss", feed.url("/feed.xml"), null, Map.of()),
                    List.of(new Collection("watch", null, null, List.of(), List.of())));
            feed.serve("/feed.xml", TestFeeds.bytes("truncated.rss.xml"), "application/rss+xml");

            Polled first = poll(kafka, source);
            Polled second = poll(kafka, source);
            Polled third = poll(kafka, source);

            assertThat(deadLetters(kafka)).as("one distinct failure, one dead letter").hasSize(1);
            assertThat(List.of(first.outcome().rejected(), second.outcome().rejected(), third.outcome().rejected()))
                    .containsExactly(1, 0, 0);
            assertThat(third.status().failingSince()).as("still failing").isNotNull();
            assertThat(third.status().lastError()).contains("not a readable RSS/Atom feed");
            assertThat(third.status().failureRepeats()).as("counted across restarts").isEqualTo(3);
            assertThat(third.metrics().get("collector.source.failure.repeats").tag("source", "broken-news").gauge().value()).isEqualTo(3.0);
            assertThat(third.metrics().get("collector.source.failing").tag("source", "broken-news").gauge().value()).isEqualTo(1.0);
            assertThat(third.metrics().get("collector.fetches").tag("source", "broken-news").tag("outcome", "unreadable")
                    .counter().count()).as("the poll is counted as failing although nothing was written").isEqualTo(1.0);

            String changed = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Обрізаний знову</title><item><title>Другий";
            feed.serve("/feed.xml", changed, "application/rss+xml");
            Polled afterChange = poll(kafka, source);
            poll(kafka, source);

            List<CollectorDeadLetter> letters = deadLetters(kafka);
            assertThat(letters).as("a changed body is a new failure, dead-lettered once").hasSize(2);
            assertThat(letters.get(1).excerpt()).contains("Обрізаний знову");
            assertThat(afterChange.status().failureRepeats()).isEqualTo(1);

            feed.serve("/feed.xml", TestFeeds.bytes("kharkiv-news.rss.xml"), "application/rss+xml");
            Polled recovered = poll(kafka, source);
            assertThat(recovered.status().failingSince()).isNull();
            assertThat(recovered.status().failureRepeats()).isZero();
            feed.serve("/feed.xml", changed, "application/rss+xml");
            poll(kafka, source);
            assertThat(deadLetters(kafka)).as("after a good poll the same failure is a new incident").hasSize(3);
        }
    }

    private List<CollectorDeadLetter> deadLetters(EmbeddedKafka kafka) {
        return new TopicProbe(kafka.bootstrapServers()).readAll(Topics.DEAD_LETTER_COLLECTOR).stream()
                .map(r -> codec.read(r.value(), CollectorDeadLetter.class)).toList();
    }

    private Polled poll(EmbeddedKafka kafka, WatchedSource source) throws InterruptedException {
        Clock clock = Clock.systemUTC();
        PoliteFetcher fetcher = new PoliteFetcher("test", Duration.ofSeconds(2), Duration.ofSeconds(5), 10_000_000,
                new HostThrottle(Duration.ZERO, Duration.ofMinutes(1), clock), clock);
        MeterRegistry metrics = new SimpleMeterRegistry();
        SourceStatusBoard board = new SourceStatusBoard(metrics, clock);
        try (CursorStore cursors = new CursorStore(Map.of("bootstrap.servers", kafka.bootstrapServers()), Topics.COLLECTOR_CURSORS);
             KafkaPostSink sink = new KafkaPostSink(kafka.bootstrapServers())) {
            cursors.load();
            SourceRunner.Outcome outcome = new SourceRunner(Map.of("rss", new RssAdapter(fetcher)), cursors, sink, board,
                    new ToolInfo("collector", "test", "x"), 100, clock).run(source);
            return new Polled(outcome, board.get(source.spec().id()), metrics);
        }
    }
}
