package org.evidencepipeline.collector.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.evidencepipeline.collector.http.UnreadablePayloadException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads platform API bodies as JSON trees. Limits on nesting, string and number size stop a hostile or
 * broken server from making one poll eat the heap (the body size itself is capped by the fetcher).
 * Trees rather than bound classes: platforms add fields all the time and an unknown one must not fail a page.
 */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(64)
                    .maxStringLength(2_000_000)
                    .maxNumberLength(64)
                    .maxNameLength(1_000)
                    .build())
            .build());

    private Json() {
    }

    /** A streaming parser over a body with the same limits as {@link #read}, for finding where items are in it. */
    static JsonParser parser(byte[] body) throws IOException {
        return MAPPER.getFactory().createParser(body);
    }

    /** Parses a body; anything that is not JSON becomes an {@link UnreadablePayloadException} with an excerpt. */
    public static JsonNode read(byte[] body, String what, String url) throws UnreadablePayloadException {
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new UnreadablePayloadException("empty body instead of " + what + " at " + url, "", body);
            }
            return node;
        } catch (IOException e) {
            throw new UnreadablePayloadException("not readable as " + what + " JSON at " + url + ": "
                    + firstLine(e.getMessage()), excerpt(body), body);
        }
    }

    /** The first 2 KiB of a body, for dead letters. */
    public static String excerpt(byte[] body) {
        return new String(body, 0, Math.min(body.length, 2048), StandardCharsets.UTF_8);
    }

    /** A short excerpt of one item, for a {@link RejectedEntry}. */
    public static String excerpt(JsonNode node) {
        return Text.excerpt(String.valueOf(node), 2048);
    }

    /** The text at a path of field names, or null when any step is missing, null or not a scalar. */
    public static String text(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        if (n == null || n.isNull() || n.isContainerNode() || n.isMissingNode()) {
            return null;
        }
        return n.asText();
    }

    /** Like {@link #text} but blank counts as missing. */
    public static String nonBlank(JsonNode node, String... path) {
        String s = text(node, path);
        return s == null || s.isBlank() ? null : s;
    }

    /** The node at a path, or null when any step is missing or null. */
    public static JsonNode at(JsonNode node, String... path) {
        JsonNode n = node;
        for (String field : path) {
            if (n == null || !n.isObject()) {
                return null;
            }
            n = n.get(field);
        }
        return n == null || n.isNull() ? null : n;
    }

    /** The array at a path, or an empty array when it is missing or not an array. */
    public static Iterable<JsonNode> array(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        return n != null && n.isArray() ? n : MAPPER.createArrayNode();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
