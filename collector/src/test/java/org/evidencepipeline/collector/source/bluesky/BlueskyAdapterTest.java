package org.evidencepipeline.collector.source.bluesky;

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

class BlueskyAdapterTest {
    static final String FEED = "/xrpc/app.bsky.feed.getAuthorFeed?actor=kharkiv-news.bsky.social&limit=50";
    static final String DID = "did:plc:kh4rk1vn3wsuakr41n3x8q2b";
    static final String OSINT_DID = "did:plc:osint4r4b1cw4tch5l1v3z0qk";
    static final String REPOSTED = "at://" + OSINT_DID + "/app.bsky.feed.post/3mb7xd2lq4s2a";
    static final String VIDEO = "at://" + DID + "/app.bsky.feed.post/3mb7xh5aa2c2k";
    static final String QUOTE = "at://" + DID + "/app.bsky.feed.post/3mb7xf7kd3k2p";
    static final String LINK = "at://" + DID + "/app.bsky.feed.post/3mb7xc4xq2z2b";
    static final String REPLY = "at://" + DID + "/app.bsky.feed.post/3mb7xb2pm5j2c";
    static final String EARLY = "at://" + DID + "/app.bsky.feed.post/3mb7wx6ff2h2q";

    private final FeedReplayServer server = FeedReplayServer.start();
    private final Map<String, String> env = new HashMap<>();
    private final BlueskyAdapter adapter = new BlueskyAdapter(new PoliteFetcher("test", Duration.ofSeconds(2), Duration.ofSeconds(5),
            1_000_000, new HostThrottle(Duration.ZERO, Duration.ofMinutes(1), Clock.systemUTC()), Clock.systemUTC()),
            Clock.systemUTC(), env::get);

    @AfterEach
    void stop() {
        server.close();
    }

    private SourceSpec source(Map<String, String> params) {
        return new SourceSpec("kharkiv-news-bsky", "bluesky", server.baseUrl(), null, params);
    }

    private static SourceCursor at(String position) {
        return SourceCursor.empty("kharkiv-news-bsky").advance(null, null, position, new LinkedHashMap<>(), 10, Instant.now());
    }

    private SourceBatch pollFeed(SourceCursor cursor) throws Exception {
        server.serve(FEED, TestFeeds.bytes("bluesky/author-feed-kharkiv-news.json"), "application/json; charset=utf-8");
        server.serve(FEED + "&cursor=2026-11-20T06%3A30%3A30Z", TestFeeds.bytes("bluesky/author-feed-kharkiv-news-page2.json"), "application/json");
        return adapter.poll(source(Map.of("actor", "kharkiv-news.bsky.social")), cursor);
    }

    private static Map<String, FoundPost> byId(SourceBatch batch) {
        Map<String, FoundPost> byId = new HashMap<>();
        batch.posts().forEach(p -> byId.put(p.platformId(), p));
        return byId;
    }

    @Test
    void firstPollReadsOnePageOfTheAuthorFeedOldestFirst() throws Exception {
        SourceBatch batch = pollFeed(SourceCursor.empty("kharkiv-news-bsky"));

        assertThat(server.requests()).extracting(FeedReplayServer.Request::pathAndQuery).containsExactly(FEED);
        assertThat(batch.posts()).extracting(FoundPost::platformId).containsExactly(REPLY, LINK, QUOTE, VIDEO, REPOSTED);
        assertThat(batch.position()).as("newest feed time: the repost's").isEqualTo("2026-11-20T07:20:05.512Z");
        assertThat(batch.rejected()).singleElement().satisfies(r -> {
            assertThat(r.reason()).contains("without an at:// post URI");
            assertThat(r.excerpt()).contains("Пост без URI");
        });

        FoundPost reply = batch.posts().get(0);
        assertThat(reply.platform()).isEqualTo("bluesky");
        assertThat(reply.url()).isEqualTo("https://bsky.app/profile/kharkiv-news.bsky.social/post/3mb7xb2pm5j2c");
        assertThat(reply.author()).isEqualTo(new Author(DID, "Харків Новини", "https://bsky.app/profile/kharkiv-news.bsky.social"));
        assertThat(reply.text()).as("a reply to a deleted post is still readable").isEqualTo("Підтверджую, сирени чути на Олексіївці.");
        assertThat(reply.languageHint()).isEqualTo("uk");
        assertThat(reply.publishedAt()).as("createdAt with an offset").isEqualTo(Instant.parse("2026-11-20T06:30:29.500Z"));

        FoundPost link = batch.posts().get(1);
        assertThat(link.languageHint()).as("no langs in the record").isNull();
        assertThat(link.text()).as("the link card's link is the post's substance")
                .isEqualTo("Графік відключень світла на сьогодні\nhttps://www.oblenergo.example.ua/grafik?date=2026-11-20&queue=3");
        assertThat(link.media()).as("a link card's thumbnail is not the post's media").isEmpty();
    }

