package org.evidencepipeline.storer.bag;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.archive.timestamp.TimestampClient;
import org.evidencepipeline.contracts.CaptureOutcome;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.Hashes;
import org.evidencepipeline.contracts.LedgerEntry;
import org.evidencepipeline.contracts.MediaRef;
import org.evidencepipeline.contracts.PostArchived;
import org.evidencepipeline.contracts.PostEnriched;
import org.evidencepipeline.contracts.SourceEvidence;
import org.evidencepipeline.contracts.Topics;
import org.evidencepipeline.ledger.checkpoint.Checkpoint;
import org.evidencepipeline.ledger.checkpoint.CheckpointSigner;
import org.evidencepipeline.ledger.index.LedgerIndex;
import org.evidencepipeline.ledger.tiles.AppendResult;
import org.evidencepipeline.ledger.tiles.LedgerWriter;
import org.evidencepipeline.ledger.tiles.SourcedEntry;
import org.evidencepipeline.storer.LedgerKeysResource;
import org.evidencepipeline.storer.TestFetches;
import org.evidencepipeline.storer.TestPosts;
import org.evidencepipeline.embedded.FeedReplayServer;
import org.evidencepipeline.embedded.S3ProxyServer;
import org.evidencepipeline.testsupport.TestImages;
import org.evidencepipeline.testsupport.TopicProbe;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A small archive and its ledger, built for real: two posts of one collection cut from one preserved RSS fetch (so
 * their fetch WARC is shared), the first with an image, archived by the running storer through Kafka into S3Proxy;
 * then every object of them appended to the custody ledger with the real {@link LedgerWriter} and {@link LedgerIndex}
 * (post A and the fetch WARC in shard 0, in two batches with a signed, time-stamped checkpoint after each, so
 * some proofs are against the older checkpoint and need a consistency proof; post B in shard 1), as the storer's
 * ledger writer would.
 */
final class TestPackages {
    static final String BUCKET = "evidence-archive";
    static final String ORIGIN = "evidence-pipeline.local/ledger";

    /** What was built: the collection, its posts' archive records and the number of ledger entries appended. */
    record Built(String collection, PostArchived a, PostArchived b, String warcKey, int entries) {
    }

    private TestPackages() {
    }

