package org.evidencepipeline.collector.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.evidencepipeline.collector.collection.SourceSpec;
import org.evidencepipeline.collector.cursor.SourceCursor;
import org.evidencepipeline.collector.evidence.HttpExchange;
import org.evidencepipeline.collector.evidence.RawItem;
import org.evidencepipeline.collector.http.FetchException;
import org.evidencepipeline.collector.http.FetchRequest;
import org.evidencepipeline.collector.http.FetchResponse;
import org.evidencepipeline.collector.http.PoliteFetcher;
import org.evidencepipeline.collector.source.FoundPost;
import org.evidencepipeline.collector.source.SourceAdapter;
import org.evidencepipeline.collector.source.SourceBatch;
import org.evidencepipeline.contracts.Author;
import org.evidencepipeline.contracts.SourceEvidence;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A small real source for the runner's evidence tests: it GETs its URL with the real {@link PoliteFetcher} (no
 * validators, so an unchanged page is a 200 with the same body, as for t.me/s) and reads one post per line of JSON
 * Lines, each post's raw item the exact bytes of its line. The position is the largest post id read, so a test sees
 * whether the cursor moved. Independent of the platform adapters, which other work changes.
 */
final class JsonLinesAdapter implements SourceAdapter {
    static final String TYPE = "jsonlines";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final PoliteFetcher fetcher;

    JsonLinesAdapter(PoliteFetcher fetcher) {
        this.fetcher = fetcher;
    }

    /** One line of the page: {@code {"id":"7","text":"...","published":"2026-11-20T10:00:00Z"}}. */
    static String line(String id, String text, String published) {
        try {
            return JSON.writeValueAsString(java.util.Map.of("id", id, "text", text, "published", published));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** Reads the page at the source's URL, then the one at its {@code next} param if it has one (two captures). */
    @Override
    public SourceBatch poll(SourceSpec spec, SourceCursor cursor) throws FetchException, InterruptedException {
        List<FoundPost> posts = new ArrayList<>();
        long largest = cursor.position() == null ? 0 : Long.parseLong(cursor.position());
        largest = Math.max(largest, read(spec, spec.url(), posts));
        if (spec.params().containsKey("next")) {
            largest = Math.max(largest, read(spec, spec.params().get("next"), posts));
        }
        return new SourceBatch(posts, List.of(), null, null, Long.toString(largest), false);
    }

    private long read(SourceSpec spec, String url, List<FoundPost> posts) throws FetchException, InterruptedException {
        FetchResponse response = fetcher.get(FetchRequest.of(url));
        HttpExchange exchange = response.exchange();
        byte[] body = response.body();
        long largest = 0;
        int start = 0;
        while (start < body.length) {
            int end = start;
            while (end < body.length && body[end] != '\n') {
                end++;
            }
            if (end > start) {
                JsonNode node;
                try {
                    node = JSON.readTree(body, start, end - start);
                } catch (IOException e) {
                    throw new IllegalStateException("test page line at " + start + " is not JSON", e);
                }
                String id = node.path("id").asText();
                largest = Math.max(largest, Long.parseLong(id));
                posts.add(new FoundPost(TYPE, id, spec.url() + "#" + id, new Author("a", "Author", null), null,
                        node.path("text").asText(), "uk", Instant.parse(node.path("published").asText()), List.of(), null)
                        .withRaw(RawItem.of(exchange, start, end - start, SourceEvidence.JSON_OBJECT)));
            }
            start = end + 1;
        }
        return largest;
    }
}
