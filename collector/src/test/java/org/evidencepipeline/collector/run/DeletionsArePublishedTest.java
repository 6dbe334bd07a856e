package org.evidencepipeline.collector.run;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.evidencepipeline.collector.TestFeeds;
import org.evidencepipeline.collector.collection.Collection;
import org.evidencepipeline.collector.collection.CollectionRegistry.WatchedSource;
import org.evidencepipeline.collector.collection.SourceSpec;
import org.evidencepipeline.collector.cursor.CursorStore;
import org.evidencepipeline.collector.source.bluesky.jetstream.JetstreamAdapter;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.PostDeleted;
import org.evidencepipeline.contracts.ToolInfo;
import org.evidencepipeline.contracts.Topics;
import org.evidencepipeline.embedded.EmbeddedKafka;
import org.evidencepipeline.testsupport.TopicProbe;
import org.evidencepipeline.testsupport.WebSocketReplayServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A platform's delete announcement reaches posts.deleted.v1 as evidence, beside the posts of the same poll. */
class DeletionsArePublishedTest {
    @Test
    void jetstreamDeleteCommitsArePublishedAsPostDeleted(@TempDir Path dir) throws Exception {
        List<String> events = new String(TestFeeds.bytes("jetstream-events.jsonl"), StandardCharsets.UTF_8).lines().toList();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir); WebSocketReplayServer ws = WebSocketReplayServer.start(r -> events);
             CursorStore cursors = new CursorStore(Map.of("bootstrap.servers", kafka.bootstrapServers()), Topics.COLLECTOR_CURSORS);
             KafkaPostSink sink = new KafkaPostSink(kafka.bootstrapServers())) {
            cursors.load();
            SourceRunner runner = new SourceRunner(Map.of("bluesky-jetstream", new JetstreamAdapter("test", Duration.ofSeconds(2))),
                    cursors, sink, new SourceStatusBoard(new SimpleMeterRegistry(), Clock.systemUTC()),
                    new ToolInfo("collector", "test", "x"), 100, Clock.systemUTC());
            runner.run(new WatchedSource(new SourceSpec("firehose", "bluesky-jetstream", ws.url("/subscribe"), null, Map.of("window", "PT2S")),
                    List.of(new Collection("everything", null, null, List.of(), List.of()))));

            List<TopicProbe.Read> deleted = new TopicProbe(kafka.bootstrapServers()).readAll(Topics.POSTS_DELETED);
            assertThat(deleted).singleElement().satisfies(r -> {
                PostDeleted d = new EventCodec().read(r.value(), PostDeleted.class);
                assertThat(r.key()).isEqualTo("bluesky:at://did:plc:2w5rjb4yzn4d3qv7xkzfzjgl/app.bsky.feed.post/3mq1xyzabc2a");
                assertThat(d.postId()).isEqualTo(r.key());
                assertThat(d.sourceId()).isEqualTo("firehose");
                assertThat(d.evidence()).contains("time_us=1795641600450000");
            });
            assertThat(new TopicProbe(kafka.bootstrapServers()).readAll(Topics.POSTS_COLLECTED)).hasSize(4);
        }
    }
}
