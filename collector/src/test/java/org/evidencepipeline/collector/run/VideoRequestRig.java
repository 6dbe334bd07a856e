package org.evidencepipeline.collector.run;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.evidencepipeline.collector.collection.CollectionRegistry.WatchedSource;
import org.evidencepipeline.collector.cursor.CursorStore;
import org.evidencepipeline.collector.http.HostThrottle;
import org.evidencepipeline.collector.http.PoliteFetcher;
import org.evidencepipeline.collector.publish.PostSink;
import org.evidencepipeline.collector.source.SourceAdapter;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.PageCaptureRequested;
import org.evidencepipeline.contracts.PostCollected;
import org.evidencepipeline.contracts.ToolInfo;
import org.evidencepipeline.contracts.Topics;
import org.evidencepipeline.contracts.VideoCaptureRequested;
import org.evidencepipeline.embedded.EmbeddedKafka;
import org.evidencepipeline.testsupport.TopicProbe;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the video request tests share: one collector lifetime (cursor reloaded from the real broker, a real adapter,
 * one poll) and the records it left on the topics, each checked to be keyed by its post id.
 */
final class VideoRequestRig {
    static final ToolInfo TOOL = new ToolInfo("collector", "test", "x");
    static final List<String> TOPICS = List.of(Topics.COLLECTOR_CURSORS, Topics.POSTS_COLLECTED, Topics.PAGES_REQUESTED,
            Topics.VIDEOS_REQUESTED, Topics.DEAD_LETTER_COLLECTOR);

    private final EmbeddedKafka kafka;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final EventCodec codec = new EventCodec();

    VideoRequestRig(EmbeddedKafka kafka) {
        this.kafka = kafka;
        kafka.createTopics(1, TOPICS);
    }

    static PoliteFetcher fetcher() {
        Clock clock = Clock.systemUTC();
        return new PoliteFetcher("evidence-pipeline-test/0.1 (+contact)", Duration.ofSeconds(2), Duration.ofSeconds(5),
                1_000_000, new HostThrottle(Duration.ZERO, Duration.ofMinutes(1), clock), clock);
    }

    SourceRunner.Outcome lifetime(SourceAdapter adapter, WatchedSource source) throws InterruptedException {
        try (KafkaPostSink sink = new KafkaPostSink(kafka.bootstrapServers())) {
            return lifetime(adapter, source, sink);
        }
    }

    SourceRunner.Outcome lifetime(SourceAdapter adapter, WatchedSource source, PostSink sink) throws InterruptedException {
        try (CursorStore cursors = cursors()) {
            return runner(adapter, cursors, sink).run(source);
        }
    }

    SourceRunner runner(SourceAdapter adapter, CursorStore cursors, PostSink sink) {
        Clock clock = Clock.systemUTC();
        return new SourceRunner(Map.of(adapter.type(), adapter), cursors, sink, new SourceStatusBoard(meters, clock), TOOL, 100, clock);
    }

    CursorStore cursors() {
        CursorStore cursors = new CursorStore(Map.of("bootstrap.servers", kafka.bootstrapServers()), Topics.COLLECTOR_CURSORS);
        cursors.load();
        return cursors;
    }

    List<VideoCaptureRequested> videoRequests() {
        return new TopicProbe(kafka.bootstrapServers()).readAll(Topics.VIDEOS_REQUESTED).stream().map(r -> {
            VideoCaptureRequested request = codec.read(r.value(), VideoCaptureRequested.class);
            assertThat(r.key()).as("keyed by post id like the post").isEqualTo(request.postId());
            return request;
        }).toList();
    }

    List<PageCaptureRequested> pageRequests() {
        return new TopicProbe(kafka.bootstrapServers()).readAll(Topics.PAGES_REQUESTED).stream()
                .map(r -> codec.read(r.value(), PageCaptureRequested.class)).toList();
    }

    /** Published posts by {@code postId#version}. */
    Map<String, PostCollected> posts() {
        return new TopicProbe(kafka.bootstrapServers()).readAll(Topics.POSTS_COLLECTED).stream()
                .map(r -> codec.read(r.value(), PostCollected.class))
                .collect(Collectors.toMap(p -> p.postId() + "#" + p.version(), p -> p, (a, b) -> a));
    }

    /** Each request names a post version that was published, naming the same stream among its media or as its page. */
    void assertEachRequestNamesAPublishedPostAndItsStream() {
        Map<String, PostCollected> posts = posts();
        assertThat(videoRequests()).allSatisfy(r -> {
            PostCollected post = posts.get(r.postId() + "#" + r.postVersion());
            assertThat(post).as("the post version of " + r.streamUrl()).isNotNull();
            assertThat(r.pageUrl()).isEqualTo(post.url());
            assertThat(r.platform()).isEqualTo(post.platform());
            assertThat(post.url().equals(r.streamUrl()) || post.media().stream().anyMatch(m -> m.url().equals(r.streamUrl())))
                    .as("the post record names " + r.streamUrl()).isTrue();
            assertThat(r.requester()).isEqualTo(TOOL);
        });
    }

    double videoRequestsCounted(String sourceId) {
        return meters.get("collector.video.requests").tag("source", sourceId).counter().count();
    }
}
