package org.evidencepipeline.collector.source.mastodon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.evidencepipeline.collector.TestFeeds;
import org.evidencepipeline.collector.collection.SourceSpec;
import org.evidencepipeline.collector.cursor.SourceCursor;
import org.evidencepipeline.collector.http.FetchException;
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
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MastodonAdapterTest {
    static final String BOOST = "117647514796033234";
    static final String PHOTOS = "117647486156801234";
    static final String ARABIC = "117647400435713234";
    static final String OLDEST = "117647297740801234";
    static final String TAG_PAGE = "/api/v1/timelines/tag/kharkiv?limit=40";

    private final FeedReplayServer server = FeedReplayServer.start();
    private final Map<String, String> env = new HashMap<>();
    private final MastodonAdapter adapter = new MastodonAdapter(new PoliteFetcher("test", Duration.ofSeconds(2), Duration.ofSeconds(5),
            1_000_000, new HostThrottle(Duration.ZERO, Duration.ofMinutes(1), Clock.systemUTC()), Clock.systemUTC()),
            Clock.systemUTC(), env::get);

    @AfterEach
    void stop() {
        server.close();
    }

    private SourceSpec source(Map<String, String> params) {
        return new SourceSpec("kharkiv-tag", "mastodon", server.baseUrl(), null, params);
    }

    private static SourceCursor at(String position) {
        return SourceCursor.empty("kharkiv-tag").advance(null, null, position, new LinkedHashMap<>(), 10, Instant.now());
    }

    /** Statuses of the recorded-shape fixture by index (0 is the newest), as one API page. */
    private static byte[] statuses(int... indexes) throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode all = json.readTree(TestFeeds.bytes("mastodon/tag-kharkiv.json"));
        ArrayNode page = json.createArrayNode();
        for (int i : indexes) {
            page.add(all.get(i));
        }
        return json.writeValueAsBytes(page);
    }

    @Test
    void firstPollTakesOneHashtagPageAndMapsStatusesOldestFirst() throws Exception {
        server.serve(TAG_PAGE, TestFeeds.bytes("mastodon/tag-kharkiv.json"), "application/json; charset=utf-8");

        SourceBatch batch = adapter.poll(source(Map.of("timeline", "tag", "tag", "kharkiv")), SourceCursor.empty("kharkiv-tag"));

        assertThat(server.requests()).extracting(FeedReplayServer.Request::pathAndQuery).containsExactly(TAG_PAGE);
        assertThat(batch.posts()).extracting(FoundPost::platformId).as("oldest first, ids scoped to the instance")
                .containsExactly("127.0.0.1/" + OLDEST, "127.0.0.1/" + ARABIC, "127.0.0.1/" + PHOTOS, "127.0.0.1/" + BOOST);
        assertThat(batch.position()).isEqualTo(BOOST);

        FoundPost oldest = batch.posts().get(0);
        assertThat(oldest.platform()).isEqualTo("mastodon");
        assertThat(oldest.languageHint()).as("Mastodon may not know the language").isNull();
        assertThat(oldest.author()).as("blank display name falls back to acct")
                .isEqualTo(new Author("109305", "kharkiv_news", "https://mstdn.example.social/@kharkiv_news"));
        assertThat(oldest.text()).isEqualTo("Kharkiv this morning: metro stations are open as shelters. #Kharkiv");
        assertThat(oldest.publishedAt()).isEqualTo(Instant.parse("2026-11-20T06:15:00Z"));
        assertThat(oldest.media()).isEmpty();

        FoundPost arabic = batch.posts().get(1);
        assertThat(arabic.text()).isEqualTo("تقرير صوتي من خاركيف: صفارات الإنذار مستمرة منذ الصباح.");
        assertThat(arabic.languageHint()).isEqualTo("ar");
        assertThat(arabic.media()).as("gifv and audio kept; an attachment with no URL at all is skipped").containsExactly(
                new MediaRef("https://files.mstdn.example.social/media_attachments/files/117/647/400/300/003/001/original/sirens.mp4", "gifv", "117647400300003001"),
                new MediaRef("https://files.mstdn.example.social/media_attachments/files/117/647/400/300/003/002/original/report.mp3", "audio", "117647400300003002"));

        FoundPost photos = batch.posts().get(2);
        assertThat(photos.url()).isEqualTo("https://mstdn.example.social/@kharkiv_monitor/117647486156801234");
        assertThat(photos.text()).as("content warning first, entities decoded, markup gone").isEqualTo(
                "Наслідки обстрілу, фото руйнувань\n\nХарків, Салтівка: пошкоджено дев'ятиповерховий будинок. #Харків Рятувальники працюють на місці.");
        assertThat(photos.languageHint()).isEqualTo("uk");
        assertThat(photos.author().name()).isEqualTo("Моніторинг Харкова");
        assertThat(photos.media()).as("remote media not cached by the instance is fetched from its origin").containsExactly(
                new MediaRef("https://files.mstdn.example.social/media_attachments/files/117/647/485/900/001/001/original/0d9e8f7a6b5c.jpg", "image", "117647485900001001"),
                new MediaRef("https://media.mstdn.example.ua/media_attachments/files/113/501/000/000/000/777/original/c0ffee.jpeg", "image", "117647485900001002"));

        assertThat(batch.rejected()).singleElement().satisfies(r -> {
            assertThat(r.reason()).contains("without an id");
            assertThat(r.excerpt()).contains("Статус без ідентифікатора");
        });
    }

    @Test
    void boostIsTheBoostersPostCarryingTheOriginalsTextMediaAndLanguage() throws Exception {
        server.serve(TAG_PAGE, TestFeeds.bytes("mastodon/tag-kharkiv.json"), "application/json");

        FoundPost boost = adapter.poll(source(Map.of("tag", "kharkiv")), SourceCursor.empty("kharkiv-tag")).posts().get(3);

        assertThat(boost.platformId()).isEqualTo("127.0.0.1/" + BOOST);
        assertThat(boost.author()).isEqualTo(new Author("109301", "OSINT Україна", "https://mstdn.example.social/@osint_ua"));
        assertThat(boost.publishedAt()).as("when it was boosted").isEqualTo(Instant.parse("2026-11-20T07:10:12Z"));
        assertThat(boost.url()).isEqualTo("https://mstdn.example.ua/@analyst/113501122334455667");
        assertThat(boost.text()).isEqualTo("Boost of @analyst@mstdn.example.ua https://mstdn.example.ua/@analyst/113501122334455667\n"
                + "Видео с места удара по Салтовке, снято около 06:30. #Харьков");
        assertThat(boost.languageHint()).isEqualTo("ru");
        assertThat(boost.media()).containsExactly(new MediaRef(
                "https://files.mstdn.example.social/cache/media_attachments/files/117/647/400/100/002/222/original/5f0c1d2e3a4b.mp4",
                "video", "117647400100002222"));
    }

    @Test
    void secondPollAsksOnlyForPostsNewerThanTheCursor() throws Exception {
        String page = TAG_PAGE + "&min_id=" + PHOTOS;
        server.serve(page, statuses(0), "application/json");

        SourceBatch batch = adapter.poll(source(Map.of("tag", "kharkiv")), at(PHOTOS));

        assertThat(server.requests()).extracting(FeedReplayServer.Request::pathAndQuery).containsExactly(page);
        assertThat(batch.posts()).extracting(FoundPost::platformId).containsExactly("127.0.0.1/" + BOOST);
        assertThat(batch.position()).isEqualTo(BOOST);
    }

    @Test
    void catchesUpAfterDowntimePageByPageUntilAPageIsNotFull() throws Exception {
        server.serve("/api/v1/timelines/tag/kharkiv?limit=2&min_id=" + OLDEST, statuses(1, 2), "application/json");
        server.serve("/api/v1/timelines/tag/kharkiv?limit=2&min_id=" + PHOTOS, statuses(0), "application/json");

        SourceBatch batch = adapter.poll(source(Map.of("tag", "kharkiv", "limit", "2")), at(OLDEST));

        assertThat(server.requests()).extracting(FeedReplayServer.Request::pathAndQuery).containsExactly(
                "/api/v1/timelines/tag/kharkiv?limit=2&min_id=" + OLDEST,
                "/api/v1/timelines/tag/kharkiv?limit=2&min_id=" + PHOTOS);
        assertThat(batch.posts()).extracting(FoundPost::platformId)
                .containsExactly("127.0.0.1/" + ARABIC, "127.0.0.1/" + PHOTOS, "127.0.0.1/" + BOOST);
        assertThat(batch.position()).isEqualTo(BOOST);
    }

    @Test
    void catchingUpStopsAtMaxPagesAndTheNextPollContinuesFromThere() throws Exception {
        server.serve("/api/v1/timelines/tag/kharkiv?limit=2&min_id=" + OLDEST, statuses(1, 2), "application/json");

        SourceBatch batch = adapter.poll(source(Map.of("tag", "kharkiv", "limit", "2", "max-pages", "1")), at(OLDEST));

        assertThat(server.requests()).hasSize(1);
        assertThat(batch.position()).isEqualTo(PHOTOS);
    }

    @Test
    void quietTimelineKeepsThePosition() throws Exception {
        server.serve(TAG_PAGE + "&min_id=" + BOOST, "[]", "application/json");

        SourceBatch batch = adapter.poll(source(Map.of("tag", "kharkiv")), at(BOOST));

        assertThat(batch.posts()).isEmpty();
        assertThat(batch.position()).as("an empty page must not reset the cursor to the beginning").isEqualTo(BOOST);
    }

    @Test
    void hashtagTimelineSendsAnyAllNoneAndLocalPercentEncoded() throws Exception {
        String page = "/api/v1/timelines/tag/%D0%A5%D0%B0%D1%80%D0%BA%D1%96%D0%B2?limit=40"
                + "&any%5B%5D=Kharkiv&any%5B%5D=%D0%A5%D0%B0%D1%80%D1%8C%D0%BA%D0%BE%D0%B2"
                + "&all%5B%5D=%D0%A1%D0%B0%D0%BB%D1%82%D1%96%D0%B2%D0%BA%D0%B0&none%5B%5D=spam&local=true";
        server.serve(page, "[]", "application/json");

        adapter.poll(source(Map.of("tag", "#Харків", "any", "Kharkiv, #Харьков", "all", "Салтівка", "none", "spam",
                "local", "true")), SourceCursor.empty("kharkiv-tag"));

        assertThat(server.requests()).extracting(FeedReplayServer.Request::pathAndQuery).containsExactly(page);
    }

    @Test
    void publicTimelineIsTheDefault() throws Exception {
        server.serve("/api/v1/timelines/public?limit=40&local=true", "[]", "application/json");

        adapter.poll(source(Map.of("local", "true")), SourceCursor.empty("kharkiv-tag"));

        assertThat(server.requests()).extracting(FeedReplayServer.Request::pathAndQuery)
                .containsExactly("/api/v1/timelines/public?limit=40&local=true");
    }

    @Test
    void accountTimelineSendsTheBearerTokenFromTheNamedEnvironmentVariable() throws Exception {
        env.put("COLLECTOR_TOKEN_MASTODON", "app-token-123");
        server.serve("/api/v1/accounts/109302/statuses?limit=40", statuses(1), "application/json");

        SourceBatch batch = adapter.poll(source(Map.of("timeline", "account", "account-id", "109302", "token-env", "COLLECTOR_TOKEN_MASTODON")),
                SourceCursor.empty("kharkiv-tag"));

        assertThat(batch.posts()).extracting(FoundPost::platformId).containsExactly("127.0.0.1/" + PHOTOS);
        assertThat(server.requests().get(0).header("Authorization")).isEqualTo("Bearer app-token-123");
    }

    @Test
    void anonymousPollsSendNoAuthorization() throws Exception {
        server.serve(TAG_PAGE, "[]", "application/json");
        adapter.poll(source(Map.of("tag", "kharkiv")), SourceCursor.empty("kharkiv-tag"));
        assertThat(server.requests().get(0).header("Authorization")).isNull();
    }

    @Test
    void unsetTokenVariableFailsThePollWithoutARequest() {
        assertThatThrownBy(() -> adapter.poll(source(Map.of("tag", "kharkiv", "token-env", "COLLECTOR_TOKEN_MASTODON")),
                SourceCursor.empty("kharkiv-tag")))
                .isInstanceOf(FetchException.class)
                .hasMessageContaining("COLLECTOR_TOKEN_MASTODON");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void spentRateLimitBudgetStopsRequestsUntilTheReset() throws Exception {
        Instant reset = Instant.now().plus(10, ChronoUnit.MINUTES);
        server.serve(TAG_PAGE, new FeedReplayServer.Response(200, statuses(1), "application/json",
                Map.of("X-RateLimit-Limit", "300", "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", reset.toString())));

        SourceBatch first = adapter.poll(source(Map.of("tag", "kharkiv")), SourceCursor.empty("kharkiv-tag"));
        assertThat(first.posts()).as("the answer that spent the budget is still good").hasSize(1);

        assertThatThrownBy(() -> adapter.poll(source(Map.of("tag", "kharkiv")), at(PHOTOS)))
                .isInstanceOf(FetchException.class)
                .hasMessageContaining("rate-limit")
                .satisfies(e -> assertThat(((FetchException) e).retryAfter())
                        .isBetween(Duration.ofMinutes(9), Duration.ofMinutes(10)));
        assertThat(server.requests()).as("no request while the budget is spent").hasSize(1);
    }

    @Test
    void tooManyRequestsIsAFetchExceptionWithRetryAfter() {
        server.script(TAG_PAGE, FeedReplayServer.Response.status(429, Map.of("Retry-After", "30")));
        assertThatThrownBy(() -> adapter.poll(source(Map.of("tag", "kharkiv")), SourceCursor.empty("kharkiv-tag")))
                .isInstanceOf(FetchException.class)
                .satisfies(e -> assertThat(((FetchException) e).retryAfter()).isGreaterThanOrEqualTo(Duration.ofSeconds(30)));
    }

    @Test
    void errorObjectInsteadOfStatusesIsUnreadableWithAnExcerpt() {
        server.serve(TAG_PAGE, "{\"error\":\"This method requires an authenticated user\"}", "application/json");
        assertThatThrownBy(() -> adapter.poll(source(Map.of("tag", "kharkiv")), SourceCursor.empty("kharkiv-tag")))
                .isInstanceOf(UnreadablePayloadException.class)
                .hasMessageContaining("expected an array of statuses")
                .satisfies(e -> assertThat(((UnreadablePayloadException) e).excerpt()).contains("authenticated user"));
    }

    @Test
    void truncatedJsonIsUnreadableWithAnExcerpt() throws Exception {
        byte[] whole = TestFeeds.bytes("mastodon/tag-kharkiv.json");
        server.serve(TAG_PAGE, java.util.Arrays.copyOf(whole, 900), "application/json");
        assertThatThrownBy(() -> adapter.poll(source(Map.of("tag", "kharkiv")), SourceCursor.empty("kharkiv-tag")))
                .isInstanceOf(UnreadablePayloadException.class)
                .hasMessageContaining("not readable as Mastodon statuses JSON")
                .satisfies(e -> assertThat(((UnreadablePayloadException) e).excerpt()).startsWith("[\n  {"));
    }

    @Test
    void deeplyNestedJsonIsRefusedByTheReadConstraints() {
        server.serve(TAG_PAGE, "[".repeat(5_000) + "]".repeat(5_000), "application/json");
        assertThatThrownBy(() -> adapter.poll(source(Map.of("tag", "kharkiv")), SourceCursor.empty("kharkiv-tag")))
                .isInstanceOf(UnreadablePayloadException.class)
                .hasMessageContaining("nesting depth");
    }

    @Test
    void everyParamProblemIsReportedAtOnce() {
        List<String> problems = adapter.paramProblems(source(Map.of("timeline", "tag", "limit", "80", "acount-id", "1")));
        assertThat(problems).hasSize(3)
                .anyMatch(p -> p.contains("'acount-id' is not one of"))
                .anyMatch(p -> p.contains("'limit' must be a whole number from 1 to 40"))
                .anyMatch(p -> p.contains("'tag' is required for timeline 'tag'"));
        assertThat(adapter.paramProblems(source(Map.of("timeline", "account")))).singleElement()
                .satisfies(p -> assertThat(p).contains("'account-id' is required"));
        assertThat(adapter.paramProblems(source(Map.of("tag", "kharkiv", "any", "a,b")))).isEmpty();
        assertThatThrownBy(() -> adapter.poll(source(Map.of("timeline", "hashtag")), SourceCursor.empty("kharkiv-tag")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mastodon source 'kharkiv-tag'")
                .hasMessageContaining("'timeline' must be one of [account, public, tag]");
        assertThat(server.requests()).isEmpty();
    }
}
