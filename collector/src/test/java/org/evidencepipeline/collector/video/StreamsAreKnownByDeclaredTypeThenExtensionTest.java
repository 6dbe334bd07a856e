package org.evidencepipeline.collector.video;

import org.evidencepipeline.collector.collection.Collection;
import org.evidencepipeline.collector.collection.PageCapture;
import org.evidencepipeline.contracts.MediaRef;
import org.evidencepipeline.contracts.PostCollected;
import org.evidencepipeline.contracts.ToolInfo;
import org.evidencepipeline.contracts.VideoCaptureRequested;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Which media of a post are streams: the declared type decides (HLS's several names, DASH, with parameters and any
 * case); an untyped or generic video item is known by its URL's path ending {@code .m3u8}/{@code .mpd}; a type that
 * says otherwise is not overruled by the name; only http(s); each stream once; at most a bounded number per post.
 */
class StreamsAreKnownByDeclaredTypeThenExtensionTest {
    private static final Instant NOW = Instant.parse("2026-12-02T05:00:00Z");
    private static final ToolInfo TOOL = new ToolInfo("collector", "test", "x");

    @Test
    void theDeclaredTypeDecidesThenThePathsExtension() {
        assertThat(VideoStreams.kindOf(ref("https://x.example/a", "application/vnd.apple.mpegurl"))).isEqualTo("hls");
        assertThat(VideoStreams.kindOf(ref("https://x.example/a", "Application/X-MpegURL; charset=utf-8"))).isEqualTo("hls");
        assertThat(VideoStreams.kindOf(ref("https://x.example/a", "audio/mpegurl"))).isEqualTo("hls");
        assertThat(VideoStreams.kindOf(ref("https://x.example/a", "application/dash+xml"))).isEqualTo("dash");
        assertThat(VideoStreams.kindOf(ref("https://x.example/v/master.M3U8?t=1", null))).isEqualTo("hls");
        assertThat(VideoStreams.kindOf(ref("https://x.example/v/manifest.mpd#t=3", "video"))).isEqualTo("dash");
        assertThat(VideoStreams.kindOf(ref("https://x.example/v/playlist.m3u8", "video/mp4")))
                .as("a playlist URL under the uploaded file's type").isEqualTo("hls");
        assertThat(VideoStreams.kindOf(ref("https://x.example/v/clip.mp4", "video/mp4"))).isNull();
        assertThat(VideoStreams.kindOf(ref("https://x.example/v/clip.mp4", "gifv"))).isNull();
        assertThat(VideoStreams.kindOf(ref("https://x.example/still.m3u8", "image/jpeg"))).as("declared an image").isNull();
        assertThat(VideoStreams.kindOf(ref("https://x.example/a?format=.m3u8", null))).as("the path, not the query").isNull();
    }

    @Test
    void onlyWebUrlsEachOnceAndBoundedInNumber() {
        List<MediaRef> media = new ArrayList<>();
        media.add(ref("ftp://x.example/a.m3u8", null));
        media.add(ref("file:///etc/a.m3u8", null));
        media.add(ref("https://x.example/a.m3u8", null));
        media.add(ref("https://x.example/a.m3u8", "application/vnd.apple.mpegurl"));
        for (int i = 0; i < 40; i++) {
            media.add(ref("https://x.example/" + i + ".mpd", null));
        }
        List<VideoStream> streams = VideoStreams.of(post("rss", "https://x.example/post", media));
        assertThat(streams).hasSize(VideoStreams.MAX_STREAMS_PER_POST);
        assertThat(streams.get(0)).isEqualTo(new VideoStream("https://x.example/a.m3u8", "hls"));
        assertThat(streams).extracting(VideoStream::url).doesNotHaveDuplicates().allMatch(u -> u.startsWith("https://"));
    }

    @Test
    void aYoutubePostsWatchPageIsASiteAndOnlyThere() {
        assertThat(VideoStreams.of(post("youtube", "https://www.youtube.com/watch?v=Qm3vT9xLp2A", List.of())))
                .containsExactly(new VideoStream("https://www.youtube.com/watch?v=Qm3vT9xLp2A", "site"));
        assertThat(VideoStreams.of(post("rss", "https://www.youtube.com/watch?v=Qm3vT9xLp2A", List.of())))
                .as("another feed linking to YouTube").isEmpty();
        assertThat(VideoStreams.of(post("youtube", "https://example.org/watch?v=x", List.of()))).isEmpty();
    }

    @Test
    void requestsNameOnlyTheCollectionsWantingVideosAndNoneWhenNoneDoes() {
        VideoRequests requests = new VideoRequests(TOOL, Clock.fixed(NOW, ZoneOffset.UTC));
        PostCollected post = post("rss", "https://x.example/post", List.of(ref("https://x.example/a.m3u8", null),
                ref("https://x.example/b.mpd", null)));
        Collection on = new Collection("on", null, null, List.of(), List.of());
        Collection off = new Collection("off", null, null, List.of(), List.of(), new PageCapture(true, 6, false));

        assertThat(requests.forPost(post, List.of(off))).isEmpty();
        List<VideoCaptureRequested> made = requests.forPost(post, List.of(off, on));
        assertThat(made).extracting(VideoCaptureRequested::streamUrl, VideoCaptureRequested::kind).containsExactly(
                tuple("https://x.example/a.m3u8", "hls"), tuple("https://x.example/b.mpd", "dash"));
        assertThat(made).allSatisfy(r -> {
            assertThat(r.collectionIds()).containsExactly("on");
            assertThat(r.postId()).isEqualTo(post.postId());
            assertThat(r.postVersion()).isEqualTo(post.version());
            assertThat(r.pageUrl()).isEqualTo(post.url());
            assertThat(r.requestedAt()).isEqualTo(NOW);
            assertThat(r.requester()).isEqualTo(TOOL);
            assertThat(r.schemaVersion()).isEqualTo(VideoCaptureRequested.SCHEMA_VERSION);
        });
    }

    private static MediaRef ref(String url, String type) {
        return new MediaRef(url, type, null);
    }

    private static PostCollected post(String platform, String url, List<MediaRef> media) {
        return new PostCollected(PostCollected.SCHEMA_VERSION, platform + ":p1", platform, "p1", 2, "src", List.of("on"), url,
                null, "t", "x", null, NOW, NOW, media, null, "0".repeat(64), TOOL);
    }
}
