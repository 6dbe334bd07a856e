package org.evidencepipeline.collector.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.evidencepipeline.collector.TestFeeds;
import org.evidencepipeline.collector.collection.Collection;
import org.evidencepipeline.collector.collection.CollectionRegistry.WatchedSource;
import org.evidencepipeline.collector.collection.SourceSpec;
import org.evidencepipeline.collector.source.bluesky.BlueskyAdapter;
import org.evidencepipeline.contracts.MediaRef;
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
 * A Bluesky post with an {@code app.bsky.embed.video} embed, and a quote post whose own media is a video
 * ({@code recordWithMedia}), ask for the HLS playlist the AppView names; the playlist stays a media item of the post,
 * typed as a playlist; posts with images only ask for none. Served in the AppView's getAuthorFeed format.
 */
class BlueskyVideoEmbedRequestsItsPlaylistTest {
    private static final String FEED = "/xrpc/app.bsky.feed.getAuthorFeed?actor=kharkiv-news.bsky.social&limit=50";
    private static final String DID = "did:plc:kh4rk1vn3wsuakr41n3x8q2b";
    private static final String VIDEO = "bluesky:at://" + DID + "/app.bsky.feed.post/3mb7xh5aa2c2k";
    private static final String QUOTE = "bluesky:at://" + DID + "/app.bsky.feed.post/3mb7xf7kd3k2p";
    private static final String QUOTED_CID = "bafkreigq7quotedvideo0000000000000000000000000000000000000";
    private final FeedReplayServer server = FeedReplayServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theVideoAndTheQuoteWithAVideoRequestTheirPlaylists(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
            VideoRequestRig rig = new VideoRequestRig(kafka);
            server.serve(FEED, feedWithAQuoteOfItsOwnVideo(), "application/json; charset=utf-8");
            server.serve(FEED + "&cursor=2026-11-20T06%3A30%3A30Z", TestFeeds.bytes("bluesky/author-feed-kharkiv-news-page2.json"),
                    "application/json");
            WatchedSource source = new WatchedSource(new SourceSpec("kharkiv-news-bsky", "bluesky", server.baseUrl(), null,
                    Map.of("actor", "kharkiv-news.bsky.social")), List.of(new Collection("kharkiv", null, null, List.of(), List.of())));
            BlueskyAdapter adapter = new BlueskyAdapter(VideoRequestRig.fetcher(), Clock.systemUTC(), name -> null);

            SourceRunner.Outcome outcome = rig.lifetime(adapter, source);
            assertThat(outcome.published()).isGreaterThan(2);
            assertThat(outcome.videosRequested()).isEqualTo(2);
            List<VideoCaptureRequested> requests = rig.videoRequests();
            assertThat(requests).extracting(VideoCaptureRequested::postId).containsExactlyInAnyOrder(VIDEO, QUOTE);

            String cid = "bafkreiy43qpenbnlmhoq7zjxkivppv6oce64hiissot7zl2lqkdh6dpram";
            String playlist = "https://video.bsky.app/watch/did%3Aplc%3Akh4rk1vn3wsuakr41n3x8q2b/" + cid + "/playlist.m3u8";
            VideoCaptureRequested video = requests.stream().filter(r -> r.postId().equals(VIDEO)).findFirst().orElseThrow();
            assertThat(video.kind()).isEqualTo(VideoCaptureRequested.HLS);
            assertThat(video.streamUrl()).isEqualTo(playlist);
            assertThat(video.pageUrl()).isEqualTo("https://bsky.app/profile/kharkiv-news.bsky.social/post/3mb7xh5aa2c2k");
            assertThat(rig.posts().get(VIDEO + "#1").media()).as("the playlist stays the post's media, typed as a playlist")
                    .contains(new MediaRef(playlist, "application/vnd.apple.mpegurl", cid));

            VideoCaptureRequested quote = requests.stream().filter(r -> r.postId().equals(QUOTE)).findFirst().orElseThrow();
            assertThat(quote.kind()).isEqualTo(VideoCaptureRequested.HLS);
            assertThat(quote.streamUrl()).as("the quote's own video, not the quoted post")
                    .isEqualTo("https://video.bsky.app/watch/did%3Aplc%3Akh4rk1vn3wsuakr41n3x8q2b/" + QUOTED_CID + "/playlist.m3u8");
            rig.assertEachRequestNamesAPublishedPostAndItsStream();
        }
    }

    /** The recorded feed, with the quote post's own media (an image) replaced by a video embed. */
    private static byte[] feedWithAQuoteOfItsOwnVideo() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode feed = (ObjectNode) json.readTree(TestFeeds.bytes("bluesky/author-feed-kharkiv-news.json"));
        JsonNode videoPost = null;
        ObjectNode quotePost = null;
        for (JsonNode item : feed.get("feed")) {
            String uri = item.at("/post/uri").asText();
            if (uri.endsWith("/3mb7xh5aa2c2k")) {
                videoPost = item.get("post");
            } else if (uri.endsWith("/3mb7xf7kd3k2p")) {
                quotePost = (ObjectNode) item.get("post");
            }
        }
        String original = "bafkreiy43qpenbnlmhoq7zjxkivppv6oce64hiissot7zl2lqkdh6dpram";
        ObjectNode recordVideo = videoPost.at("/record/embed").deepCopy();
        ((ObjectNode) recordVideo.at("/video/ref")).put("$link", QUOTED_CID);
        ObjectNode viewVideo = videoPost.get("embed").deepCopy();
        viewVideo.put("cid", QUOTED_CID)
                .put("playlist", viewVideo.get("playlist").asText().replace(original, QUOTED_CID))
                .put("thumbnail", viewVideo.get("thumbnail").asText().replace(original, QUOTED_CID));
        ((ObjectNode) quotePost.at("/record/embed")).set("media", recordVideo);
        ((ObjectNode) quotePost.get("embed")).set("media", viewVideo);
        return json.writeValueAsBytes(feed);
    }
}
