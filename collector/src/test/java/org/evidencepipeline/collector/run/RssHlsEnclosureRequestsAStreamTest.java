package org.evidencepipeline.collector.run;

import org.evidencepipeline.collector.collection.Collection;
import org.evidencepipeline.collector.collection.CollectionRegistry.WatchedSource;
import org.evidencepipeline.collector.collection.SourceSpec;
import org.evidencepipeline.collector.source.rss.RssAdapter;
import org.evidencepipeline.collector.source.rss.RssIds;
import org.evidencepipeline.contracts.VideoCaptureRequested;
import org.evidencepipeline.embedded.EmbeddedKafka;
import org.evidencepipeline.embedded.FeedReplayServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * RSS enclosures and Media RSS items that are HLS playlists (typed {@code application/vnd.apple.mpegurl} or
 * {@code application/x-mpegURL}, or untyped and ending {@code .m3u8}) or DASH manifests ({@code application/dash+xml}
 * or {@code .mpd}) ask for a stream capture, each stream once per post version even when named twice; an mp4 or an
 * image does not (the storer fetches those), nor a URL ending {@code .m3u8} declared as an image. An edit asks again, as
 * the new version.
 */
class RssHlsEnclosureRequestsAStreamTest {
    private static final String FEED = """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/">
              <channel>
                <title>Нічні новини</title>
                <link>https://news.example.org/</link>
                <description>Відео</description>
                <item>
                  <title>Пряма трансляція</title>
                  <link>https://news.example.org/live/1</link>
                  <guid isPermaLink="false">live-1</guid>
                  <enclosure url="https://cdn.example.org/live/1/master.m3u8?token=a&amp;b=2" length="0" type="application/x-mpegURL"/>
                  <media:content url="https://cdn.example.org/live/1/master.m3u8?token=a&amp;b=2" medium="video"/>
                  <media:content url="https://cdn.example.org/live/1/poster.jpg" type="image/jpeg" medium="image"/>
                </item>
                <item>
                  <title>Запис удару</title>
                  <link>https://news.example.org/clip/2</link>
                  <guid isPermaLink="false">clip-2</guid>
                  <enclosure url="https://cdn.example.org/clip/2/manifest" length="0" type="application/dash+xml"/>
                  <media:content url="https://cdn.example.org/clip/2/hls/index.m3u8" medium="video"/>
                  <media:content url="https://cdn.example.org/clip/2/other.mpd" medium="video"/>
                  <media:content url="https://cdn.example.org/clip/2/typed.m3u8" type="application/vnd.apple.mpegurl"/>
                </item>
                <item>
                  <title>Звичайне відео</title>
                  <link>https://news.example.org/clip/3</link>
                  <guid isPermaLink="false">clip-3</guid>
                  <enclosure url="https://cdn.example.org/clip/3.mp4" length="123" type="video/mp4"/>
                  <media:content url="https://cdn.example.org/clip/3/still.m3u8" type="image/jpeg" medium="image"/>
                </item>
              </channel>
            </rss>
            """;
    private final FeedReplayServer server = FeedReplayServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void playlistsAndManifestsAskForStreamsFilesDoNot(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
            VideoRequestRig rig = new VideoRequestRig(kafka);
            server.serve("/feed.xml", FEED, "application/rss+xml");
            WatchedSource source = new WatchedSource(new SourceSpec("night-news", "rss", server.url("/feed.xml"), null, Map.of()),
                    List.of(new Collection("all", null, null, List.of(), List.of())));

            SourceRunner.Outcome first = rig.lifetime(new RssAdapter(VideoRequestRig.fetcher()), source);
            assertThat(first.published()).isEqualTo(3);
            assertThat(first.videosRequested()).isEqualTo(5);
            assertThat(rig.videoRequests()).extracting(VideoCaptureRequested::postId, VideoCaptureRequested::streamUrl,
                    VideoCaptureRequested::kind, VideoCaptureRequested::postVersion).containsExactlyInAnyOrder(
                    tuple(id("live-1"), "https://cdn.example.org/live/1/master.m3u8?token=a&b=2", "hls", 1),
                    tuple(id("clip-2"), "https://cdn.example.org/clip/2/manifest", "dash", 1),
                    tuple(id("clip-2"), "https://cdn.example.org/clip/2/hls/index.m3u8", "hls", 1),
                    tuple(id("clip-2"), "https://cdn.example.org/clip/2/other.mpd", "dash", 1),
                    tuple(id("clip-2"), "https://cdn.example.org/clip/2/typed.m3u8", "hls", 1));
            rig.assertEachRequestNamesAPublishedPostAndItsStream();
            assertThat(rig.videoRequests()).extracting(VideoCaptureRequested::captureId).as("one capture per stream").doesNotHaveDuplicates();

            // The live post is edited: its stream is asked for again as version 2; the others not again.
            server.serve("/feed.xml", FEED.replace("Пряма трансляція", "Пряма трансляція (оновлено)"), "application/rss+xml");
            SourceRunner.Outcome edited = rig.lifetime(new RssAdapter(VideoRequestRig.fetcher()), source);
            assertThat(edited.published()).isEqualTo(1);
            assertThat(edited.videosRequested()).isEqualTo(1);
            List<VideoCaptureRequested> all = rig.videoRequests();
            assertThat(all).hasSize(6);
            VideoCaptureRequested v2 = all.stream().filter(r -> r.postVersion() == 2).findFirst().orElseThrow();
            assertThat(v2.postId()).isEqualTo(id("live-1"));
            VideoCaptureRequested v1 = all.stream().filter(r -> r.postId().equals(id("live-1")) && r.postVersion() == 1)
                    .findFirst().orElseThrow();
            assertThat(v2.streamUrl()).isEqualTo(v1.streamUrl());
            assertThat(v2.captureId()).as("a new version is a new capture").isNotEqualTo(v1.captureId());
            assertThat(rig.videoRequestsCounted("night-news")).isEqualTo(6.0);
        }
    }

    private String id(String guid) {
        return "rss:" + RssIds.platformId(server.url("/feed.xml"), guid);
    }
}
