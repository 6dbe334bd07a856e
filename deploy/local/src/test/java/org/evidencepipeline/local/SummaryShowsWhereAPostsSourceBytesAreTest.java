package org.evidencepipeline.local;

import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.Hashes;
import org.evidencepipeline.contracts.KafkaCoordinates;
import org.evidencepipeline.contracts.PostArchived;
import org.evidencepipeline.contracts.PostProvenance;
import org.evidencepipeline.contracts.SourceEvidence;
import org.evidencepipeline.contracts.ToolInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.WarcCompression;
import org.netpreserve.jwarc.WarcDigest;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcWriter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo summary's lines for one archived post, from real values: the bundled demo feed's bytes as the fetched body,
 * its first {@code <item>} as the post's raw item, a gzipped WARC of that response written with jwarc into a directory
 * laid out as the archive bucket, and the {@code posts.archived} record as it travels on the topic (JSON, decoded).
 */
class SummaryShowsWhereAPostsSourceBytesAreTest {
    static final String FEED_URL = "http://127.0.0.1:41234/feed.xml";
    static final String RECORD_ID = "urn:uuid:0f3c2b1a-9d8e-3c7b-a6f5-e4d3c2b1a090";
    static final Instant FETCHED_AT = Instant.parse("2026-12-01T22:50:03.010Z");

    @TempDir
    Path archive;

    private byte[] body;
    private long itemOffset;
    private long itemLength;
    private SourceEvidence source;

    @BeforeEach
    void fetchedFeed() {
        body = DemoFeed.resource("demo/feed.xml").replace("{{BASE}}", "http://127.0.0.1:41234").getBytes(StandardCharsets.UTF_8);
        String text = new String(body, StandardCharsets.UTF_8);
        int start = text.indexOf("<item>");
        int end = text.indexOf("</item>", start) + "</item>".length();
        // Byte offsets, not char offsets: the feed has Cyrillic and Arabic text before later items.
        itemOffset = text.substring(0, start).getBytes(StandardCharsets.UTF_8).length;
        itemLength = text.substring(start, end).getBytes(StandardCharsets.UTF_8).length;
        String fetchId = Hashes.sha256Hex("http\n" + FEED_URL + "\n" + Hashes.sha256Hex(body));
        source = new SourceEvidence(fetchId, ArchiveStore.fetchWarcKey(fetchId), RECORD_ID, FEED_URL,
                FETCHED_AT.minusMillis(140), FETCHED_AT, 200, "127.0.0.1", List.of(), Hashes.sha256Hex(body), body.length,
                SourceEvidence.XML_ELEMENT, itemOffset, itemLength, Hashes.sha256Hex(slice(body, itemOffset, itemLength)));
    }

    @Test
    void anArchivedPostWithSourceEvidenceShowsItsWarcRecordItemRangeAndHashesReReadFromTheArchive() throws IOException {
        writeWarc(body);
        PostArchived withSource = onTheTopic(archived("rss:5a1e0c9d2b7f:demo-1001", provenance("rss:5a1e0c9d2b7f:demo-1001")));
        PostArchived without = onTheTopic(archived("rss:5a1e0c9d2b7f:demo-1002", null));

        List<String> lines = PostEvidenceSummary.lines(List.of(without, withSource), Map.of(), archive, Path::toString);

        String provenanceId = withSource.postProvenance().provenanceId();
        assertThat(lines).containsExactly(
                "  post evidence    1 of 2 archived posts point at their source bytes; for example rss:5a1e0c9d2b7f:demo-1001 v1",
                "    fetch WARC     " + source.warcKey() + "   " + archive.resolve(source.warcKey()),
                "    WARC record    " + RECORD_ID + "   response from " + FEED_URL + ", HTTP 200 (127.0.0.1), received 2026-12-01T22:50:03.010Z",
                "    body           sha256 " + Hashes.sha256Hex(body) + "   " + String.format("%,d", body.length) + " bytes",
                "    item           xml-element, bytes " + String.format("%,d", itemOffset) + " to "
                        + String.format("%,d", itemOffset + itemLength) + " of the body (" + String.format("%,d", itemLength)
                        + " bytes), sha256 " + Hashes.sha256Hex(slice(body, itemOffset, itemLength)),
                "    re-read        OK   the WARC payload and the item's byte range re-hash to the recorded SHA-256s",
                "    provenance     provenance/posts/" + provenanceId + ".json");
        assertThat(new String(slice(body, itemOffset, itemLength), StandardCharsets.UTF_8)).startsWith("<item>").endsWith("</item>");
    }

    @Test
    void aWarcWhoseItemBytesChangedIsShownAsMismatch() throws IOException {
        byte[] tampered = body.clone();
        tampered[(int) (itemOffset + itemLength / 2)] ^= 0x01;
        writeWarc(tampered);

        List<String> lines = PostEvidenceSummary.lines(List.of(archived("rss:5a1e0c9d2b7f:demo-1001", provenance("rss:5a1e0c9d2b7f:demo-1001"))),
                Map.of(), archive, Path::toString);

        assertThat(lines).filteredOn(l -> l.startsWith("    re-read")).singleElement().asString()
                .startsWith("    re-read        MISMATCH   the record's payload hashes to " + Hashes.sha256Hex(tampered));
    }

