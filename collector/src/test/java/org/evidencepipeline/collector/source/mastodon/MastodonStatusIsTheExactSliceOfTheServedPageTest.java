package org.evidencepipeline.collector.source.mastodon;

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
import org.evidencepipeline.collector.http.UnreadablePayloadException;
import org.evidencepipeline.collector.source.FoundPost;
import org.evidencepipeline.collector.source.JsonSlices;
import org.evidencepipeline.collector.source.SourceBatch;
import org.evidencepipeline.contracts.SourceEvidence;
import org.evidencepipeline.embedded.FeedReplayServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A Mastodon post's raw item is its status object exactly as the instance served it, cut from the page preserved in
 * the fetch WARC: the archived payload is the served body, and the slice is that status and nothing else.
 */
class MastodonStatusIsTheExactSliceOfTheServedPageTest {
    static final String INSTANCE = "127.0.0.1/";
    static final String BOOST = "117647514796033234";
    static final String PHOTOS = "117647486156801234";
    static final String ARABIC = "117647400435713234";
    static final String OLDEST = "117647297740801234";
    static final String TAG_PAGE = "/api/v1/timelines/tag/kharkiv?limit=40";

    private final ObjectMapper json = new ObjectMapper();
    private final FeedReplayServer server = FeedReplayServer.start();
    private final MastodonAdapter adapter = new MastodonAdapter(new PoliteFetcher("test", Duration.ofSeconds(2), Duration.ofSeconds(5),
            1_000_000, new HostThrottle(Duration.ZERO, Duration.ofMinutes(1), Clock.systemUTC()), Clock.systemUTC()),
            Clock.systemUTC(), new HashMap<String, String>()::get);

    @TempDir
    Path dir;

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

    /** The status with this id in a served page, as the page's own tree. */
    private static JsonNode statusIn(byte[] page, String id) throws Exception {
        for (JsonNode status : JsonSlices.tree(page)) {
            if (id.equals(status.path("id").asText(null))) {
                return status;
            }
        }
        throw new AssertionError("no status " + id + " in the served page");
    }

    /** The fixture's statuses at these indexes (0 is the newest) as one page, each with an emoji and escapes in its text. */
    private byte[] page(boolean pretty, int... indexes) throws Exception {
        JsonNode all = json.readTree(TestFeeds.bytes("mastodon/tag-kharkiv.json"));
        ArrayNode page = json.createArrayNode();
        for (int i : indexes) {
            ObjectNode status = all.get(i).deepCopy();
            status.put("spoiler_text", "🚨 \"Тривога\" {page " + i + "} \\ ]");
            page.add(status);
        }
        return pretty ? json.writerWithDefaultPrettyPrinter().writeValueAsBytes(page) : json.writeValueAsBytes(page);
    }

    private static String statusId(FoundPost post) {
        assertThat(post.platformId()).startsWith(INSTANCE);
        return post.platformId().substring(INSTANCE.length());
    }

    @Test
    void everyStatusIsTheExactSliceOfTheServedPage() throws Exception {
        byte[] served = TestFeeds.bytes("mastodon/tag-kharkiv.json"); // pretty-printed, Ukrainian, Russian and Arabic text
        server.serve(TAG_PAGE, served, "application/json; charset=utf-8");

        SourceBatch batch = adapter.poll(source(Map.of("tag", "kharkiv")), SourceCursor.empty("kharkiv-tag"));

        assertThat(batch.posts()).extracting(FoundPost::platformId)
                .containsExactly(INSTANCE + OLDEST, INSTANCE + ARABIC, INSTANCE + PHOTOS, INSTANCE + BOOST);
        try (ArchivedFetches archive = ArchivedFetches.start(dir)) {
            String warc = null;
            for (FoundPost post : batch.posts()) {
                SourceEvidence evidence = archive.preserve(post);
                assertThat(evidence.itemKind()).isEqualTo(SourceEvidence.JSON_OBJECT);
                assertThat(evidence.fetchedUrl()).isEqualTo(server.url(TAG_PAGE));
                warc = warc == null ? evidence.warcKey() : warc;
                assertThat(evidence.warcKey()).as("one page, one WARC").isEqualTo(warc);

                JsonNode status = JsonSlices.object(archive.assertItemIsSliceOf(evidence, served));
                assertThat(status.get("id").asText()).isEqualTo(statusId(post));
                assertThat(status).as("the whole status as served").isEqualTo(statusIn(served, statusId(post)));
            }
        }
    }

    @Test
    void aPagingPollPointsEachStatusAtItsOwnPagesWarc() throws Exception {
        // Catching up two pages newer than OLDEST; the second repeats PHOTOS, which keeps the page it was first read on.
        byte[] first = page(true, 1, 2);
        byte[] second = page(false, 0, 1);
        server.serve("/api/v1/timelines/tag/kharkiv?limit=2&min_id=" + OLDEST, first, "application/json");
        server.serve("/api/v1/timelines/tag/kharkiv?limit=2&min_id=" + PHOTOS, second, "application/json");
        server.serve("/api/v1/timelines/tag/kharkiv?limit=2&min_id=" + BOOST, "[]", "application/json");

        SourceBatch batch = adapter.poll(source(Map.of("tag", "kharkiv", "limit", "2")), at(OLDEST));

        assertThat(batch.posts()).extracting(FoundPost::platformId).containsExactly(INSTANCE + ARABIC, INSTANCE + PHOTOS, INSTANCE + BOOST);
        Map<String, byte[]> pageOf = Map.of(ARABIC, first, PHOTOS, first, BOOST, second);
        try (ArchivedFetches archive = ArchivedFetches.start(dir)) {
            Map<String, String> warcOf = new HashMap<>();
            for (FoundPost post : batch.posts()) {
                String id = statusId(post);
                SourceEvidence evidence = archive.preserve(post);
                JsonNode status = JsonSlices.object(archive.assertItemIsSliceOf(evidence, pageOf.get(id)));
                assertThat(status.get("id").asText()).isEqualTo(id);
                assertThat(status).isEqualTo(statusIn(pageOf.get(id), id));
                warcOf.put(id, evidence.warcKey());
            }
            assertThat(warcOf.get(ARABIC)).isEqualTo(warcOf.get(PHOTOS));
            assertThat(warcOf.get(BOOST)).as("the second page is its own fetch WARC").isNotEqualTo(warcOf.get(ARABIC));
            assertThat(List.copyOf(warcOf.values())).allSatisfy(key -> assertThat(archive.store().get(key)).isPresent());
        }
    }

    @Test
    void aPageInUtf16FailsThePollAsUnreadableInsteadOfYieldingPostsWithoutTheirBytes() throws Exception {
        byte[] utf16 = new String(page(false, 1), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16LE);
        server.serve(TAG_PAGE, utf16, "application/json; charset=utf-16le");

        assertThatThrownBy(() -> adapter.poll(source(Map.of("tag", "kharkiv")), SourceCursor.empty("kharkiv-tag")))
                .isInstanceOf(UnreadablePayloadException.class)
                .hasMessageContaining("not UTF-8");
    }
}
