package org.evidencepipeline.collector.run;

import org.evidencepipeline.collector.TestFeeds;
import org.evidencepipeline.collector.collection.Collection;
import org.evidencepipeline.collector.collection.CollectionRegistry.WatchedSource;
import org.evidencepipeline.collector.collection.PageCapture;
import org.evidencepipeline.collector.collection.SourceSpec;
import org.evidencepipeline.collector.source.reddit.RedditAdapter;
import org.evidencepipeline.contracts.VideoCaptureRequested;
import org.evidencepipeline.embedded.EmbeddedKafka;
import org.evidencepipeline.embedded.FeedReplayServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code capture.videos: false} asks for no video stream of the posts the collection catches (their posts and pages
 * still go out); where another collection that caught the post wants videos, the request names only that one.
 */
class CollectionWithVideosOffRequestsNoVideoTest {
    private static final String NEW = "/r/ukraine/new.json?raw_json=1&limit=100";
    private final FeedReplayServer server = FeedReplayServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void videosOffAsksForNoneAndAMixIsNamedByTheCollectionsWantingThem(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
            VideoRequestRig rig = new VideoRequestRig(kafka);
            server.serve(NEW, TestFeeds.bytes("reddit/ukraine-new.json"), "application/json; charset=UTF-8");
            RedditAdapter adapter = new RedditAdapter(VideoRequestRig.fetcher(), Clock.systemUTC(), name -> null);
            Collection noVideos = new Collection("no-videos", null, null, List.of(), List.of(), new PageCapture(true, 6, false));

            SourceRunner.Outcome off = rig.lifetime(adapter, new WatchedSource(new SourceSpec("r-off", "reddit", server.baseUrl(),
                    null, Map.of("subreddit", "ukraine")), List.of(noVideos)));
            assertThat(off.published()).isGreaterThan(2);
            assertThat(off.pagesRequested()).as("pages are still asked for").isEqualTo(off.published());
            assertThat(off.videosRequested()).isZero();
            assertThat(rig.videoRequests()).isEmpty();

            // Another source over the same listing: a collection wanting videos catches the video posts too.
            Collection videos = new Collection("videos", null, null, List.of(), List.of("відео"));
            SourceRunner.Outcome mixed = rig.lifetime(adapter, new WatchedSource(new SourceSpec("r-mixed", "reddit", server.baseUrl(),
                    null, Map.of("subreddit", "ukraine")), List.of(noVideos, videos)));
            assertThat(mixed.videosRequested()).isEqualTo(2);
            assertThat(rig.videoRequests()).hasSize(2).allSatisfy(r -> assertThat(r.collectionIds())
                    .as("only the collection wanting videos").containsExactly("videos"));
            assertThat(rig.videoRequests()).extracting(VideoCaptureRequested::kind).containsOnly(VideoCaptureRequested.DASH);
        }
    }
}