    static MinioClient s3(String endpoint) {
        return MinioClient.builder().endpoint(endpoint).credentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY).build();
    }

    static Built build(String tag, String endpoint, String bootstrap, LedgerKeysResource.LedgerKeys keys) throws Exception {
        MinioClient s3 = s3(endpoint);
        ArchiveStore store = new ArchiveStore(s3, BUCKET);
        String collection = "bag-" + tag;
        TestFetches.Fetch fetch = TestFetches.rss("http://feed.example.org/" + tag + ".xml", List.of("перший", "другий"), 0);
        SourceEvidence second = secondItem(fetch);
        s3.putObject(PutObjectArgs.builder().bucket(BUCKET).object(fetch.warcKey()).data(fetch.warc(),
                fetch.warc().length).build());
        Map<String, PostArchived> archived;
        String idA;
        String idB;
        try (FeedReplayServer media = FeedReplayServer.start()) {
            media.serve("/" + tag + ".jpg", TestImages.jpeg(64, 48, tag.hashCode()), "image/jpeg");
            PostEnriched a = TestPosts.withSource(TestPosts.post(collection + "-a", collection,
                    List.of(new MediaRef(media.url("/" + tag + ".jpg"), "image/jpeg", null))), fetch.evidence());
            PostEnriched b = TestPosts.withSource(TestPosts.post(collection + "-b", collection, List.of()), second);
            idA = a.postId();
            idB = b.postId();
            archived = archive(bootstrap, List.of(a, b));
        }
        PostArchived a = archived.get(idA);
        PostArchived b = archived.get(idB);
        assertThat(a.captures()).hasSize(1).first().isInstanceOf(CaptureOutcome.Stored.class);

        Instant t = Instant.parse("2026-12-02T08:00:00Z");
        List<LedgerEntry> shard0 = new ArrayList<>();
        shard0.add(LedgerEntry.of(LedgerEntry.FETCH_WARC, fetch.warcKey(), Hashes.sha256Hex(fetch.warc()), fetch.warc().length, null, null,
                null, List.of(), t, null));
        List<LedgerEntry> ofA = entries(store, a, t);
        List<LedgerEntry> ofB = entries(store, b, t);
        shard0.addAll(ofA);
        CheckpointSigner signer = CheckpointSigner.fromSignerKey(keys.signerKey());
        TimestampClient tsa = new TimestampClient(URI.create(keys.tsaUrl()), Duration.ofSeconds(10));
        // Shard 0 in two batches, a checkpoint after each: the first covers the fetch WARC and A's post object.
        append(store, "0", shard0.subList(0, 2), signer, tsa, t);
        append(store, "0", shard0.subList(2, shard0.size()), signer, tsa, t);
        append(store, "1", ofB, signer, tsa, t);
        return new Built(collection, a, b, fetch.warcKey(), shard0.size() + ofB.size());
    }

    /** The second item of the same feed body, as its post would name it. */
    private static SourceEvidence secondItem(TestFetches.Fetch f) {
        String body = new String(f.body(), StandardCharsets.UTF_8);
        int start = body.indexOf("<item>", body.indexOf("</item>"));
        int end = body.indexOf("</item>", start) + "</item>".length();
        byte[] bytes = f.body();
        int from = body.substring(0, start).getBytes(StandardCharsets.UTF_8).length;
        int to = body.substring(0, end).getBytes(StandardCharsets.UTF_8).length;
        SourceEvidence s = f.evidence();
        return new SourceEvidence(s.fetchId(), s.warcKey(), s.warcRecordId(), s.fetchedUrl(), s.fetchStartedAt(), s.fetchedAt(), s.httpStatus(),
                s.resolvedAddress(), s.tlsPeerCertificateSha256(), s.bodySha256(), s.bodyBytes(), s.itemKind(), from, to - from,
                Hashes.sha256Hex(java.util.Arrays.copyOfRange(bytes, from, to)));
    }

    /** Every object the storer wrote for one post version, as the storer states them in its entries. */
    private static List<LedgerEntry> entries(ArchiveStore store, PostArchived p, Instant t) throws Exception {
        List<LedgerEntry> out = new ArrayList<>();
        byte[] post = store.get(p.postObjectKey()).orElseThrow();
        out.add(LedgerEntry.of(LedgerEntry.POST, p.postObjectKey(), Hashes.sha256Hex(post), post.length, null, p.postId(), p.postVersion(),
                p.collectionIds(), t, null));
        String provId = p.postProvenance().provenanceId();
        String provKey = ArchiveStore.postProvenanceKey(provId);
        byte[] prov = store.get(provKey).orElseThrow();
        out.add(LedgerEntry.of(LedgerEntry.POST_PROVENANCE, provKey, Hashes.sha256Hex(prov), prov.length, provId, p.postId(), p.postVersion(),
                p.collectionIds(), t, null));
        SourceEvidence s = p.postProvenance().source();
        out.add(new LedgerEntry(LedgerEntry.SCHEMA_VERSION, LedgerEntry.RAW_ITEM, s.warcKey(), s.itemSha256(), s.itemLength(), provId,
                p.postId(), p.postVersion(), p.collectionIds(), t, null, new LedgerEntry.Within(s.warcRecordId(), s.itemOffset(), s.itemLength())));
        for (CaptureOutcome c : p.captures()) {
            if (c instanceof CaptureOutcome.Stored m) {
                out.add(LedgerEntry.of(LedgerEntry.MEDIA, m.objectKey(), m.sha256(), m.size(), m.captureId(), p.postId(), p.postVersion(),
                        p.collectionIds(), t, null));
                byte[] record = store.get(m.provenanceKey()).orElseThrow();
                out.add(LedgerEntry.of(LedgerEntry.MEDIA_PROVENANCE, m.provenanceKey(), Hashes.sha256Hex(record), record.length, m.captureId(),
                        p.postId(), p.postVersion(), p.collectionIds(), t, null));
            }
        }
        return out;
    }

    private static void append(ArchiveStore store, String shard, List<LedgerEntry> entries, CheckpointSigner signer, TimestampClient tsa,
                               Instant t) throws Exception {
        LedgerWriter writer = new LedgerWriter(store, shard, 65536, new LedgerIndex(store));
        long offset = writer.open().nextOffset();
        List<SourcedEntry> sourced = new ArrayList<>();
        for (LedgerEntry e : entries) {
            sourced.add(new SourcedEntry(offset++, e));
        }
        AppendResult r = writer.append(sourced, offset);
        assertThat(r.appended()).isEqualTo(entries.size());
        byte[] note = signer.sign(new Checkpoint(Checkpoint.origin(ORIGIN, shard), r.state().size(), r.state().rootHash(), t));
        writer.publishCheckpoint(r.state().size(), note, tsa.stamp(HexFormat.of().parseHex(Hashes.sha256Hex(note))));
    }

    private static Map<String, PostArchived> archive(String bootstrap, List<PostEnriched> posts) {
        EventCodec codec = new EventCodec();
        TopicProbe probe = new TopicProbe(bootstrap);
        List<String> ids = new ArrayList<>();
        for (PostEnriched p : posts) {
            probe.send(Topics.POSTS_ENRICHED, p.postId(), codec.write(p));
            ids.add(p.postId());
        }
        Map<String, PostArchived> out = new LinkedHashMap<>();
        for (TopicProbe.Read r : probe.readUntil(Topics.POSTS_ARCHIVED, rs -> rs.stream().map(TopicProbe.Read::key).filter(ids::contains)
                .distinct().count() == ids.size(), Duration.ofSeconds(60)).records()) {
            if (ids.contains(r.key())) {
                out.putIfAbsent(r.key(), codec.read(r.value(), PostArchived.class));
            }
        }
        assertThat(out.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        return out;
    }

    /** {@code ./pipeline export} as a user runs it, straight from S3 with the storer's settings in the environment. */
    static int export(String endpoint, LedgerKeysResource.LedgerKeys keys, Path out, StringBuilder said, String... scope) {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of(scope));
        args.addAll(List.of("--out", out.toString()));
        Map<String, String> env = new java.util.HashMap<>(Map.of("STORER_S3_ENDPOINT", endpoint, "STORER_S3_ACCESS_KEY",
                S3ProxyServer.ACCESS_KEY, "STORER_S3_SECRET_KEY", S3ProxyServer.SECRET_KEY,
                "STORER_LEDGER_SIGNER_KEY_FILE", LedgerKeysResource.DIR.resolve("signer-key").toString(),
                "STORER_TIMESTAMP_TSA_CERTIFICATE_FILE", keys.tsaPem().toString(),
                "STORER_PACKAGE_SOURCE_ORGANIZATION", LedgerKeysResource.SOURCE_ORGANIZATION));
        int exit = ExportCommand.run(args.toArray(String[]::new), env, new PrintStream(text, true, StandardCharsets.UTF_8));
        said.append(text.toString(StandardCharsets.UTF_8));
        return exit;
    }

    /** The zip's files by path under its top directory (the bag's paths), in zip order. */
    static Map<String, byte[]> unzip(byte[] zip) throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                files.put(e.getName(), in.readAllBytes());
            }
        }
        return files;
    }

    static byte[] get(MinioClient s3, String key) throws Exception {
        try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket(BUCKET).object(key).build())) {
            return in.readAllBytes();
        }
    }
}
