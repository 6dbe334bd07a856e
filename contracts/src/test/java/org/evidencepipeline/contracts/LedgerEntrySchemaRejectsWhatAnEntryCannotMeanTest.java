package org.evidencepipeline.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger entry schema holds the rules the ledger and verify rely on beyond field names: the kinds are exactly the
 * record's closed set; only a raw item is a range of another object (and always says of which record), in the fetch
 * WARC layout; every object of a post version names the post; hashes are SHA-256 hex; sizes are not negative.
 */
class LedgerEntrySchemaRejectsWhatAnEntryCannotMeanTest {
    private final EventCodec codec = new EventCodec();

    @Test
    void theSamplesAreValidSoTheRejectionsBelowAreAboutTheOneChange() throws IOException {
        for (LedgerEntry e : List.of(SampleLedgerEntries.post(), SampleLedgerEntries.rawItem(), SampleLedgerEntries.media(),
                SampleLedgerEntries.fetchWarc())) {
            assertThat(schema().validate(tree(e))).as(e.kind()).isEmpty();
        }
    }

    @Test
    void theSchemaListsExactlyTheKindsOfTheRecord() throws IOException {
        JsonNode enumNode;
        try (InputStream in = getClass().getResourceAsStream("/schemas/ledger-entry.v1.schema.json")) {
            enumNode = codec.mapper().readTree(in).path("properties").path("kind").path("enum");
        }
        List<String> kinds = new ArrayList<>();
        enumNode.forEach(k -> kinds.add(k.asText()));
        assertThat(kinds).containsExactlyInAnyOrderElementsOf(LedgerEntry.KINDS);
    }

    @Test
    void anUnknownKindIsRejected() throws IOException {
        ObjectNode node = tree(SampleLedgerEntries.media());
        node.put("kind", "thumbnail");
        assertThat(schema().validate(node)).isNotEmpty();
    }

    @Test
    void aRawItemWithoutItsRangeIsRejected() throws IOException {
        ObjectNode node = tree(SampleLedgerEntries.rawItem());
        node.putNull("within");
        assertThat(schema().validate(node)).isNotEmpty();
    }

    @Test
    void aRangeOnAWholeObjectIsRejected() throws IOException {
        ObjectNode node = tree(SampleLedgerEntries.post());
        node.set("within", tree(SampleLedgerEntries.rawItem()).get("within"));
        assertThat(schema().validate(node)).as("a post object claimed to be a range of a WARC").isNotEmpty();
    }

    @Test
    void aRawItemOutsideTheFetchWarcLayoutOrWithABadRecordIdIsRejected() throws IOException {
        ObjectNode layout = tree(SampleLedgerEntries.rawItem());
        layout.put("key", "posts/elsewhere.json");
        assertThat(schema().validate(layout)).isNotEmpty();
        ObjectNode record = tree(SampleLedgerEntries.rawItem());
        ((ObjectNode) record.get("within")).put("warcRecordId", "record-7");
        assertThat(schema().validate(record)).isNotEmpty();
        ObjectNode negative = tree(SampleLedgerEntries.rawItem());
        ((ObjectNode) negative.get("within")).put("offset", -1);
        assertThat(schema().validate(negative)).isNotEmpty();
    }

    @Test
    void aPostObjectWithoutItsPostOrVersionIsRejected() throws IOException {
        ObjectNode noPost = tree(SampleLedgerEntries.post());
        noPost.putNull("postId");
        assertThat(schema().validate(noPost)).isNotEmpty();
        ObjectNode noVersion = tree(SampleLedgerEntries.media());
        noVersion.putNull("postVersion");
        assertThat(schema().validate(noVersion)).isNotEmpty();
    }

    @Test
    void aMediaEntryOutsideTheContentOrWarcLayoutIsRejected() throws IOException {
        ObjectNode node = tree(SampleLedgerEntries.media());
        node.put("key", "media/latest.jpg");
        assertThat(schema().validate(node)).isNotEmpty();
    }

    @Test
    void aShortHashOrANegativeSizeIsRejected() throws IOException {
        ObjectNode hash = tree(SampleLedgerEntries.post());
        hash.put("sha256", "abc123");
        assertThat(schema().validate(hash)).isNotEmpty();
        ObjectNode size = tree(SampleLedgerEntries.post());
        size.put("size", -1);
        assertThat(schema().validate(size)).isNotEmpty();
    }

    @Test
    void anEntryWithoutATimeIsRejected() throws IOException {
        ObjectNode node = tree(SampleLedgerEntries.fetchWarc());
        node.put("time", "yesterday");
        assertThat(schema().validate(node)).isNotEmpty();
    }

    private static JsonSchema schema() throws IOException {
        return GoldenJsonTest.schema("ledger-entry.v1");
    }

    private ObjectNode tree(Object event) {
        return codec.mapper().valueToTree(event);
    }
}
