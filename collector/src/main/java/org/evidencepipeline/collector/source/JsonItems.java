package org.evidencepipeline.collector.source;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import org.evidencepipeline.collector.evidence.HttpExchange;
import org.evidencepipeline.collector.evidence.RawItem;
import org.evidencepipeline.collector.http.UnreadablePayloadException;
import org.evidencepipeline.contracts.SourceEvidence;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where each element of a JSON array is in the body it came from, as exact byte ranges, so a post's raw item is the
 * platform's own bytes of that status, listing child or feed entry (never a re-serialisation, which would change
 * escapes, key order and whitespace). Found with Jackson's streaming parser over the same bytes and limits as
 * {@link Json#read}: an element runs from the first byte of its token to just after its last one.
 */
public final class JsonItems {
    /** An element's bytes: {@code [offset, offset + length)} of the body. */
    public record Range(int offset, int length) {
    }

    /** An element of the array as the tree reader gave it, with its range and the raw item cut from the exchange. */
    public record Located(JsonNode node, Range range, RawItem raw) {
    }

    private JsonItems() {
    }

    /**
     * The ranges of the elements of the array at {@code path} (field names from the root object; none for a root
     * array), in document order. Where a field repeats, the last one counts, as in the tree {@link Json#read} builds.
     * Empty when the path does not lead to an array.
     */
    public static List<Range> ranges(byte[] body, String... path) throws IOException {
        try (JsonParser p = Json.parser(body)) {
            JsonToken first = p.nextToken();
            List<Range> found = find(p, first, path, 0);
            return found == null ? List.of() : found;
        }
    }

    /**
     * Pairs the elements of {@code array} (read from the exchange's body by {@link Json#read} at {@code path}) with
     * their ranges by position, each as a {@link SourceEvidence#JSON_OBJECT} raw item of the exchange.
     */
    public static List<Located> locate(HttpExchange exchange, JsonNode array, String url, String... path)
            throws UnreadablePayloadException {
        byte[] body = exchange.body();
        List<Range> ranges;
        try {
            ranges = ranges(body, path);
        } catch (IOException e) {
            throw new UnreadablePayloadException("cannot locate items in the JSON at " + url + ": " + e.getMessage(), Json.excerpt(body), body);
        }
        if (ranges.size() != array.size()) {
            // The tree and the stream read the same bytes the same way; a difference means one of them is wrong.
            throw new UnreadablePayloadException("found " + ranges.size() + " item ranges for " + array.size()
                    + " items in the JSON at " + url, Json.excerpt(body), body);
        }
        List<Located> located = new ArrayList<>(ranges.size());
        for (int i = 0; i < ranges.size(); i++) {
            Range r = ranges.get(i);
            located.add(new Located(array.get(i), r, RawItem.of(exchange, r.offset(), r.length(), SourceEvidence.JSON_OBJECT)));
        }
        return located;
    }

    /** With the parser on {@code token}, the value at {@code path[depth..]}, or null if it is not there. */
    private static List<Range> find(JsonParser p, JsonToken token, String[] path, int depth) throws IOException {
        if (depth == path.length) {
            return token == JsonToken.START_ARRAY ? elements(p) : skip(p);
        }
        if (token != JsonToken.START_OBJECT) {
            return skip(p);
        }
        List<Range> found = null;
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (path[depth].equals(name)) {
                found = find(p, value, path, depth + 1); // a later duplicate replaces an earlier one
            } else {
                p.skipChildren();
            }
        }
        return found;
    }

    private static List<Range> skip(JsonParser p) throws IOException {
        p.skipChildren();
        return null;
    }

    private static List<Range> elements(JsonParser p) throws IOException {
        List<Range> ranges = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t == null) {
                throw new IOException("unexpected end of input inside an array");
            }
            long start = p.currentTokenLocation().getByteOffset();
            p.skipChildren();
            p.finishToken(); // a string element is read lazily; read it so the end below is after its closing quote
            long end = p.currentLocation().getByteOffset();
            if (start < 0 || end < start) {
                // Jackson reads UTF-16 and UTF-32 JSON through a decoder and then knows only char offsets. JSON between
                // systems must be UTF-8 (RFC 8259 section 8.1); rather than guess bytes, the page is refused.
                throw new IOException("the body is not UTF-8 JSON (RFC 8259 section 8.1), so its items have no byte offsets");
            }
            ranges.add(new Range(Math.toIntExact(start), Math.toIntExact(end - start)));
        }
        return ranges;
    }
}
