package org.evidencepipeline.collector.source.bluesky.jetstream;

import org.evidencepipeline.collector.TestFeeds;
import org.evidencepipeline.collector.collection.SourceSpec;
import org.evidencepipeline.collector.cursor.SourceCursor;
import org.evidencepipeline.collector.source.FoundPost;
import org.evidencepipeline.collector.source.SourceBatch;
import org.evidencepipeline.contracts.MediaRef;
import org.evidencepipeline.testsupport.WebSocketReplayServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JetstreamAdapterTest {
    private static final List<String> EVENTS = new String(TestFeeds.bytes("jetstream-events.jsonl"), StandardCharsets.UTF_8).lines().toList();
    private final WebSocketReplayServer server = WebSocketReplayServer.start(request -> EVENTS);
    private final JetstreamAdapter adapter = new JetstreamAdapter("test-agent", Duration.ofSeconds(2));

    @AfterEach
    void stop() {
        server.close();
    }

    private SourceSpec spec(Map<String, String> params) {
        Map<String, String> p = new LinkedHashMap<>(Map.of("window", "PT2S"));
        p.putAll(params);
        return new SourceSpec("jetstream", "bluesky-jetstream", server.url("/subscribe"), null, p);
    }

    @Test
    void firstPollSubscribesToPostsAndMapsImagesVideoQuotesAndEdits() throws Exception {
        SourceBatch batch = adapter.poll(spec(Map.of()), SourceCursor.empty("jetstream"));

        assertThat(server.requests()).containsExactly("/subscribe?wantedCollections=app.bsky.feed.post");
        assertThat(batch.posts()).extracting(FoundPost::platformId).containsExactly(
                "at://did:plc:k7u2xq4mfsyc6rnhbz3ejd5a/app.bsky.feed.post/3mq2aa1kx2c2a",
                "at://did:plc:k7u2xq4mfsyc6rnhbz3ejd5a/app.bsky.feed.post/3mq2aa1kx2c2a",
                "at://did:plc:2w5rjb4yzn4d3qv7xkzfzjgl/app.bsky.feed.post/3mq2aa3vv9b2s",
                "at://did:plc:7hqkd6q3mu3f4d5w3zq2yv2k/app.bsky.feed.post/3mq2aa4qm3z2k");
        FoundPost odesa = batch.posts().get(0);
        assertThat(odesa.platform()).isEqualTo("bluesky");
        assertThat(odesa.text()).isEqualTo("Вибухи в Одесі, фото з місця подій #Одеса");
        assertThat(odesa.languageHint()).isEqualTo("uk");
        assertThat(odesa.publishedAt()).isEqualTo(Instant.parse("2026-11-26T02:00:00.100Z"));
        assertThat(odesa.url()).isEqualTo("https://bsky.app/profile/did:plc:k7u2xq4mfsyc6rnhbz3ejd5a/post/3mq2aa1kx2c2a");
        assertThat(odesa.media()).containsExactly(
                new MediaRef("https://cdn.bsky.app/img/feed_fullsize/plain/did:plc:k7u2xq4mfsyc6rnhbz3ejd5a/bafkreia7yx4tq3bq5mv2u6tqvk4p6bd3ljkxfyg5s6bltg4c6mryqtabcu@jpeg",
                        "image/jpeg", "bafkreia7yx4tq3bq5mv2u6tqvk4p6bd3ljkxfyg5s6bltg4c6mryqtabcu"),
                new MediaRef("https://cdn.bsky.app/img/feed_fullsize/plain/did:plc:k7u2xq4mfsyc6rnhbz3ejd5a/bafkreihq2m6zbl3c5ub7ptvq3gzmqg3y6gclnkrw4mbt4xpyw3y7kzz2ba@jpeg",
                        "image/png", "bafkreihq2m6zbl3c5ub7ptvq3gzmqg3y6gclnkrw4mbt4xpyw3y7kzz2ba"));
        assertThat(batch.posts().get(1).text()).as("the update is the same post with new text").contains("оновлено");
        assertThat(batch.posts().get(2).media()).singleElement().satisfies(m -> {
            assertThat(m.url()).as("the playlist URL the AppView states for this blob: DID URL-encoded")
                    .endsWith("/watch/did%3Aplc%3A2w5rjb4yzn4d3qv7xkzfzjgl/bafkreibq3ve4vdw5n7ty3s6ahm2nrkz4cfxoqvjlgk6ykfxgq5a2vyyoau/playlist.m3u8");
            assertThat(m.declaredType()).isEqualTo("application/vnd.apple.mpegurl");
            assertThat(m.platformRef()).isEqualTo("bafkreibq3ve4vdw5n7ty3s6ahm2nrkz4cfxoqvjlgk6ykfxgq5a2vyyoau");
        });
        assertThat(batch.posts().get(3).media()).as("quote post with its own image").singleElement()
                .satisfies(m -> assertThat(m.declaredType()).isEqualTo("image/webp"));
        assertThat(batch.rejected()).singleElement().satisfies(r -> assertThat(r.excerpt()).contains("did:plc:broken"));
        assertThat(batch.position()).as("newest time_us of the readable events").isEqualTo("1795641600460000");
        assertThat(batch.deletions()).singleElement().satisfies(d -> {
            assertThat(d.platformId()).isEqualTo("at://did:plc:2w5rjb4yzn4d3qv7xkzfzjgl/app.bsky.feed.post/3mq1xyzabc2a");
            assertThat(d.evidence()).contains("delete").contains("time_us=1795641600450000");
        });
    }

    @Test
    void nextPollResumesFromTheSavedMicrosecondCursorWithFilters() throws Exception {
        SourceCursor saved = SourceCursor.empty("jetstream").advance(null, null, "1795641600470000", new LinkedHashMap<>(), 10, Instant.now());
        adapter.poll(spec(Map.of("wanted-dids", "did:plc:k7u2xq4mfsyc6rnhbz3ejd5a,did:plc:2w5rjb4yzn4d3qv7xkzfzjgl")), saved);

        assertThat(server.requests()).containsExactly("/subscribe?wantedCollections=app.bsky.feed.post"
                + "&wantedDids=did%3Aplc%3Ak7u2xq4mfsyc6rnhbz3ejd5a&wantedDids=did%3Aplc%3A2w5rjb4yzn4d3qv7xkzfzjgl"
                + "&cursor=1795641598470000");
    }

    @Test
    void maxEventsEndsTheWindowEarly() throws Exception {
        SourceBatch batch = adapter.poll(spec(Map.of("max-events", "1", "window", "PT30S")), SourceCursor.empty("jetstream"));
        assertThat(batch.posts()).hasSize(1);
        assertThat(batch.position()).isEqualTo("1795641600100000");
    }

    @Test
    void httpUrlsAndBadWindowsAreRefusedWhenTheCollectionIsDeclared() {
        SourceSpec bad = new SourceSpec("j", "bluesky-jetstream", "https://jetstream.example/subscribe", null,
                Map.of("window", "10 seconds", "max-events", "-3"));
        assertThat(adapter.paramProblems(bad)).hasSize(3)
                .anyMatch(p -> p.contains("ws:// or wss://"))
                .anyMatch(p -> p.contains("ISO-8601"))
                .anyMatch(p -> p.contains("max-events"));
    }
}
