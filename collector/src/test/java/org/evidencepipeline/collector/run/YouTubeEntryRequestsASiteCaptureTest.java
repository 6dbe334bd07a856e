package org.evidencepipeline.collector.run;

import org.evidencepipeline.collector.TestFeeds;
import org.evidencepipeline.collector.collection.Collection;
import org.evidencepipeline.collector.collection.CollectionRegistry.WatchedSource;
import org.evidencepipeline.collector.collection.SourceSpec;
import org.evidencepipeline.collector.source.rss.RssAdapter;
import org.evidencepipeline.collector.source.rss.ServedAsYoutubesFeed;
import org.evidencepipeline.contracts.VideoCaptureRequested;
import org.evidencepipeline.embedded.EmbeddedKafka;
import org.evidencepipeline.embedded.FeedReplayServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A YouTube channel feed entry asks for a {@code site} capture (yt-dlp) of its watch page; the same feed served from
 * anywhere else is only an RSS feed whose {@code <yt:videoId>} is a claim, and asks for none.
 */
class YouTubeEntryRequestsASiteCaptureTest {
    private static final String YOUTUBE_FEED = "https://www.youtube.com/feeds/videos.xml?channel_id=UCx0Kc1XtOa2bk5T7pZ0aF1Q";
    private final FeedReplayServer server = FeedReplayServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aYoutubeVideoAsksForItsWatchPageAsASite(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
            VideoRequestRig rig = new VideoRequestRig(kafka);
            server.serve("/feeds/videos.xml", TestFeeds.bytes("youtube-channel.atom.xml"), "application/atom+xml; charset=UTF-8");
            List<Collection> collections = List.of(new Collection("field-reports", null, null, List.of(), List.of()));
            RssAdapter rss = new RssAdapter(VideoRequestRig.fetcher());

            SourceRunner.Outcome outcome = rig.lifetime(new ServedAsYoutubesFeed(rss, server.url("/feeds/videos.xml")),
                    new WatchedSource(new SourceSpec("channel", "rss", YOUTUBE_FEED, null, Map.of()), collections));
            assertThat(outcome.published()).isEqualTo(1);
            assertThat(outcome.videosRequested()).isEqualTo(1);
            VideoCaptureRequested request = rig.videoRequests().get(0);
            assertThat(request.postId()).isEqualTo("youtube:Qm3vT9xLp2A");
            assertThat(request.kind()).isEqualTo(VideoCaptureRequested.SITE);
            assertThat(request.streamUrl()).isEqualTo("https://www.youtube.com/watch?v=Qm3vT9xLp2A");
            assertThat(request.pageUrl()).isEqualTo(request.streamUrl());
            assertThat(request.platform()).isEqualTo("youtube");
            assertThat(request.collectionIds()).containsExactly("field-reports");
            rig.assertEachRequestNamesAPublishedPostAndItsStream();

            // The same bytes served by someone else: an rss post linking to YouTube, no capture asked for on its say-so.
            String elsewhere = new String(TestFeeds.bytes("youtube-channel.atom.xml"), StandardCharsets.UTF_8)
                    .replace("<yt:videoId>Qm3vT9xLp2A</yt:videoId>", "<yt:videoId>Zz9vT9xLp2A</yt:videoId>");
            server.serve("/other.xml", elsewhere, "application/atom+xml; charset=UTF-8");
            SourceRunner.Outcome other = rig.lifetime(new RssAdapter(VideoRequestRig.fetcher()),
                    new WatchedSource(new SourceSpec("mirror", "rss", server.url("/other.xml"), null, Map.of()), collections));
            assertThat(other.published()).isEqualTo(1);
            assertThat(other.videosRequested()).isZero();
            assertThat(rig.videoRequests()).hasSize(1);
        }
    }
}
