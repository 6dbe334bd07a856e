package org.evidencepipeline.collector.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.evidencepipeline.collector.TestFeeds;
import org.evidencepipeline.collector.collection.Collection;
import org.evidencepipeline.collector.collection.CollectionRegistry.WatchedSource;
import org.evidencepipeline.collector.collection.SourceSpec;
import org.evidencepipeline.collector.source.reddit.RedditAdapter;
import org.evidencepipeline.contracts.MediaRef;
import org.evidencepipeline.contracts.PostCollected;
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
 * A Reddit post with {@code reddit_video} asks for its DASH stream (the fallback MP4 has no audio), a crosspost for its
 * parent's, a video with only {@code hls_url} for that playlist (an {@code &amp;} undone); the post record keeps the
 * fallback file and names the stream; posts without a hosted video ask for none. Served in Reddit's listing format,
 * published on the real broker.
 */
class RedditVideoPostRequestsItsDashStreamTest {
    private static final String NEW = "/r/ukraine/new.json?raw_json=1&limit=100";
    private static final String VIDEO = "reddit:t3_1gz4k6f";
    private static final String CROSSPOST = "reddit:t3_1gz4k7g";
    private static final String HLS_ONLY = "reddit:t3_1gz4k99";
    private final FeedReplayServer server = FeedReplayServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theVideoPostsRequestTheirStreams(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
            VideoRequestRig rig = new VideoRequestRig(kafka);
            server.serve(NEW, listingWithAnHlsOnlyVideo(), "application/json; charset=UTF-8");
            WatchedSource source = new WatchedSource(new SourceSpec("r-ukraine", "reddit", server.baseUrl(), null,
                    Map.of("subreddit", "ukraine")), List.of(new Collection("all-ukraine", null, null, List.of(), List.of())));
            RedditAdapter adapter = new RedditAdapter(VideoRequestRig.fetcher(), Clock.systemUTC(), name -> null);

            SourceRunner.Outcome first = rig.lifetime(adapter, source);
            assertThat(first.videosRequested()).isEqualTo(3);
            List<VideoCaptureRequested> requests = rig.videoRequests();
            assertThat(requests).extracting(VideoCaptureRequested::postId).containsExactlyInAnyOrder(VIDEO, CROSSPOST, HLS_ONLY);

            VideoCaptureRequested video = only(requests, VIDEO);
            assertThat(video.kind()).isEqualTo(VideoCaptureRequested.DASH);
            assertThat(video.streamUrl()).isEqualTo("https://v.redd.it/3kq8x1m2n3wf1/DASHPlaylist.mpd?a=1795160000&v=1&f=sd");
            assertThat(video.pageUrl()).startsWith("https://www.reddit.com/r/ukraine/comments/1gz4k6f/");
            assertThat(video.postVersion()).isEqualTo(1);
            assertThat(video.platform()).isEqualTo("reddit");
            assertThat(video.collectionIds()).containsExactly("all-ukraine");
            PostCollected post = rig.posts().get(VIDEO + "#1");
            assertThat(post.media()).as("the fallback file stays, the stream is named beside it").containsExactly(
                    new MediaRef("https://v.redd.it/3kq8x1m2n3wf1/DASH_720.mp4?source=fallback", "video", null),
                    new MediaRef(video.streamUrl(), "application/dash+xml", "reddit_video"));

            assertThat(only(requests, CROSSPOST).streamUrl()).as("the crossposted parent's stream")
                    .isEqualTo("https://v.redd.it/9zt4w2k8p3wf1/DASHPlaylist.mpd?a=1795160000&v=1&f=sd");
            VideoCaptureRequested hls = only(requests, HLS_ONLY);
            assertThat(hls.kind()).isEqualTo(VideoCaptureRequested.HLS);
            assertThat(hls.streamUrl()).as("&amp; undone").isEqualTo("https://v.redd.it/hl5only0000/HLSPlaylist.m3u8?a=1&v=1&f=sd");
            rig.assertEachRequestNamesAPublishedPostAndItsStream();
            assertThat(rig.videoRequestsCounted("r-ukraine")).isEqualTo(3.0);

        }
    }

    private static VideoCaptureRequested only(List<VideoCaptureRequested> requests, String postId) {
        List<VideoCaptureRequested> of = requests.stream().filter(r -> r.postId().equals(postId)).toList();
        assertThat(of).as("requests of " + postId).hasSize(1);
        return of.get(0);
    }

    /** The recorded listing plus a copy of its video post whose reddit_video has an escaped hls_url and no dash_url. */
    private static byte[] listingWithAnHlsOnlyVideo() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode listing = (ObjectNode) json.readTree(TestFeeds.bytes("reddit/ukraine-new.json"));
        ArrayNode children = (ArrayNode) listing.at("/data/children");
        JsonNode original = null;
        for (JsonNode child : children) {
            if ("t3_1gz4k6f".equals(child.at("/data/name").asText())) {
                original = child;
            }
        }
        ObjectNode copy = original.deepCopy();
        ObjectNode data = (ObjectNode) copy.get("data");
        data.put("name", "t3_1gz4k99").put("id", "1gz4k99").put("title", "Відео лише з HLS")
                .put("permalink", "/r/ukraine/comments/1gz4k99/відео_лише_з_hls/");
        for (String media : List.of("secure_media", "media")) {
            if (data.get(media) instanceof ObjectNode m && m.get("reddit_video") instanceof ObjectNode v) {
                v.remove("dash_url");
                v.put("fallback_url", "https://v.redd.it/hl5only0000/DASH_360.mp4?source=fallback");
                v.put("hls_url", "https://v.redd.it/hl5only0000/HLSPlaylist.m3u8?a=1&amp;v=1&amp;f=sd");
            }
        }
        children.insert(0, copy);
        return json.writeValueAsBytes(listing);
    }
}
