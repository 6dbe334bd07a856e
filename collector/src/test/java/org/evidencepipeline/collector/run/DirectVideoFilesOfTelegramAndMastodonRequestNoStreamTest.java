package org.evidencepipeline.collector.run;

import org.evidencepipeline.collector.TestFeeds;
import org.evidencepipeline.collector.collection.Collection;
import org.evidencepipeline.collector.collection.CollectionRegistry.WatchedSource;
import org.evidencepipeline.collector.collection.SourceSpec;
import org.evidencepipeline.collector.source.mastodon.MastodonAdapter;
import org.evidencepipeline.collector.source.telegram.TelegramAdapter;
import org.evidencepipeline.contracts.PostCollected;
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
 * Telegram's {@code <video src>} and Mastodon's video and gifv attachments are single files the storer fetches at
 * once (a Telegram token expires within hours): their posts are published with the video among their media, and no
 * stream capture is asked for.
 */
class DirectVideoFilesOfTelegramAndMastodonRequestNoStreamTest {
    private static final String HTML = "text/html; charset=utf-8";
    private final FeedReplayServer server = FeedReplayServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void videoFilesArePublishedAsMediaAndAskForNoStream(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
            VideoRequestRig rig = new VideoRequestRig(kafka);
            List<Collection> all = List.of(new Collection("all", null, null, List.of(), List.of()));
            server.serve("/s/kharkiv_live_ua", TestFeeds.bytes("telegram/kharkiv_live_ua.html"), HTML);
            server.serve("/s/kharkiv_live_ua?before=4810", TestFeeds.bytes("telegram/kharkiv_live_ua-before-4810.html"), HTML);
            server.serve("/api/v1/timelines/tag/kharkiv?limit=40", TestFeeds.bytes("mastodon/tag-kharkiv.json"), "application/json");

            SourceRunner.Outcome telegram = rig.lifetime(new TelegramAdapter(VideoRequestRig.fetcher()),
                    new WatchedSource(new SourceSpec("kharkiv-live", "telegram", server.baseUrl(), null,
                            Map.of("channel", "kharkiv_live_ua")), all));
            SourceRunner.Outcome mastodon = rig.lifetime(new MastodonAdapter(VideoRequestRig.fetcher(), Clock.systemUTC(), name -> null),
                    new WatchedSource(new SourceSpec("kharkiv-tag", "mastodon", server.baseUrl(), null, Map.of("tag", "kharkiv")), all));

            assertThat(telegram.published()).isGreaterThan(0);
            assertThat(mastodon.published()).isGreaterThan(0);
            List<PostCollected> withVideo = rig.posts().values().stream()
                    .filter(p -> p.media().stream().anyMatch(m -> m.declaredType() != null
                            && (m.declaredType().startsWith("video") || m.declaredType().equals("gifv"))))
                    .toList();
            assertThat(withVideo).extracting(PostCollected::platform).as("the fixtures' video posts were published")
                    .contains("telegram", "mastodon");
            assertThat(telegram.videosRequested()).isZero();
            assertThat(mastodon.videosRequested()).isZero();
            assertThat(rig.videoRequests()).isEmpty();
        }
    }
}
