package org.evidencepipeline.collector.source;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks on a raw item cut from a JSON body: it is one whole JSON object and nothing else. */
public final class JsonSlices {
    // Trailing tokens fail the read, so a slice running into its neighbour is not taken for the object alone.
    private static final ObjectMapper STRICT = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonSlices() {
    }

    /** The item as one JSON object: it starts at its '{' and ends at its '}', with no whitespace or neighbour around it. */
    public static JsonNode object(byte[] item) throws IOException {
        assertThat(item).as("raw item").isNotEmpty();
        String text = new String(item, StandardCharsets.UTF_8);
        assertThat(text).as("raw item").startsWith("{").endsWith("}");
        JsonNode node = STRICT.readTree(item);
        assertThat(node.isObject()).as("raw item is a JSON object: " + text).isTrue();
        return node;
    }

    public static JsonNode tree(byte[] body) throws IOException {
        return STRICT.readTree(body);
    }
}
