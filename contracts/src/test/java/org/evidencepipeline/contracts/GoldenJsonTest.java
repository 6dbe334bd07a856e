package org.evidencepipeline.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each event serialises to exactly its committed golden JSON, the golden JSON validates against the
 * published schema, and reads back to an equal record. A field added to a record without updating the
 * golden file and the schema fails here, before it reaches another service.
 * Regenerate the golden files after an intended change with {@code -Dgolden.update=true}.
 */
class GoldenJsonTest {
    private final EventCodec codec = new EventCodec();

    static Stream<Arguments> events() {
        return Stream.of(
                Arguments.of("post-collected.v1", SampleEvents.collected(), PostCollected.class),
                Arguments.of("post-enriched.v1", SampleEvents.enriched(), PostEnriched.class),
                Arguments.of("provenance.v1", SampleEvents.provenance(), ProvenanceRecord.class),
                Arguments.of("post-provenance.v1", SampleEvents.postProvenance(), PostProvenance.class),
                Arguments.of("post-archived.v1", SampleEvents.archived(), PostArchived.class),
                Arguments.of("post-deleted.v1", SampleEvents.deleted(), PostDeleted.class),
                Arguments.of("page-capture-requested.v1", SampleEvents.pageRequested(), PageCaptureRequested.class),
                Arguments.of("page-provenance.v1", SampleEvents.pageProvenance(), PageProvenance.class),
                // one golden file per outcome of the closed set, each against the one page-archived schema
                Arguments.of("page-archived.v1", SampleEvents.pageCaptured(), PageArchived.class),
                Arguments.of("page-archived.v1.failed", SampleEvents.pageFailed(), PageArchived.class),
                Arguments.of("page-archived.v1.refused", SampleEvents.pageRefused(), PageArchived.class),
                Arguments.of("page-archived.v1.skipped", SampleEvents.pageSkipped(), PageArchived.class),
                Arguments.of("video-capture-requested.v1", SampleVideoEvents.requested(), VideoCaptureRequested.class),
                Arguments.of("video-capture-requested.v1.site", SampleVideoEvents.siteRequested(), VideoCaptureRequested.class),
                Arguments.of("video-provenance.v1", SampleVideoEvents.capturedProvenance(), VideoProvenance.class),
                // one golden file per video outcome, each against the one video-archived schema
                Arguments.of("video-archived.v1", SampleVideoEvents.captured(), VideoArchived.class),
                Arguments.of("video-archived.v1.not-muxed", SampleVideoEvents.capturedNotMuxed(), VideoArchived.class),
                Arguments.of("video-archived.v1.too-large", SampleVideoEvents.tooLarge(), VideoArchived.class),
                Arguments.of("video-archived.v1.failed", SampleVideoEvents.failed(), VideoArchived.class),
                Arguments.of("video-archived.v1.refused", SampleVideoEvents.refused(), VideoArchived.class),
                Arguments.of("video-archived.v1.skipped", SampleVideoEvents.skipped(), VideoArchived.class),
                // one golden file per entry shape, each against the one ledger-entry schema
                Arguments.of("ledger-entry.v1", SampleLedgerEntries.post(), LedgerEntry.class),
                Arguments.of("ledger-entry.v1.raw-item", SampleLedgerEntries.rawItem(), LedgerEntry.class),
                Arguments.of("ledger-entry.v1.media", SampleLedgerEntries.media(), LedgerEntry.class),
                Arguments.of("ledger-entry.v1.fetch-warc", SampleLedgerEntries.fetchWarc(), LedgerEntry.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void serialisesToGoldenJson(String name, Object event, Class<?> type) throws IOException {
        Path golden = Path.of("src/test/resources/golden", name + ".json");
        String json = codec.writeString(event);
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(golden, json + "\n", StandardCharsets.UTF_8);
        }
        JsonNode expected = codec.mapper().readTree(Files.readString(golden, StandardCharsets.UTF_8));
        assertThat(codec.mapper().readTree(json)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void goldenJsonReadsBackToEqualRecord(String name, Object event, Class<?> type) throws IOException {
        byte[] golden = Files.readAllBytes(Path.of("src/test/resources/golden", name + ".json"));
        assertThat(codec.read(golden, type)).isEqualTo(event);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void goldenJsonMatchesPublishedSchema(String name, Object event, Class<?> type) throws IOException {
        JsonSchema schema = schema(name);
        JsonNode golden = codec.mapper().readTree(Files.readString(Path.of("src/test/resources/golden", name + ".json")));
        Set<ValidationMessage> errors = schema.validate(golden);
        assertThat(errors).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void schemaRejectsAnUndeclaredField(String name, Object event, Class<?> type) throws IOException {
        JsonNode node = codec.mapper().valueToTree(event);
        ((com.fasterxml.jackson.databind.node.ObjectNode) node).put("surprise", 1);
        assertThat(schema(name).validate(node)).isNotEmpty();
    }

    /** The schema of a golden file: its name up to the version ({@code page-archived.v1.failed} -> page-archived.v1). */
    static JsonSchema schema(String name) throws IOException {
        name = name.replaceFirst("(\\.v\\d+)\\..*$", "$1");
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                b -> b.schemaMappers(m -> m.mapPrefix("https://evidencepipeline.org/schemas/", "classpath:schemas/")));
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        try (InputStream in = GoldenJsonTest.class.getResourceAsStream("/schemas/" + name + ".schema.json")) {
            assertThat(in).as("schema " + name).isNotNull();
        }
        return factory.getSchema(SchemaLocation.of("https://evidencepipeline.org/schemas/" + name + ".schema.json"), config);
    }
}
