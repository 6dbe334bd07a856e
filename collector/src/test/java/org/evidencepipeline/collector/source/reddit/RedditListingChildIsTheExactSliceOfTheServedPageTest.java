package org.evidencepipeline.collector.source.reddit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * A Reddit post's raw item is its listing child ({@code {"kind":"t3","data":{...}}}) exactly as Reddit served it, cut
 * from the listing page preserved in the fetch WARC.
 */
class RedditListingChildIsTheExactSliceOfTheServedPageTest {
    static final String NEW = "/r/ukraine/new.json?raw_json=1&limit=100";
    static final String CROSSPOST = "t3_1gz4k7g";
    static final String VIDEO = "t3_1gz4k6f";
    static final String GALLERY = "t3_1gz4k5e";
    static final String IMAGE = "t3_1gz4k4d";
    static final String SELF = "t3_1gz4k3c";
    static final String REMOVED = "t3_1gz4k2b";
    static final String LINK = "t3_1gz4k10";

    private final ObjectMapper json = new ObjectMapper();
    private final FeedReplayServer server = FeedReplayServer.start();
    private final RedditAdapter adapter = new RedditAdapter(new PoliteFetcher("evidence-pipeline-test/0.1 (+contact)",
            Duration.ofSeconds(2), Duration.ofSeconds(5), 1_000_000,
            new HostThrottle(Duration.ZERO, Duration.ofMinutes(1), Clock.systemUTC()), Clock.systemUTC()),
            Clock.systemUTC(), new HashMap<String, String>()::get);

    @TempDir
    Path dir;

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

    /** A listing page of the fixture's children at these indexes (0 is the newest), titles with an emoji and escapes. */
    private byte[] listing(boolean pretty, int... indexes) throws Exception {
        JsonNode all = json.readTree(TestFeeds.bytes("reddit/ukraine-new.json"));
        ObjectNode page = all.deepCopy();
        ArrayNode children = ((ObjectNode) page.get("data")).putArray("children");
        for (int i : indexes) {
            ObjectNode child = all.at("/data/children/" + i).deepCopy();
            ObjectNode data = (ObjectNode) child.get("data");
            data.put("title", "🇺🇦 \"" + data.path("title").asText() + "\" {" + i + "}");
            children.add(child);
        }
        ((ObjectNode) page.get("data")).put("dist", indexes.length);
        return pretty ? json.writerWithDefaultPrettyPrinter().writeValueAsBytes(page) : json.writeValueAsBytes(page);
    }

    /** The listing child with this fullname in a served page, as the page's own tree. */
    private static JsonNode childIn(byte[] page, String fullname) throws Exception {
        for (JsonNode child : JsonSlices.tree(page).at("/data/children")) {
            if (fullname.equals(child.at("/data/name").asText(null))) {
                return child;
            }
        }
        throw new AssertionError("no child " + fullname + " in the served listing");
    }

    private static void assertIsTheChild(byte[] item, FoundPost post, byte[] served) throws Exception {
        JsonNode child = JsonSlices.object(item);
        assertThat(child.get("kind").asText()).isEqualTo("t3");
        assertThat(child.at("/data/name").asText()).isEqualTo(post.platformId());
        assertThat(child).as("the whole listing child as served").isEqualTo(childIn(served, post.platformId()));
    }

    @Test
    void everyPostIsTheExactSliceOfItsListingChild() throws Exception {
        byte[] served = TestFeeds.bytes("reddit/ukraine-new.json"); // pretty-printed, raw_json=1, Cyrillic titles
        server.serve(NEW, served, "application/json; charset=UTF-8");

        SourceBatch batch = adapter.poll(source(Map.of("subreddit", "ukraine")), SourceCursor.empty("r-ukraine"));

        assertThat(batch.posts()).extracting(FoundPost::platformId).containsExactly(LINK, REMOVED, SELF, IMAGE, GALLERY, VIDEO, CROSSPOST);
        try (ArchivedFetches archive = ArchivedFetches.start(dir)) {
            for (FoundPost post : batch.posts()) {
                SourceEvidence evidence = archive.preserve(post);
                assertThat(evidence.itemKind()).isEqualTo(SourceEvidence.JSON_OBJECT);
                assertThat(evidence.fetchedUrl()).isEqualTo(server.url(NEW));
                assertIsTheChild(archive.assertItemIsSliceOf(evidence, served), post, served);
            }
        }
    }

    @Test
    void aPagingPollPointsEachPostAtItsOwnPagesWarc() throws Exception {
        String base = "/r/ukraine/new.json?raw_json=1&limit=2";
        byte[] first = listing(true, 3, 4);
        byte[] second = listing(false, 2);
        server.serve(base + "&before=" + SELF, first, "application/json");
        server.serve(base + "&before=" + GALLERY, second, "application/json");

        SourceBatch batch = adapter.poll(source(Map.of("subreddit", "ukraine", "limit", "2")), at(SELF));

        assertThat(batch.posts()).extracting(FoundPost::platformId).containsExactly(IMAGE, GALLERY, VIDEO);
        Map<String, byte[]> pageOf = Map.of(IMAGE, first, GALLERY, first, VIDEO, second);
        try (ArchivedFetches archive = ArchivedFetches.start(dir)) {
            Map<String, String> warcOf = new HashMap<>();
            for (FoundPost post : batch.posts()) {
                byte[] page = pageOf.get(post.platformId());
                SourceEvidence evidence = archive.preserve(post);
                assertIsTheChild(archive.assertItemIsSliceOf(evidence, page), post, page);
                warcOf.put(post.platformId(), evidence.warcKey());
            }
            assertThat(warcOf.get(IMAGE)).isEqualTo(warcOf.get(GALLERY));
            assertThat(warcOf.get(VIDEO)).as("the second page is its own fetch WARC").isNotEqualTo(warcOf.get(IMAGE));
        }
    }

    @Test
    void postsFoundAfterAVanishedAnchorPointAtTheNewestPageNotTheEmptyAnswer() throws Exception {
        server.serve(NEW + "&before=" + REMOVED, listing(false), "application/json");
        byte[] newest = listing(true, 1, 2, 3, 5, 7);
        server.serve(NEW, newest, "application/json");

        SourceBatch batch = adapter.poll(source(Map.of("subreddit", "ukraine")), at(REMOVED));

        assertThat(batch.posts()).extracting(FoundPost::platformId).containsExactly(SELF, GALLERY, VIDEO, CROSSPOST);
        try (ArchivedFetches archive = ArchivedFetches.start(dir)) {
            for (FoundPost post : batch.posts()) {
                SourceEvidence evidence = archive.preserve(post);
                assertThat(evidence.fetchedUrl()).isEqualTo(server.url(NEW));
                assertIsTheChild(archive.assertItemIsSliceOf(evidence, newest), post, newest);
            }
        }
    }
}