    @Test
    void aWarcWhosePayloadDigestDisagreesWithItsPayloadIsShownAsMismatch() throws IOException {
        writeWarc(body, Hashes.sha256Hex("another body"));

        List<String> lines = PostEvidenceSummary.lines(List.of(archived("rss:5a1e0c9d2b7f:demo-1001", provenance("rss:5a1e0c9d2b7f:demo-1001"))),
                Map.of(), archive, Path::toString);

        assertThat(lines).contains("    re-read        MISMATCH   the record's WARC-Payload-Digest sha256:"
                + Hashes.sha256Hex("another body") + " is not the payload's SHA-256");
    }

    @Test
    void aFetchWarcAbsentFromTheArchiveIsShownAsMissing() {
        List<String> lines = PostEvidenceSummary.lines(List.of(archived("rss:5a1e0c9d2b7f:demo-1001", provenance("rss:5a1e0c9d2b7f:demo-1001"))),
                Map.of(), archive, Path::toString);

        assertThat(lines).contains("    re-read        MISSING   no object " + source.warcKey() + " in the archive");
    }

    @Test
    void postsWithoutSourceEvidenceAreReportedAsHavingNone() {
        PostArchived a = onTheTopic(archived("telegram:kharkiv_news/100", null));
        PostArchived b = onTheTopic(archived("telegram:kharkiv_news/101", null));

        assertThat(PostEvidenceSummary.lines(List.of(a, b), Map.of(), archive, Path::toString)).containsExactly(
                "  post evidence    no source evidence: none of the 2 archived posts carries a pointer to the bytes it was read from");
    }

    @Test
    void theCollectedPostsSourceIsShownAndLabelledWhenItsArchiveRecordHasNone() throws IOException {
        writeWarc(body);
        PostArchived a = onTheTopic(archived("rss:5a1e0c9d2b7f:demo-1001", null));

        List<String> lines = PostEvidenceSummary.lines(List.of(a), Map.of(a.postId(), source), archive, Path::toString);

        assertThat(lines.get(0)).isEqualTo("  post evidence    0 of 1 archived posts point at their source bytes; for example "
                + "rss:5a1e0c9d2b7f:demo-1001 v1 (as collected: its archive record names no post provenance)");
        assertThat(lines).contains("    re-read        OK   the WARC payload and the item's byte range re-hash to the recorded SHA-256s");
        assertThat(lines).noneMatch(l -> l.startsWith("    provenance"));
    }

    private PostProvenance provenance(String postId) {
        String id = PostProvenance.idFor(postId, 1, source.itemSha256());
        ToolInfo storer = new ToolInfo("storer", "0.1.0", "77aa");
        String normalised = Hashes.sha256Hex("{\"postId\":\"" + postId + "\"}");
        return new PostProvenance(PostProvenance.SCHEMA_VERSION, PostProvenance.KIND, id, postId, 1, "rss", "demo-1001",
                "demo-wire", List.of("demo-wire-all"), "http://127.0.0.1:41234/posts/1001", source,
                new ToolInfo("collector", "0.1.0", "3f1c"), new KafkaCoordinates("posts.enriched.v1", 0, 7), LocalPipeline.BUCKET,
                "posts/ab/v1/" + normalised + ".json", normalised, FETCHED_AT.plusSeconds(2), storer, null,
                PostProvenance.prov(normalised, id, storer, source.itemSha256()));
    }

    private static PostArchived archived(String postId, PostProvenance provenance) {
        return new PostArchived(PostArchived.SCHEMA_VERSION, postId, 1, List.of("demo-wire-all"), LocalPipeline.BUCKET,
                "posts/ab/v1/x.json", Hashes.sha256Hex(postId), List.of(), List.of(), new KafkaCoordinates("posts.enriched.v1", 0, 7),
                FETCHED_AT.plusSeconds(2), new ToolInfo("storer", "0.1.0", "77aa"), provenance);
    }

    /** The record as the progress monitor gets it: serialised as on posts.archived.v1 and decoded again. */
    private static PostArchived onTheTopic(PostArchived record) {
        EventCodec codec = new EventCodec();
        return codec.read(codec.write(record), PostArchived.class);
    }

    /** A gzipped WARC with one response record whose HTTP body is {@code payload}, at the evidence's object key. */
    private void writeWarc(byte[] payload) throws IOException {
        writeWarc(payload, Hashes.sha256Hex(payload));
    }

    private void writeWarc(byte[] payload, String digestHex) throws IOException {
        ByteArrayOutputStream http = new ByteArrayOutputStream();
        http.write(("HTTP/1.1 200 OK\r\ncontent-type: application/rss+xml; charset=utf-8\r\ncontent-length: " + payload.length
                + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        http.write(payload);
        Path file = archive.resolve(source.warcKey());
        Files.createDirectories(file.getParent());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             WarcWriter writer = new WarcWriter(channel, WarcCompression.GZIP)) {
            writer.write(new WarcResponse.Builder(URI.create(FEED_URL)).recordId(URI.create(RECORD_ID)).date(FETCHED_AT)
                    .body(MediaType.HTTP_RESPONSE, http.toByteArray())
                    .payloadDigest(new WarcDigest("sha256", java.util.HexFormat.of().parseHex(digestHex))).build());
        }
    }

    private static byte[] slice(byte[] bytes, long offset, long length) {
        return java.util.Arrays.copyOfRange(bytes, (int) offset, (int) (offset + length));
    }
}