    @Test
    void imagesVideoAndQuoteWithMediaCarryTheirBlobCids() throws Exception {
        Map<String, FoundPost> posts = byId(pollFeed(SourceCursor.empty("kharkiv-news-bsky")));

        assertThat(posts.get(REPOSTED).media()).containsExactly(
                new MediaRef("https://cdn.bsky.app/img/feed_fullsize/plain/" + OSINT_DID + "/bafkreiqo6o3kzvk6awlhkyvwuf2gwjw3epmm5wuo5wqywbngj6n4dvsnjy@jpeg",
                        "image", "bafkreiqo6o3kzvk6awlhkyvwuf2gwjw3epmm5wuo5wqywbngj6n4dvsnjy"),
                new MediaRef("https://cdn.bsky.app/img/feed_fullsize/plain/" + OSINT_DID + "/bafkrei3b4tkhywmhelp7oc4jytjbmgs53mipc34n3ucjyldcqhu3fqdfvn@jpeg",
                        "image", "bafkrei3b4tkhywmhelp7oc4jytjbmgs53mipc34n3ucjyldcqhu3fqdfvn"));
        String video = "bafkreiy43qpenbnlmhoq7zjxkivppv6oce64hiissot7zl2lqkdh6dpram";
        assertThat(posts.get(VIDEO).media()).containsExactly(
                new MediaRef("https://video.bsky.app/watch/did%3Aplc%3Akh4rk1vn3wsuakr41n3x8q2b/" + video + "/playlist.m3u8", "application/vnd.apple.mpegurl", video),
                new MediaRef("https://video.bsky.app/watch/did%3Aplc%3Akh4rk1vn3wsuakr41n3x8q2b/" + video + "/thumbnail.jpg", "image", "thumbnail"));
        assertThat(posts.get(QUOTE).media()).as("the quote's own image, not the quoted post's").containsExactly(
                new MediaRef("https://cdn.bsky.app/img/feed_fullsize/plain/" + DID + "/bafkrei3w5vvyiffhfbnjvt4e7qqt7vozocgw7u7kae57liztzoqmhvyion@jpeg",
                        "image", "bafkrei3w5vvyiffhfbnjvt4e7qqt7vozocgw7u7kae57liztzoqmhvyion"));
        assertThat(posts.get(QUOTE).languageHint()).isEqualTo("ru");
    }

    @Test
    void repostIsCollectedAsThePostItReposts() throws Exception {
        FoundPost reposted = byId(pollFeed(SourceCursor.empty("kharkiv-news-bsky"))).get(REPOSTED);

        assertThat(reposted.author()).as("empty display name falls back to the handle")
                .isEqualTo(new Author(OSINT_DID, "osint-ar.bsky.social", "https://bsky.app/profile/osint-ar.bsky.social"));
        assertThat(reposted.text()).isEqualTo("صور من خاركيف صباح اليوم: أضرار في مبنى سكني بعد القصف.");
        assertThat(reposted.languageHint()).isEqualTo("ar");
        assertThat(reposted.publishedAt()).isEqualTo(Instant.parse("2026-11-20T06:50:11.904Z"));
    }

    @Test
    void secondPollStopsAtTheNewestPostAlreadySeen() throws Exception {
        SourceBatch batch = pollFeed(at("2026-11-20T07:00:02.777Z"));

        assertThat(server.requests()).extracting(FeedReplayServer.Request::pathAndQuery)
                .as("a seen post is on the first page: no older page").containsExactly(FEED);
        assertThat(batch.posts()).extracting(FoundPost::platformId)
                .as("the post at exactly the position is kept for the runner to dedup; older ones are not").containsExactly(QUOTE, VIDEO, REPOSTED);
        assertThat(batch.position()).isEqualTo("2026-11-20T07:20:05.512Z");
    }

    @Test
    void followsTheCursorWhileEveryPostOnThePageIsUnseen() throws Exception {
        SourceBatch batch = pollFeed(at("2026-11-20T05:45:00Z"));

        assertThat(server.requests()).extracting(FeedReplayServer.Request::pathAndQuery)
                .containsExactly(FEED, FEED + "&cursor=2026-11-20T06%3A30%3A30Z");
        assertThat(batch.posts()).extracting(FoundPost::platformId).containsExactly(EARLY, REPLY, LINK, QUOTE, VIDEO, REPOSTED);
    }

    @Test
    void olderPagesAreReadAtMostMaxPagesDeep() throws Exception {
        server.serve(FEED, TestFeeds.bytes("bluesky/author-feed-kharkiv-news.json"), "application/json");

        SourceBatch batch = adapter.poll(source(Map.of("actor", "kharkiv-news.bsky.social", "max-pages", "1")), at("2026-11-19T00:00:00Z"));

        assertThat(server.requests()).hasSize(1);
        assertThat(batch.posts()).hasSize(5);
    }

