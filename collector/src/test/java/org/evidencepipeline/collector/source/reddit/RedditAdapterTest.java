package org.evidencepipeline.collector.source.reddit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedditAdapterTest {
    static final String NEW = "/r/ukraine/new.json?raw_json=1&limit=100";
    // Fixture posts, newest first as Reddit lists them (index 0 is an entry without a fullname).
    static final String CROSSPOST = "t3_1gz4k7g";
    static final String VIDEO = "t3_1gz4k6f";
    static final String GALLERY = "t3_1gz4k5e";
    static final String IMAGE = "t3_1gz4k4d";
    static final String SELF = "t3_1gz4k3c";
    static final String REMOVED = "t3_1gz4k2b";
    static final String LINK = "t3_1gz4k10";

    private final FeedReplayServer server = FeedReplayServer.start();
    private final Map<String, String> env = new HashMap<>();
    private final RedditAdapter adapter = new RedditAdapter(new PoliteFetcher("evidence-pipeline-test/0.1 (+contact)",
            Duration.ofSeconds(2), Duration.ofSeconds(5), 1_000_000,
            new HostThrottle(Duration.ZERO, Duration.ofMinutes(1), Clock.systemUTC()), Clock.systemUTC()),
            Clock.systemUTC(), env::get);

    @AfterEach
    void stop() {
        server.close();
    }

    private SourceSpec source(Map<String, String> params) {
        return new SourceSpec("r-ukraine", "reddit", server.baseUrl(), null, params);
    }

    private static SourceCursor at(String position) {
        return SourceCursor.empty("r-ukraine").advance(null, null, position, new LinkedHashMap<>(), 10, Instant.now());
    }

    /** A listing page holding the fixture's children at these indexes (0 is the newest). */
    private static byte[] listing(int... indexes) throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode all = json.readTree(TestFeeds.bytes("reddit/ukraine-new.json"));
        ObjectNode page = all.deepCopy();
        ArrayNode children = ((ObjectNode) page.get("data")).putArray("children");
        for (int i : indexes) {
            children.add(all.at("/data/children/" + i));
        }
        ((ObjectNode) page.get("data")).put("dist", indexes.length);
        return json.writeValueAsBytes(page);
    }

    private SourceBatch firstPoll() throws Exception {
        server.serve(NEW, TestFeeds.bytes("reddit/ukraine-new.json"), "application/json; charset=UTF-8");
        return adapter.poll(source(Map.of("subreddit", "ukraine")), SourceCursor.empty("r-ukraine"));
    }

    @Test
    void firstPollReadsTheNewestListingUnescapedAndMapsPostsOldestFirst() throws Exception {
        SourceBatch batch = firstPoll();

        assertThat(server.requests()).extracting(FeedReplayServer.Request::pathAndQuery).containsExactly(NEW);
        assertThat(server.requests().get(0).header("User-Agent")).isEqualTo("evidence-pipeline-test/0.1 (+contact)");
        assertThat(batch.posts()).extracting(FoundPost::platformId)
                .containsExactly(LINK, REMOVED, SELF, IMAGE, GALLERY, VIDEO, CROSSPOST);
        assertThat(batch.position()).isEqualTo(CROSSPOST);
        assertThat(batch.rejected()).singleElement().satisfies(r -> {
            assertThat(r.reason()).contains("t3_ fullname");
            assertThat(r.excerpt()).contains("Пост без ідентифікатора");
        });

        FoundPost self = batch.posts().get(2);
        assertThat(self.platform()).isEqualTo("reddit");
        assertThat(self.url()).isEqualTo("https://www.reddit.com/r/ukraine/comments/1gz4k3c/что_известно_о_ночной_атаке_на_харьков/");
        assertThat(self.title()).isEqualTo("Что известно о ночной атаке на Харьков");
        assertThat(self.text()).as("raw_json=1: markdown as written, no &amp;").isEqualTo(
                "Сводка на утро:\n\n* 3 попадания в Салтовском районе\n* Метро работает как укрытие\n\n"
                        + "Источник: [ОВА](https://t.me/synegubov) & горсовет <без комментариев>");
        assertThat(self.author()).isEqualTo(new Author("t2_5d5d5", "kh_digest", "https://www.reddit.com/user/kh_digest"));
        assertThat(self.publishedAt()).isEqualTo(Instant.parse("2026-11-20T06:10:00Z"));
        assertThat(self.languageHint()).isNull();
        assertThat(self.media()).isEmpty();

        FoundPost removed = batch.posts().get(1);
        assertThat(removed.text()).as("kept as Reddit shows it").isEqualTo("[removed]");
        assertThat(removed.author()).as("[deleted] is not an account").isNull();
        assertThat(removed.title()).isEqualTo("Відео з Харкова");

        FoundPost link = batch.posts().get(0);
        assertThat(link.title()).isEqualTo("تقرير: انقطاع الكهرباء في خاركيف بعد الضربات الليلية");
        assertThat(link.text()).as("a link post's link is its content")
                .isEqualTo("https://news.example.net/ar/2026/11/20/kharkiv-power?utm_source=reddit&utm_medium=social");
    }

    @Test
    void mediaOfEveryKindIsFoundWhereRedditKeepsIt() throws Exception {
        SourceBatch batch = firstPoll();
        Map<String, FoundPost> byId = new HashMap<>();
        batch.posts().forEach(p -> byId.put(p.platformId(), p));

        assertThat(byId.get(IMAGE).media()).containsExactly(new MediaRef("https://i.redd.it/k7x2v9q1m3wf1.jpeg", "image", null));
        assertThat(byId.get(IMAGE).text()).as("the image link is media, not text").isNull();
        assertThat(byId.get(GALLERY).media()).as("gallery_data order; unprocessed item skipped; URLs unescaped").containsExactly(
                new MediaRef("https://preview.redd.it/p2b7kq3m3wf1.jpg?width=4032&format=pjpg&auto=webp&s=44", "image/jpg", "p2b7kq3m3wf1"),
                new MediaRef("https://i.redd.it/a9c1zz8m3wf1.gif", "image/gif", "a9c1zz8m3wf1"));
        assertThat(byId.get(VIDEO).media()).as("the fallback file, then the DASH stream that carries the audio too").containsExactly(
                new MediaRef("https://v.redd.it/3kq8x1m2n3wf1/DASH_720.mp4?source=fallback", "video", null),
                new MediaRef("https://v.redd.it/3kq8x1m2n3wf1/DASHPlaylist.mpd?a=1795160000&v=1&f=sd", "application/dash+xml", "reddit_video"));
        assertThat(byId.get(CROSSPOST).media()).as("a crosspost shows its parent's video").containsExactly(
                new MediaRef("https://v.redd.it/9zt4w2k8p3wf1/DASH_480.mp4?source=fallback", "video", null),
                new MediaRef("https://v.redd.it/9zt4w2k8p3wf1/DASHPlaylist.mpd?a=1795160000&v=1&f=sd", "application/dash+xml", "reddit_video"));
        assertThat(byId.get(LINK).media()).as("preview image only as a fallback").containsExactly(
                new MediaRef("https://external-preview.redd.it/Xy1AbCpower.jpg?auto=webp&s=9f8e7d", "image", "preview"));
    }

    @Test
    void secondPollAsksOnlyForPostsNewerThanTheCursor() throws Exception {
        String page = NEW + "&before=" + GALLERY;
        server.serve(page, listing(1, 2), "application/json");

        SourceBatch batch = adapter.poll(source(Map.of("subreddit", "r/ukraine")), at(GALLERY));

        assertThat(server.requests()).extracting(FeedReplayServer.Request::pathAndQuery).containsExactly(page);
        assertThat(batch.posts()).extracting(FoundPost::platformId).containsExactly(VIDEO, CROSSPOST);
        assertThat(batch.position()).isEqualTo(CROSSPOST);
    }

    @Test
    void catchesUpAfterDowntimePageByPageUntilAPageIsNotFull() throws Exception {
        String base = "/r/ukraine/new.json?raw_json=1&limit=2";
        server.serve(base + "&before=" + SELF, listing(3, 4), "application/json");
        server.serve(base + "&before=" + GALLERY, listing(2), "application/json");

        SourceBatch batch = adapter.poll(source(Map.of("subreddit", "ukraine", "limit", "2")), at(SELF));

        assertThat(server.requests()).extracting(FeedReplayServer.Request::pathAndQuery)
                .containsExactly(base + "&before=" + SELF, base + "&before=" + GALLERY);
        assertThat(batch.posts()).extracting(FoundPost::platformId).containsExactly(IMAGE, GALLERY, VIDEO);
        assertThat(batch.position()).isEqualTo(VIDEO);
    }

    @Test
    void emptyAnswerWithTheAnchorStillListedMeansNothingNew() throws Exception {
        server.serve(NEW + "&before=" + CROSSPOST, listing(), "application/json");
        server.serve(NEW, TestFeeds.bytes("reddit/ukraine-new.json"), "application/json");

        SourceBatch batch = adapter.poll(source(Map.of("subreddit", "ukraine")), at(CROSSPOST));

        assertThat(server.requests()).extracting(FeedReplayServer.Request::pathAndQuery).containsExactly(NEW + "&before=" + CROSSPOST, NEW);
        assertThat(batch.posts()).isEmpty();
        assertThat(batch.rejected()).isEmpty();
        assertThat(batch.position()).isEqualTo(CROSSPOST);
    }

    @Test
    void anchorRemovedFromTheListingDoesNotStopTheSource() throws Exception {
        // The newest post seen was removed: Reddit answers before=<it> with nothing, forever.
        server.serve(NEW + "&before=" + REMOVED, listing(), "application/json");
        server.serve(NEW, listing(1, 2, 3, 5, 7), "application/json");

        SourceBatch batch = adapter.poll(source(Map.of("subreddit", "ukraine")), at(REMOVED));

        assertThat(batch.posts()).extracting(FoundPost::platformId).as("only posts newer than the vanished one")
                .containsExactly(SELF, GALLERY, VIDEO, CROSSPOST);
        assertThat(batch.position()).isEqualTo(CROSSPOST);
    }

    @Test
    void oauthTokenFromTheNamedVariableIsSentAsBearer() throws Exception {
        env.put("COLLECTOR_TOKEN_REDDIT", "oauth-abc");
        server.serve(NEW, listing(4), "application/json");

        adapter.poll(source(Map.of("subreddit", "ukraine", "token-env", "COLLECTOR_TOKEN_REDDIT")), SourceCursor.empty("r-ukraine"));

        assertThat(server.requests().get(0).header("Authorization")).isEqualTo("Bearer oauth-abc");
    }

    @Test
    void spentRateLimitBudgetStopsRequestsUntilTheReset() throws Exception {
        server.serve(NEW, new FeedReplayServer.Response(200, listing(4), "application/json",
                Map.of("X-Ratelimit-Used", "100", "X-Ratelimit-Remaining", "0.0", "X-Ratelimit-Reset", "240")));

        assertThat(adapter.poll(source(Map.of("subreddit", "ukraine")), SourceCursor.empty("r-ukraine")).posts()).hasSize(1);
        assertThatThrownBy(() -> adapter.poll(source(Map.of("subreddit", "ukraine")), at(IMAGE)))
                .isInstanceOf(FetchException.class)
                .satisfies(e -> assertThat(((FetchException) e).retryAfter()).isBetween(Duration.ofSeconds(230), Duration.ofSeconds(240)));
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void htmlBlockPageInsteadOfAListingIsUnreadable() {
        server.serve(NEW, "<!doctype html><html><title>Blocked</title><body>whoa there, pardner!</body></html>", "text/html");
        assertThatThrownBy(() -> adapter.poll(source(Map.of("subreddit", "ukraine")), SourceCursor.empty("r-ukraine")))
                .isInstanceOf(UnreadablePayloadException.class)
                .hasMessageContaining("Reddit listing")
                .satisfies(e -> assertThat(((UnreadablePayloadException) e).excerpt()).contains("whoa there"));
    }

    @Test
    void jsonThatIsNotAListingIsUnreadable() {
        server.serve(NEW, "{\"kind\": \"t5\", \"data\": {\"display_name\": \"ukraine\"}}", "application/json");
        assertThatThrownBy(() -> adapter.poll(source(Map.of("subreddit", "ukraine")), SourceCursor.empty("r-ukraine")))
                .isInstanceOf(UnreadablePayloadException.class)
                .hasMessageContaining("expected a Reddit Listing");
    }

    @Test
    void subredditIsRequiredAndMustBeAName() {
        assertThat(adapter.paramProblems(source(Map.of()))).singleElement()
                .satisfies(p -> assertThat(p).contains("param 'subreddit' is required"));
        assertThat(adapter.paramProblems(source(Map.of("subreddit", "ukraine/../../api")))).singleElement()
                .satisfies(p -> assertThat(p).contains("must be a subreddit name"));
        assertThat(adapter.paramProblems(source(Map.of("subreddit", "ukraine+kharkiv", "limit", "25")))).isEmpty();
    }

    @Test
    void pageAddressInsteadOfTheSiteIsRefused() {
        assertThat(adapter.paramProblems(new SourceSpec("r-kharkiv", "reddit", "https://www.reddit.com/r/kharkiv/", null,
                Map.of("subreddit", "kharkiv")))).singleElement().satisfies(p -> assertThat(p).contains("must be the site itself"));
        assertThat(adapter.paramProblems(new SourceSpec("r-kharkiv", "reddit", "https://oauth.reddit.com/", null,
                Map.of("subreddit", "kharkiv")))).isEmpty();
    }
}
