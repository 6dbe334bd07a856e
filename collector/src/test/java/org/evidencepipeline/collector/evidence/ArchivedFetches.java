package org.evidencepipeline.collector.evidence;

import io.minio.MinioClient;
import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.archive.StorageException;
import org.evidencepipeline.collector.source.FoundPost;
import org.evidencepipeline.contracts.Hashes;
import org.evidencepipeline.contracts.SourceEvidence;
import org.evidencepipeline.contracts.ToolInfo;
import org.evidencepipeline.embedded.S3ProxyServer;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResource;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcTargetRecord;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real S3 server (S3Proxy) holding fetch WARCs the way the collector writes them, and the checks every source
 * type's evidence test makes: the WARC's payload is the body the server sent, its payload digest is that body's
 * SHA-256, and the post's item is the exact slice it names.
 */
public final class ArchivedFetches implements AutoCloseable {
    public static final String BUCKET = "evidence-archive";
    public static final ToolInfo TOOL = new ToolInfo("collector", "test", "0000");

    private final S3ProxyServer s3;
    private final ArchiveStore store;
    private final S3FetchArchive archive;

    private ArchivedFetches(S3ProxyServer s3) throws StorageException {
        this.s3 = s3;
        MinioClient client = MinioClient.builder().endpoint(s3.endpoint())
                .credentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY).build();
        this.store = new ArchiveStore(client, BUCKET);
        store.ensureBucket();
        this.archive = new S3FetchArchive(store, new FetchWarc(TOOL));
    }

    public static ArchivedFetches start(Path dir) throws StorageException {
        return new ArchivedFetches(S3ProxyServer.start(dir));
    }

    public S3FetchArchive archive() {
        return archive;
    }

    public ArchiveStore store() {
        return store;
    }

    public S3ProxyServer s3() {
        return s3;
    }

    /** Preserves the capture the post was read from, as the runner does before publishing it, and says where it is. */
    public SourceEvidence preserve(FoundPost post) throws StorageException {
        assertThat(post.raw()).as("raw item of " + post.platformId()).isNotNull();
        return archive.preserve(post.raw().capture()).orElseThrow().evidenceFor(post.raw());
    }

    /**
     * Reads the record the evidence names from the archived WARC and checks it against what the server sent: the
     * payload is {@code served} byte for byte, the payload digest is its SHA-256, and the item is the named slice of it
     * with the named hash. Returns the item's bytes as cut from the archived WARC.
     */
    public byte[] assertItemIsSliceOf(SourceEvidence e, byte[] served) throws Exception {
        byte[] payload = archivedPayload(e);
        assertThat(payload).as("archived payload of " + e.warcRecordId()).isEqualTo(served);
        assertThat(e.bodySha256()).isEqualTo(Hashes.sha256Hex(served));
        assertThat(e.bodyBytes()).isEqualTo(served.length);
        byte[] item = Arrays.copyOfRange(payload, (int) e.itemOffset(), (int) (e.itemOffset() + e.itemLength()));
        assertThat(item).isEqualTo(Arrays.copyOfRange(served, (int) e.itemOffset(), (int) (e.itemOffset() + e.itemLength())));
        assertThat(Hashes.sha256Hex(item)).isEqualTo(e.itemSha256());
        return item;
    }

    /** The payload of the record {@code e} names, after checking its WARC-Payload-Digest is the payload's SHA-256. */
    public byte[] archivedPayload(SourceEvidence e) throws Exception {
        byte[] warc = store.get(e.warcKey()).orElseThrow(() -> new AssertionError("no WARC object " + e.warcKey()));
        try (WarcReader reader = new WarcReader(new ByteArrayInputStream(warc))) {
            for (Optional<WarcRecord> next = reader.next(); next.isPresent(); next = reader.next()) {
                WarcRecord r = next.get();
                if (!r.id().toString().equals(e.warcRecordId())) {
                    continue;
                }
                byte[] payload = payloadOf(r);
                String digest = ((WarcTargetRecord) r).payloadDigest().orElseThrow(() -> new AssertionError("no WARC-Payload-Digest"))
                        .hex();
                assertThat(digest).as("WARC-Payload-Digest (sha256) of " + e.warcRecordId()).isEqualTo(Hashes.sha256Hex(payload));
                assertThat(((WarcTargetRecord) r).payloadDigest().get().algorithm()).isEqualTo("sha256");
                return payload;
            }
        }
        throw new AssertionError("no record " + e.warcRecordId() + " in " + e.warcKey());
    }

    private static byte[] payloadOf(WarcRecord r) throws IOException {
        if (r instanceof WarcResponse res) {
            return res.http().body().stream().readAllBytes();
        }
        if (r instanceof WarcResource res) {
            return res.body().stream().readAllBytes();
        }
        throw new AssertionError("record " + r.id() + " is a " + r.type() + ", not a response or resource");
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @Override
    public void close() {
        s3.close();
    }
}
