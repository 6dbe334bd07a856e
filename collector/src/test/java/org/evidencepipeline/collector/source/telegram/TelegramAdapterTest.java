package org.evidencepipeline.collector.source.telegram;

import org.evidencepipeline.collector.TestFeeds;
import org.evidencepipeline.collector.collection.SourceSpec;
import org.evidencepipeline.collector.cursor.SourceCursor;
import org.evidencepipeline.collector.http.HostThrottle;
import org.evidencepipeline.collector.http.PoliteFetcher;
import org.evidencepipeline.collector.http.UnreadablePayloadException;
import org.evidencepipeline.collector.source.FoundPost;
import org.evidencepipeline.collector.source.SourceBatch;
import org.evidencepipeline.contracts.Author;
import org.evidencepipeline.contracts.MediaRef;
import org.evidencepipeline.embedded.FeedReplayServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TelegramAdapterTest {
    static final String NEWEST = "/s/kharkiv_live_ua";
    static final String HTML = "text/html; charset=utf-8";

    private final FeedReplayServer server = FeedReplayServer.start();
    private final TelegramAdapter adapter = new TelegramAdapter(new PoliteFetcher("test", Duration.ofSeconds(2), Duration.ofSeconds(5),
            1_000_000, new HostThrottle(Duration.ZERO, Duration.ofMinutes(1), Clock.systemUTC()), Clock.systemUTC()));

    @AfterEach
    void stop() {
        server.close();
    }

    private SourceSpec source(Map<String, String> params) {
        return new SourceSpec("kharkiv-live", "telegram", server.baseUrl(), null, params);
    }

    private static SourceCursor at(String position) {
        return SourceCursor.empty("kharkiv-live").advance(null, null, position, new LinkedHashMap<>(), 10, Instant.now());
    }

    private SourceBatch poll(SourceCursor cursor) throws Exception {
        server.serve(NEWEST, TestFeeds.bytes("telegram/kharkiv_live_ua.html"), HTML);
        server.serve(NEWEST + "?before=4810", TestFeeds.bytes("telegram/kharkiv_live_ua-before-4810.html"), HTML);
        return adapter.poll(source(Map.of("channel", "kharkiv_live_ua")), cursor);
    }

    private static Map<String, FoundPost> byId(SourceBatch batch) {
        Map<String, FoundPost> byId = new HashMap<>();
        batch.posts().forEach(p -> byId.put(p.platformId(), p));
        return byId;
    }

    @Test
    void firstPollReadsTheNewestPageOldestFirstSkippingServiceMessages() throws Exception {
        SourceBatch batch = poll(SourceCursor.empty("kharkiv-live"));

        assertThat(server.requests()).extracting(FeedReplayServer.Request::pathAndQuery).containsExactly(NEWEST);
        assertThat(batch.posts()).extracting(FoundPost::platformId).containsExactly("kharkiv_live_ua/4810", "kharkiv_live_ua/4812",
                "kharkiv_live_ua/4813", "kharkiv_live_ua/4815", "kharkiv_live_ua/4816", "kharkiv_live_ua/4818", "kharkiv_live_ua/4819");
        assertThat(batch.position()).isEqualTo("4819");
        assertThat(batch.rejected()).singleElement().satisfies(r -> {
            assertThat(r.reason()).contains("data-post");
            assertThat(r.excerpt()).contains("Повідомлення з пошкодженим data-post");
        });

        FoundPost photo = byId(batch).get("kharkiv_live_ua/4812");
        assertThat(photo.platform()).isEqualTo("telegram");
        assertThat(photo.url()).isEqualTo("https://t.me/kharkiv_live_ua/4812");
        assertThat(photo.author()).isEqualTo(new Author("kharkiv_live_ua", "Харків Live", "https://t.me/kharkiv_live_ua"));
        assertThat(photo.text()).isEqualTo("🔴 Наслідки нічного удару по Салтівці. Фото: ДСНС");
        assertThat(photo.publishedAt()).isEqualTo(Instant.parse("2026-11-20T06:15:04Z"));
        assertThat(photo.languageHint()).isNull();
        assertThat(photo.title()).isNull();
        assertThat(photo.media()).containsExactly(
                new MediaRef("https://cdn4.cdn-telegram.org/file/Qm9kPhoto4812aBcD.jpg", "image", "kharkiv_live_ua/4812"));
    }

    @Test
    void albumVideoOversizedVideoAndVoiceNoteBecomeMediaInPageOrder() throws Exception {
        Map<String, FoundPost> posts = byId(poll(SourceCursor.empty("kharkiv-live")));

        assertThat(posts.get("kharkiv_live_ua/4813").media()).as("each album item is its own message").containsExactly(
                new MediaRef("https://cdn4.cdn-telegram.org/file/AlB1um4813first.jpg", "image", "kharkiv_live_ua/4813"),
                new MediaRef("https://cdn4.cdn-telegram.org/file/AlB1um4814second.jpg", "image", "kharkiv_live_ua/4814"));
        assertThat(posts.get("kharkiv_live_ua/4813").text()).isEqualTo("Ранок у Харкові: черги біля пунктів незламності");
        assertThat(posts.get("kharkiv_live_ua/4815").media()).containsExactly(
                new MediaRef("https://cdn4.cdn-telegram.org/file/Vid4815clip.mp4?token=Ab3dEf", "video", "kharkiv_live_ua/4815"),
                new MediaRef("https://cdn4.cdn-telegram.org/file/Vth4815thumb.jpg", "image", "thumbnail"));
        assertThat(posts.get("kharkiv_live_ua/4818").media()).as("'Media is too big': only the thumbnail is public").containsExactly(
                new MediaRef("https://cdn4.cdn-telegram.org/file/Big4818thumb.jpg", "image", "thumbnail"));
        FoundPost voice = posts.get("kharkiv_live_ua/4819");
        assertThat(voice.media()).containsExactly(new MediaRef("https://cdn4.cdn-telegram.org/file/Voice4819.ogg?token=Zz9", "audio", null));
        assertThat(voice.publishedAt()).as("no date on the page: kept without one").isNull();
    }

    @Test
    void forwardedMessageStaysTheChannelsPostAndNamesItsOriginFirst() throws Exception {
        FoundPost forwarded = byId(poll(SourceCursor.empty("kharkiv-live"))).get("kharkiv_live_ua/4810");

        assertThat(forwarded.author().id()).isEqualTo("kharkiv_live_ua");
        assertThat(forwarded.text()).isEqualTo("Forwarded from Суспільне Харків (https://t.me/suspilne_kharkiv/20311)\n"
                + "Внимание! Воздушная тревога в Харьковской области. Оставайтесь в укрытиях.");
    }

    @Test
    void quotedReplyIsNeitherTextNorMediaOfTheReply() throws Exception {
        FoundPost reply = byId(poll(SourceCursor.empty("kharkiv-live"))).get("kharkiv_live_ua/4816");

        assertThat(reply.text()).isEqualTo("Уточнение: пострадавших трое, все госпитализированы.");
        assertThat(reply.media()).isEmpty();
    }

    @Test
    void secondPollTakesOnlyMessagesNewerThanTheCursorFromOnePage() throws Exception {
        SourceBatch batch = poll(at("4815"));

        assertThat(server.requests()).extracting(FeedReplayServer.Request::pathAndQuery)
                .as("4810 is the oldest on the page, not past 4816: no gap, no older page").containsExactly(NEWEST);
        assertThat(batch.posts()).extracting(FoundPost::platformId)
                .containsExactly("kharkiv_live_ua/4816", "kharkiv_live_ua/4818", "kharkiv_live_ua/4819");
        assertThat(batch.position()).isEqualTo("4819");
    }

    @Test
    void afterDowntimeOlderPagesAreReadUntilTheGapIsClosed() throws Exception {
        SourceBatch batch = poll(at("4806"));

        assertThat(server.requests()).extracting(FeedReplayServer.Request::pathAndQuery)
                .containsExactly(NEWEST, NEWEST + "?before=4810");
        assertThat(batch.posts()).extracting(FoundPost::platformId).startsWith("kharkiv_live_ua/4807", "kharkiv_live_ua/4809", "kharkiv_live_ua/4810")
                .hasSize(9);
        assertThat(batch.position()).isEqualTo("4819");
    }

    @Test
    void olderPagesAreReadAtMostMaxPagesDeep() throws Exception {
        server.serve(NEWEST, TestFeeds.bytes("telegram/kharkiv_live_ua.html"), HTML);
        server.serve(NEWEST + "?before=4810", TestFeeds.bytes("telegram/kharkiv_live_ua-before-4810.html"), HTML);

        SourceBatch batch = adapter.poll(source(Map.of("channel", "@kharkiv_live_ua", "max-pages", "2")), at("4700"));

        assertThat(server.requests()).extracting(FeedReplayServer.Request::pathAndQuery).containsExactly(NEWEST, NEWEST + "?before=4810");
        assertThat(batch.posts()).hasSize(9);
        assertThat(batch.position()).isEqualTo("4819");
    }

    @Test
    void quietChannelKeepsThePosition() throws Exception {
        SourceBatch batch = poll(at("4819"));

        assertThat(batch.posts()).isEmpty();
        assertThat(batch.position()).isEqualTo("4819");
    }

    @Test
    void channelWithoutAPublicPreviewIsUnreadable() {
        server.serve(NEWEST, """
                <!DOCTYPE html><html><head><title>Telegram: Contact @kharkiv_live_ua</title></head>
                <body class="no_transition"><div class="tgme_page_wrap"><div class="tgme_page">
                <div class="tgme_page_title"><span dir="auto">Харків Live</span></div>
                <div class="tgme_page_extra">412 000 subscribers</div>
                <div class="tgme_page_action"><a class="tgme_action_button_new" href="tg://resolve?domain=kharkiv_live_ua">View in Telegram</a></div>
                </div></div></body></html>
                """, HTML);
        assertThatThrownBy(() -> adapter.poll(source(Map.of("channel", "kharkiv_live_ua")), SourceCursor.empty("kharkiv-live")))
                .isInstanceOf(UnreadablePayloadException.class)
                .hasMessageContaining("no public message preview for Telegram channel 'kharkiv_live_ua'")
                .satisfies(e -> assertThat(((UnreadablePayloadException) e).excerpt()).contains("tgme_page_title"));
    }

    @Test
    void channelParamIsRequiredAndMustBeAUsername() {
        assertThat(adapter.paramProblems(source(Map.of()))).singleElement()
                .satisfies(p -> assertThat(p).contains("param 'channel' is required"));
        assertThat(adapter.paramProblems(source(Map.of("channel", "kharkiv live/../x")))).singleElement()
                .satisfies(p -> assertThat(p).contains("must be a public channel username"));
        assertThat(adapter.paramProblems(source(Map.of("channel", "https://t.me/s/kharkiv_live_ua")))).isEmpty();
        assertThat(adapter.paramProblems(source(Map.of("channel", "kharkiv_live_ua", "pages", "2")))).singleElement()
                .satisfies(p -> assertThat(p).contains("param 'pages' is not one of").contains("max-pages").contains("language"));
        assertThat(adapter.paramProblems(source(Map.of("channel", "kharkiv_live_ua", "language", "ukr")))).singleElement()
                .satisfies(p -> assertThat(p).contains("param 'language' must be an ISO 639-1 code"));
    }

    @Test
    void theChannelsConfiguredLanguageTravelsAsEachPostsHint() throws Exception {
        server.serve(NEWEST, TestFeeds.bytes("telegram/kharkiv_live_ua.html"), HTML);
        SourceBatch batch = adapter.poll(source(Map.of("channel", "kharkiv_live_ua", "language", "uk")), SourceCursor.empty("kharkiv-live"));
        assertThat(batch.posts()).isNotEmpty().allSatisfy(p -> assertThat(p.languageHint()).isEqualTo("uk"));
    }
}
