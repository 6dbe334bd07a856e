package org.evidencepipeline.collector.source.bluesky;

import com.fasterxml.jackson.databind.JsonNode;
import org.evidencepipeline.collector.TestFeeds;
import org.evidencepipeline.collector.collection.SourceSpec;
import org.evidencepipeline.collector.cursor.SourceCursor;
import org.evidencepipeline.collector.evidence.ArchivedFetches;
import org.evidencepipeline.collector.http.HostThrottle;
import org.evidencepipeline.collector.http.PoliteFetcher;
import org.evidencepipeline.collector.source.FoundPost;
import org.evidencepipeline.collector.source.JsonSlices;
import org.evidencepipeline.collector.source.SourceBatch;
import org.evidencepipeline.contracts.SourceEvidence;
import org.evidencepipeline.embedded.FeedReplayServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Bluesky post's raw item is the element of the AppView's array exactly as served: the feed view of an author feed
 * (the post view with the repost reason that put it there) or the post view of a search, cut from the page preserved
 * in the fetch WARC.
 */
class BlueskyFeedEntryIsTheExactSliceOfTheServedPageTest {
    static final String FEED = "/xrpc/app.bsky.feed.getAuthorFeed?actor=kharkiv-news.bsky.social&limit=50";
    static final String PAGE2 = FEED + "&cursor=2026-11-20T06%3A30%3A30Z";
    static final String SEARCH = "/xrpc/app.bsky.feed.searchPosts?q=%D0%A5%D0%B0%D1%80%D0%BA%D1%96%D0%B2&sort=latest&limit=25";
    static final String DID = "did:plc:kh4rk1vn3wsuakr41n3x8q2b";
    static final String OSINT_DID = "did:plc:osint4r4b1cw4tch5l1v3z0qk";
    static final String REPOSTED = "at://" + OSINT_DID + "/app.bsky.feed.post/3mb7xd2lq4s2a";
    static final String EARLY = "at://" + DID + "/app.bsky.feed.post/3mb7wx6ff2h2q";

    private final FeedReplayServer server = FeedReplayServer.start();
    private final BlueskyAdapter adapter = new BlueskyAdapter(new PoliteFetcher("test", Duration.ofSeconds(2), Duration.ofSeconds(5),
            1_000_000, new HostThrottle(Duration.ZERO, Duration.ofMinutes(1), Clock.systemUTC()), Clock.systemUTC()),
            Clock.systemUTC(), new HashMap<String, String>()::get);

    @TempDir
    Path dir;

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

    /** The feed view in a served author-feed page whose post has this URI. */
    private static JsonNode feedViewIn(byte[] page, String uri) throws Exception {
        for (JsonNode entry : JsonSlices.tree(page).path("feed")) {
            if (uri.equals(entry.at("/post/uri").asText(null))) {
                return entry;
            }
        }
        throw new AssertionError("no feed entry for " + uri);
    }

    private static void assertIsTheFeedView(byte[] item, FoundPost post, byte[] served) throws Exception {
        JsonNode entry = JsonSlices.object(item);
        assertThat(entry.at("/post/uri").asText()).isEqualTo(post.platformId());
        assertThat(entry).as("the whole feed view as served").isEqualTo(feedViewIn(served, post.platformId()));
    }

    @Test
    void everyAuthorFeedPostIsTheExactSliceOfItsFeedView() throws Exception {
        byte[] served = TestFeeds.bytes("bluesky/author-feed-kharkiv-news.json"); // pretty-printed, Ukrainian and Arabic text
        server.serve(FEED, served, "application/json; charset=utf-8");

        SourceBatch batch = adapter.poll(source(Map.of("actor", "kharkiv-news.bsky.social")), SourceCursor.empty("kharkiv-news-bsky"));

        assertThat(batch.posts()).hasSize(5);
        try (ArchivedFetches archive = ArchivedFetches.start(dir)) {
            for (FoundPost post : batch.posts()) {
                SourceEvidence evidence = archive.preserve(post);
                assertThat(evidence.itemKind()).isEqualTo(SourceEvidence.JSON_OBJECT);
                assertThat(evidence.fetchedUrl()).isEqualTo(server.url(FEED));
                byte[] item = archive.assertItemIsSliceOf(evidence, served);
                assertIsTheFeedView(item, post, served);
                if (post.platformId().equals(REPOSTED)) {
                    assertThat(JsonSlices.object(item).at("/reason/$type").asText())
                            .as("a repost's item keeps the reason it is in the feed").isEqualTo("app.bsky.feed.defs#reasonRepost");
                }
            }
        }
    }

    @Test
    void everySearchHitIsTheExactSliceOfItsPostView() throws Exception {
        byte[] served = TestFeeds.bytes("bluesky/search-kharkiv.json");
        server.serve(SEARCH, served, "application/json");

        SourceBatch batch = adapter.poll(source(Map.of("q", "Харків", "limit", "25")), SourceCursor.empty("kharkiv-news-bsky"));

        assertThat(batch.posts()).hasSize(2);
        try (ArchivedFetches archive = ArchivedFetches.start(dir)) {
            for (FoundPost post : batch.posts()) {
                SourceEvidence evidence = archive.preserve(post);
                JsonNode view = JsonSlices.object(archive.assertItemIsSliceOf(evidence, served));
                assertThat(view.get("uri").asText()).isEqualTo(post.platformId());
                JsonNode servedView = null;
                for (JsonNode p : JsonSlices.tree(served).path("posts")) {
                    servedView = post.platformId().equals(p.path("uri").asText()) ? p : servedView;
                }
                assertThat(view).as("the whole post view as served").isEqualTo(servedView);
            }
        }
    }

    @Test
    void aPagingPollPointsEachPostAtItsOwnPagesWarc() throws Exception {
        byte[] first = TestFeeds.bytes("bluesky/author-feed-kharkiv-news.json");
        byte[] second = TestFeeds.bytes("bluesky/author-feed-kharkiv-news-page2.json");
        server.serve(FEED, first, "application/json");
        server.serve(PAGE2, second, "application/json");

        SourceBatch batch = adapter.poll(source(Map.of("actor", "kharkiv-news.bsky.social")), at("2026-11-20T05:45:00Z"));

        assertThat(server.requests()).extracting(FeedReplayServer.Request::pathAndQuery).containsExactly(FEED, PAGE2);
        assertThat(batch.posts()).hasSize(6).extracting(FoundPost::platformId).contains(EARLY);
        try (ArchivedFetches archive = ArchivedFetches.start(dir)) {
            String firstWarc = null;
            String secondWarc = null;
            for (FoundPost post : batch.posts()) {
                boolean onSecond = post.platformId().equals(EARLY);
                byte[] page = onSecond ? second : first;
                SourceEvidence evidence = archive.preserve(post);
                assertThat(evidence.fetchedUrl()).isEqualTo(server.url(onSecond ? PAGE2 : FEED));
                assertIsTheFeedView(archive.assertItemIsSliceOf(evidence, page), post, page);
                if (onSecond) {
                    secondWarc = evidence.warcKey();
                } else {
                    assertThat(firstWarc == null || firstWarc.equals(evidence.warcKey())).isTrue();
                    firstWarc = evidence.warcKey();
                }
            }
            assertThat(secondWarc).as("the second page is its own fetch WARC").isNotNull().isNotEqualTo(firstWarc);
        }
    }
}
