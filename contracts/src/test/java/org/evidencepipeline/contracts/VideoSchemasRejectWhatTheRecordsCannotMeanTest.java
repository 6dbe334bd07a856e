package org.evidencepipeline.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The video schemas hold the rules a consumer relies on beyond field names: a capture claimed whole has no reason to be
 * incomplete and an incomplete one says why and is never muxed; a record without a muxed file says why; every part is
 * hashed and content-addressed, of a known role; captured and too-large outcomes come with their provenance (whole and
 * not whole), refused and skipped with none; a request is for a web URL of a known kind.
 */
class VideoSchemasRejectWhatTheRecordsCannotMeanTest {
    private final EventCodec codec = new EventCodec();

    @Test
    void theSamplesAreValidSoTheRejectionsBelowAreAboutTheOneChange() throws IOException {
        for (VideoArchived a : new VideoArchived[]{SampleVideoEvents.captured(), SampleVideoEvents.capturedNotMuxed(),
                SampleVideoEvents.tooLarge(), SampleVideoEvents.failed(), SampleVideoEvents.refused(), SampleVideoEvents.skipped()}) {
            assertThat(archived().validate(tree(a))).as(a.outcome().getClass().getSimpleName()).isEmpty();
        }
        assertThat(provenance().validate(tree(SampleVideoEvents.tooLargeProvenance()))).isEmpty();
        assertThat(requested().validate(tree(SampleVideoEvents.requested()))).isEmpty();
    }

    @Test
    void aCompleteCaptureWithAnIncompleteReasonIsRejected() throws IOException {
        ObjectNode node = tree(SampleVideoEvents.capturedProvenance());
        node.set("incomplete", codec.mapper().valueToTree(new VideoProvenance.Incomplete("bytes", "1000", "cap")));
        assertThat(provenance().validate(node)).isNotEmpty();
    }

    @Test
    void anIncompleteCaptureWithoutAReasonIsRejected() throws IOException {
        ObjectNode node = tree(SampleVideoEvents.tooLargeProvenance());
        node.putNull("incomplete");
        assertThat(provenance().validate(node)).isNotEmpty();
    }

    @Test
    void anIncompleteCaptureWithAMuxedFileIsRejected() throws IOException {
        ObjectNode node = tree(SampleVideoEvents.tooLargeProvenance());
        node.set("muxed", codec.mapper().valueToTree(SampleVideoEvents.muxed(SampleVideoEvents.parts())));
        assertThat(provenance().validate(node)).as("a partial capture offered as the playable whole").isNotEmpty();
    }

    @Test
    void aRecordWithoutAMuxedFileOrANoteIsRejected() throws IOException {
        ObjectNode node = tree(SampleVideoEvents.notMuxedProvenance());
        node.putNull("muxNote");
        assertThat(provenance().validate(node)).isNotEmpty();
    }

    @Test
    void aPartWithoutItsSha256OrOutsideTheContentLayoutOrOfAnUnknownRoleIsRejected() throws IOException {
        ObjectNode noHash = tree(SampleVideoEvents.capturedProvenance());
        ((ObjectNode) noHash.get("parts").get(3)).remove("sha256");
        assertThat(provenance().validate(noHash)).isNotEmpty();
        ObjectNode shortHash = tree(SampleVideoEvents.capturedProvenance());
        ((ObjectNode) shortHash.get("parts").get(3)).put("sha256", "abc123");
        assertThat(provenance().validate(shortHash)).isNotEmpty();
        ObjectNode layout = tree(SampleVideoEvents.capturedProvenance());
        ((ObjectNode) layout.get("parts").get(3)).put("objectKey", "videos/latest.ts");
        assertThat(provenance().validate(layout)).isNotEmpty();
        ObjectNode role = tree(SampleVideoEvents.capturedProvenance());
        ((ObjectNode) role.get("parts").get(3)).put("role", "thumbnail");
        assertThat(provenance().validate(role)).isNotEmpty();
    }

    @Test
    void anUnknownStreamKindIsRejectedInRequestAndProvenance() throws IOException {
        ObjectNode request = tree(SampleVideoEvents.requested());
        request.put("kind", "rtmp");
        assertThat(requested().validate(request)).isNotEmpty();
        ObjectNode record = tree(SampleVideoEvents.capturedProvenance());
        record.put("streamKind", "rtmp");
        assertThat(provenance().validate(record)).isNotEmpty();
    }

    @Test
    void aRequestForANonWebUrlOrForNoCollectionIsRejected() throws IOException {
        ObjectNode file = tree(SampleVideoEvents.requested());
        file.put("streamUrl", "file:///etc/passwd");
        assertThat(requested().validate(file)).isNotEmpty();
        ObjectNode none = tree(SampleVideoEvents.requested());
        none.putArray("collectionIds");
        assertThat(requested().validate(none)).isNotEmpty();
    }

    @Test
    void aCapturedOutcomeWithoutItsProvenanceOrWithAnIncompleteOneIsRejected() throws IOException {
        ObjectNode missing = tree(SampleVideoEvents.captured());
        missing.putNull("provenance");
        assertThat(archived().validate(missing)).isNotEmpty();
        ObjectNode partial = tree(SampleVideoEvents.captured());
        partial.set("provenance", codec.mapper().valueToTree(SampleVideoEvents.tooLargeProvenance()));
        assertThat(archived().validate(partial)).as("a partial capture claimed to be whole").isNotEmpty();
    }

    @Test
    void aTooLargeOutcomeClaimingAWholeCaptureIsRejected() throws IOException {
        ObjectNode node = tree(SampleVideoEvents.tooLarge());
        node.set("provenance", codec.mapper().valueToTree(SampleVideoEvents.capturedProvenance()));
        assertThat(archived().validate(node)).isNotEmpty();
        ObjectNode unknownCap = tree(SampleVideoEvents.tooLarge());
        ((ObjectNode) unknownCap.get("outcome")).put("cap", "patience");
        assertThat(archived().validate(unknownCap)).isNotEmpty();
    }

    @Test
    void aRefusedOrSkippedOutcomeCarryingAProvenanceIsRejected() throws IOException {
        for (VideoArchived a : new VideoArchived[]{SampleVideoEvents.refused(), SampleVideoEvents.skipped()}) {
            ObjectNode node = tree(a);
            node.set("provenance", codec.mapper().valueToTree(SampleVideoEvents.failedProvenance()));
            assertThat(archived().validate(node)).isNotEmpty();
        }
    }

    @Test
    void anUnknownOutcomeIsRejected() throws IOException {
        ObjectNode node = tree(SampleVideoEvents.skipped());
        ((ObjectNode) node.get("outcome")).put("outcome", "partial");
        assertThat(archived().validate(node)).isNotEmpty();
    }

    private static com.networknt.schema.JsonSchema archived() throws IOException {
        return GoldenJsonTest.schema("video-archived.v1");
    }

    private static com.networknt.schema.JsonSchema provenance() throws IOException {
        return GoldenJsonTest.schema("video-provenance.v1");
    }

    private static com.networknt.schema.JsonSchema requested() throws IOException {
        return GoldenJsonTest.schema("video-capture-requested.v1");
    }

    private ObjectNode tree(Object event) {
        JsonNode node = codec.mapper().valueToTree(event);
        return (ObjectNode) node;
    }
}