    @Test
    void quietFeedKeepsThePosition() throws Exception {
        SourceBatch batch = pollFeed(at("2026-11-20T07:20:05.512Z"));

        assertThat(batch.posts()).extracting(FoundPost::platformId).containsExactly(REPOSTED);
        assertThat(batch.position()).isEqualTo("2026-11-20T07:20:05.512Z");
    }

    @Test
    void searchAsksForTheLatestPostsAndReadsThem() throws Exception {
        String search = "/xrpc/app.bsky.feed.searchPosts?q=%D0%A5%D0%B0%D1%80%D0%BA%D1%96%D0%B2&sort=latest&limit=25";
        server.serve(search, TestFeeds.bytes("bluesky/search-kharkiv.json"), "application/json");

        SourceBatch batch = adapter.poll(source(Map.of("q", "Харків", "limit", "25")), SourceCursor.empty("kharkiv-news-bsky"));

        assertThat(server.requests()).extracting(FeedReplayServer.Request::pathAndQuery).containsExactly(search);
        assertThat(batch.posts()).extracting(FoundPost::platformId).containsExactly(
                "at://" + DID + "/app.bsky.feed.post/3mb7xl8nn4c2e", "at://" + OSINT_DID + "/app.bsky.feed.post/3mb7xm1tt6a2f");
        assertThat(batch.posts().get(1).languageHint()).as("the first of the record's langs").isEqualTo("ar");
        assertThat(batch.posts().get(0).media()).extracting(MediaRef::platformRef)
                .containsExactly("bafkreit76sz6kazjmzwp2s5j7j73lrxystpnkcojnsi4mnykm3jybvvszj");
        assertThat(batch.position()).isEqualTo("2026-11-20T07:31:00.900Z");
    }

    @Test
    void tokenFromTheNamedVariableIsSentAsBearer() throws Exception {
        env.put("COLLECTOR_TOKEN_BSKY", "jwt-abc");
        server.serve(FEED, TestFeeds.bytes("bluesky/author-feed-kharkiv-news.json"), "application/json");

        adapter.poll(source(Map.of("actor", "kharkiv-news.bsky.social", "token-env", "COLLECTOR_TOKEN_BSKY")), SourceCursor.empty("kharkiv-news-bsky"));

        assertThat(server.requests().get(0).header("Authorization")).isEqualTo("Bearer jwt-abc");
    }

    @Test
    void spentRateLimitBudgetStopsRequestsUntilTheReset() throws Exception {
        long reset = Instant.now().plusSeconds(300).getEpochSecond();
        server.serve(FEED, new FeedReplayServer.Response(200, TestFeeds.bytes("bluesky/author-feed-kharkiv-news.json"), "application/json",
                Map.of("RateLimit-Limit", "3000", "RateLimit-Remaining", "0", "RateLimit-Reset", Long.toString(reset), "RateLimit-Policy", "3000;w=300")));

        assertThat(adapter.poll(source(Map.of("actor", "kharkiv-news.bsky.social")), SourceCursor.empty("kharkiv-news-bsky")).posts()).hasSize(5);
        assertThatThrownBy(() -> adapter.poll(source(Map.of("actor", "kharkiv-news.bsky.social")), at("2026-11-20T07:20:05.512Z")))
                .isInstanceOf(FetchException.class)
                .satisfies(e -> assertThat(((FetchException) e).retryAfter()).isBetween(Duration.ofSeconds(290), Duration.ofSeconds(300)));
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void xrpcErrorInsteadOfAFeedIsUnreadable() {
        server.serve(FEED, "{\"error\":\"InvalidRequest\",\"message\":\"Profile not found\"}", "application/json");
        assertThatThrownBy(() -> adapter.poll(source(Map.of("actor", "kharkiv-news.bsky.social")), SourceCursor.empty("kharkiv-news-bsky")))
                .isInstanceOf(UnreadablePayloadException.class)
                .hasMessageContaining("expected 'feed' array")
                .satisfies(e -> assertThat(((UnreadablePayloadException) e).excerpt()).contains("Profile not found"));
    }

    @Test
    void exactlyOneOfActorAndQueryIsRequired() {
        assertThat(adapter.paramProblems(source(Map.of()))).singleElement()
                .satisfies(p -> assertThat(p).contains("exactly one of params 'actor'"));
        assertThat(adapter.paramProblems(source(Map.of("actor", "a.bsky.social", "q", "x")))).hasSize(1);
        assertThat(adapter.paramProblems(source(Map.of("q", "Харків", "filter", "posts_with_media")))).singleElement()
                .satisfies(p -> assertThat(p).contains("'filter' only applies"));
        assertThat(adapter.paramProblems(source(Map.of("actor", "not a handle")))).singleElement()
                .satisfies(p -> assertThat(p).contains("must be a handle"));
        assertThat(adapter.paramProblems(source(Map.of("actor", "did:plc:kh4rk1vn3wsuakr41n3x8q2b", "filter", "posts_no_replies")))).isEmpty();
    }
}
