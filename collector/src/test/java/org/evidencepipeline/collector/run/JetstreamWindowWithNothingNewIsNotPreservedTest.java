package org.evidencepipeline.collector.run;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.evidencepipeline.collector.TestFeeds;
import org.evidencepipeline.collector.collection.Collection;
import org.evidencepipeline.collector.collection.CollectionRegistry.WatchedSource;
import org.evidencepipeline.collector.collection.SourceSpec;
import org.evidencepipeline.collector.cursor.CursorStore;
import org.evidencepipeline.collector.evidence.ArchivedFetches;
import org.evidencepipeline.collector.source.bluesky.jetstream.JetstreamAdapter;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.PostCollected;
import org.evidencepipeline.contracts.ToolInfo;
import org.evidencepipeline.contracts.Topics;
import org.evidencepipeline.embedded.EmbeddedKafka;
import org.evidencepipeline.testsupport.TopicProbe;
import org.evidencepipeline.testsupport.WebSocketReplayServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Jetstream window is kept only when it yields a new post version: one whose posts were all published before, or
 * caught by no collection, is counted as nothing new and not written to the archive.
 */
class JetstreamWindowWithNothingNewIsNotPreservedTest {
    /** The fixture's events, among them a post's create and, later, its edit. */
    private static final List<String> EVENTS = new String(TestFeeds.bytes("jetstream-events.jsonl"), StandardCharsets.UTF_8).lines().toList();

    @Test
    void aWindowWhoseFramesAreAllDuplicatesOrFilteredYieldsNothingPreserved(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(Files.createDirectories(dir.resolve("kafka")));
             ArchivedFetches archived = ArchivedFetches.start(Files.createDirectories(dir.resolve("s3")));
             WebSocketReplayServer ws = WebSocketReplayServer.start(r -> EVENTS);
             CursorStore cursors = new CursorStore(Map.of("bootstrap.servers", kafka.bootstrapServers()), Topics.COLLECTOR_CURSORS);
             KafkaPostSink sink = new KafkaPostSink(kafka.bootstrapServers())) {
            cursors.load();
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            SourceRunner runner = new SourceRunner(Map.of("bluesky-jetstream", new JetstreamAdapter("test", Duration.ofSeconds(2))),
                    cursors, sink, new SourceStatusBoard(meters, Clock.systemUTC()), new ToolInfo("collector", "test", "x"), 100,
                    Clock.systemUTC(), archived.archive());
            SourceSpec firehose = new SourceSpec("firehose", "bluesky-jetstream", ws.url("/subscribe"), null, Map.of("window", "PT1S"));
            SourceSpec quiet = new SourceSpec("quiet", "bluesky-jetstream", ws.url("/subscribe"), null, Map.of("window", "PT1S"));

            // Filtered: the window has posts, but no collection catches them.
            runner.run(new WatchedSource(quiet, List.of(new Collection("floods", null, null, List.of(), List.of("наводнение")))));
            assertThat(archived.store().keys("fetches/")).as("a window no collection wanted").isEmpty();
            assertThat(count(meters, "collector.fetches.nothing.new", "quiet")).isEqualTo(1);
            assertThat(count(meters, "collector.fetches.preserved", "quiet")).isZero();

            List<Collection> everything = List.of(new Collection("everything", null, null, List.of(), List.of()));
            SourceRunner.Outcome first = runner.run(new WatchedSource(firehose, everything));
            assertThat(first.published()).as("three posts and the edit of one").isEqualTo(4);
            List<String> warcs = archived.store().keys("fetches/");
            assertThat(warcs).as("the window that yielded new posts").hasSize(1);
            assertThat(count(meters, "collector.fetches.preserved", "firehose")).isEqualTo(1);
            List<TopicProbe.Read> published = new TopicProbe(kafka.bootstrapServers()).readAll(Topics.POSTS_COLLECTED);
            assertThat(published).allSatisfy(r -> assertThat(new EventCodec().read(r.value(), PostCollected.class).source().warcKey())
                    .isEqualTo(warcs.get(0)));

            // Duplicates: the next window (from the rewound cursor) delivers the same frames again. The edited post's
            // create, replayed after its edit, is not a third version of it.
            SourceRunner.Outcome second = runner.run(new WatchedSource(firehose, everything));
            assertThat(second.published()).isZero();
            // Every replayed event lies at or before the first poll's cursor and names a post it read: none is read again.
            assertThat(second.unchanged()).isZero();
            assertThat(ws.requests().get(2)).contains("&cursor=");
            assertThat(archived.store().keys("fetches/")).as("nothing new: not stored").isEqualTo(warcs);
            assertThat(count(meters, "collector.fetches.preserved", "firehose")).isEqualTo(1);
            assertThat(count(meters, "collector.fetches.nothing.new", "firehose")).isEqualTo(1);
        }
    }

    private static double count(SimpleMeterRegistry meters, String name, String source) {
        var counter = meters.find(name).tag("source", source).counter();
        return counter == null ? 0 : counter.count();
    }
}
