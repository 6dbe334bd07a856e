package org.evidencepipeline.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page schemas hold the rules a consumer relies on beyond field names: a captured outcome comes with its provenance
 * and artifacts, the other outcomes with neither, a page URL is a web URL, an artifact has a known role.
 */
class PageSchemasRejectWhatTheRecordsCannotMeanTest {
    private final EventCodec codec = new EventCodec();

    @Test
    void goldenSamplesAreValidSoTheRejectionsBelowAreAboutTheOneChange() throws IOException {
        assertThat(GoldenJsonTest.schema("page-archived.v1").validate(tree(SampleEvents.pageCaptured()))).isEmpty();
        assertThat(GoldenJsonTest.schema("page-archived.v1").validate(tree(SampleEvents.pageFailed()))).isEmpty();
    }

    @Test
    void aCapturedPageWithoutItsProvenanceIsRejected() throws IOException {
        ObjectNode node = tree(SampleEvents.pageCaptured());
        node.putNull("provenance");
        assertThat(GoldenJsonTest.schema("page-archived.v1").validate(node)).isNotEmpty();
    }

    @Test
    void aFailedPageCarryingAProvenanceIsRejected() throws IOException {
        ObjectNode node = tree(SampleEvents.pageFailed());
        node.set("provenance", codec.mapper().valueToTree(SampleEvents.pageProvenance()));
        assertThat(GoldenJsonTest.schema("page-archived.v1").validate(node)).isNotEmpty();
    }

    @Test
    void aFailedOutcomeClaimingArtifactsIsRejected() throws IOException {
        ObjectNode node = tree(SampleEvents.pageFailed());
        ((ObjectNode) node.get("outcome")).set("artifacts", codec.mapper().valueToTree(SampleEvents.pageArtifacts()));
        assertThat(GoldenJsonTest.schema("page-archived.v1").validate(node)).isNotEmpty();
    }

    @Test
    void anUnknownOutcomeIsRejected() throws IOException {
        ObjectNode node = tree(SampleEvents.pageSkipped());
        ((ObjectNode) node.get("outcome")).put("outcome", "maybe");
        assertThat(GoldenJsonTest.schema("page-archived.v1").validate(node)).isNotEmpty();
    }

    @Test
    void aRequestForANonWebUrlIsRejected() throws IOException {
        ObjectNode node = tree(SampleEvents.pageRequested());
        node.put("pageUrl", "file:///etc/passwd");
        assertThat(GoldenJsonTest.schema("page-capture-requested.v1").validate(node)).isNotEmpty();
    }

    @Test
    void anArtifactOfAnUnknownRoleIsRejected() throws IOException {
        ObjectNode node = tree(SampleEvents.pageProvenance());
        ((ObjectNode) node.get("artifacts").get(0)).put("role", "thumbnail");
        assertThat(GoldenJsonTest.schema("page-provenance.v1").validate(node)).isNotEmpty();
    }

    @Test
    void anArtifactOutsideTheContentAddressedLayoutIsRejected() throws IOException {
        ObjectNode node = tree(SampleEvents.pageProvenance());
        ((ObjectNode) node.get("artifacts").get(2)).put("objectKey", "screenshots/latest.png");
        assertThat(GoldenJsonTest.schema("page-provenance.v1").validate(node)).isNotEmpty();
    }

    private ObjectNode tree(Object event) {
        JsonNode node = codec.mapper().valueToTree(event);
        return (ObjectNode) node;
    }
}
