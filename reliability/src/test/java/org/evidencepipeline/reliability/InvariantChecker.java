package org.evidencepipeline.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import org.evidencepipeline.contracts.CaptureOutcome;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.Hashes;
import org.evidencepipeline.contracts.KafkaCoordinates;
import org.evidencepipeline.contracts.PostArchived;
import org.evidencepipeline.contracts.PostCollected;
import org.evidencepipeline.contracts.PostEnriched;
import org.evidencepipeline.contracts.ProvenanceRecord;
import org.evidencepipeline.contracts.Topics;
import org.evidencepipeline.ledger.LedgerLag;
import org.evidencepipeline.testsupport.TopicProbe;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The pipeline's one promise, checked from the outside against the real broker and the real bucket: a post,
 * once collected, ends in the archive or in a dead-letter record (never nowhere), and never twice as two
 * different objects.
 * <ol>
 * <li>every record on {@code posts.collected.v1} (valid or not) is accounted for: its post version has an
 *     archive record, or the record is on {@code dead-letter.enricher.v1} (matched by topic, partition and
 *     offset), or the storer dead-lettered its enriched record;</li>
 * <li>every record on {@code posts.enriched.v1} has an archive record that names it as input, or is on
 *     {@code dead-letter.storer.v1};</li>
 * <li>the content objects under {@code sha256/} are exactly one per distinct SHA-256: every object is re-read
 *     and re-hashed, and its key must be the content key of that hash;</li>
 * <li>every capture an archive record names exists, hashes to its recorded SHA-256 and size, and has its
 *     provenance record, which agrees; every archived post JSON hashes to its recorded SHA-256;</li>
 * <li>repeated archive records of one post version (at-least-once) agree on every capture;</li>
 * <li>the running storer's own verification of each collection reports 0 MISMATCH and 0 MISSING.</li>
 * </ol>
 * Problems are collected, not thrown one at a time, so a failing run says everything that is wrong.
 */
public final class InvariantChecker {
    /** What one check found, globally and for one scenario's posts. */
    public record Report(
            List<String> problems,
            int collectedRecords, int enrichedRecords, int archiveRecords,
            int contentObjects, long contentBytes, int misplacedObjects, int postObjects,
            int repeatedArchiveRecords, int postVersionsWithSeveralPostObjects,
            Map<String, Map<String, Integer>> verifyTotals,
            Scenario scenario) {

        public boolean ok() {
            return problems.isEmpty();
        }

        public String summary() {
            return "collected records " + collectedRecords + ", enriched records " + enrichedRecords + ", archive records "
                    + archiveRecords + " (" + repeatedArchiveRecords + " repeated, all agreeing: " + ok() + "), content objects "
                    + contentObjects + " (" + contentBytes + " bytes, " + misplacedObjects + " not at the key of their own SHA-256), post JSON objects " + postObjects
                    + " (" + postVersionsWithSeveralPostObjects + " post versions stored as more than one post JSON), verify "
                    + verifyTotals + (problems.isEmpty() ? "" : "\nPROBLEMS:\n  " + String.join("\n  ", problems));
        }
    }

    /** Figures for one scenario's posts (the ids its feed served). */
    public record Scenario(int sent, int collected, int collectedRecords, int archived, int deadLettered, int lost,
                           int repeatedArchiveRecords, Set<String> missing) {
    }

    private final String bootstrapServers;
    private final MinioClient s3;
    private final String bucket;
    private final Supplier<String> storerUrl;
    private final String apiToken;
    private final EventCodec codec = new EventCodec();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public InvariantChecker(String bootstrapServers, MinioClient s3, String bucket, Supplier<String> storerUrl, String apiToken) {
        this.bootstrapServers = bootstrapServers;
        this.s3 = s3;
        this.bucket = bucket;
        this.storerUrl = storerUrl;
        this.apiToken = apiToken;
    }

    /**
     * Checks the whole pipeline and computes the figures of the posts in {@code expectedPostIds}; verification
     * through the storer runs for each of {@code collections}.
     */
    public Report check(Collection<String> expectedPostIds, Collection<String> collections) throws Exception {
        List<String> problems = new ArrayList<>();
        TopicProbe probe = new TopicProbe(bootstrapServers);
        List<TopicProbe.Read> collected = probe.readAll(Topics.POSTS_COLLECTED);
        List<TopicProbe.Read> enriched = probe.readAll(Topics.POSTS_ENRICHED);
        List<TopicProbe.Read> archivedRecords = probe.readAll(Topics.POSTS_ARCHIVED);
        Set<KafkaCoordinates> enricherDead = coordinates(probe.readAll(Topics.DEAD_LETTER_ENRICHER));
        List<TopicProbe.Read> storerDeadRecords = probe.readAll(Topics.DEAD_LETTER_STORER);
        Set<KafkaCoordinates> storerDead = coordinates(storerDeadRecords);

        List<PostArchived> archived = new ArrayList<>();
        for (TopicProbe.Read r : archivedRecords) {
            try {
                archived.add(codec.read(r.value(), PostArchived.class));
            } catch (EventCodec.InvalidEventException e) {
                problems.add("unreadable archive record at " + at(r) + ": " + e.getMessage());
            }
        }
        Map<String, List<PostArchived>> byVersion = new LinkedHashMap<>();
        Set<KafkaCoordinates> archivedInputs = new HashSet<>();
        for (PostArchived a : archived) {
            byVersion.computeIfAbsent(a.postId() + "#" + a.postVersion(), k -> new ArrayList<>()).add(a);
            if (a.input() != null) {
                archivedInputs.add(a.input());
            }
        }

        // 2. Every enriched record: archived (named as input) or dead-lettered by the storer.
        Set<String> postIdsDeadLetteredByStorer = new HashSet<>();
        for (TopicProbe.Read r : enriched) {
            KafkaCoordinates c = new KafkaCoordinates(r.topic(), r.partition(), r.offset());
            boolean isArchived = archivedInputs.contains(c);
            boolean isDead = storerDead.contains(c);
            if (isDead && r.key() != null) {
                postIdsDeadLetteredByStorer.add(r.key());
            }
            if (!isArchived && !isDead) {
                problems.add("enriched record " + at(r) + " (key " + r.key() + ") is neither archived nor dead-lettered");
            }
        }

        // 1. Every collected record: its post version archived, or dead-lettered by the enricher or the storer.
        Map<String, Set<String>> deadLetteredIds = new HashMap<>();
        for (TopicProbe.Read r : collected) {
            KafkaCoordinates c = new KafkaCoordinates(r.topic(), r.partition(), r.offset());
            PostCollected post = null;
            try {
                post = codec.read(r.value(), PostCollected.class);
            } catch (EventCodec.InvalidEventException notAPost) {
                // poison: must be on the enricher's dead-letter topic
            }
            if (enricherDead.contains(c)) {
                if (r.key() != null) {
                    deadLetteredIds.computeIfAbsent(r.key(), k -> new HashSet<>()).add("enricher");
                }
                continue;
            }
            if (post == null) {
                problems.add("unreadable collected record " + at(r) + " (key " + r.key() + ") was not dead-lettered");
            } else if (!byVersion.containsKey(post.postId() + "#" + post.version())) {
                if (postIdsDeadLetteredByStorer.contains(post.postId())) {
                    deadLetteredIds.computeIfAbsent(post.postId(), k -> new HashSet<>()).add("storer");
                } else {
                    problems.add("collected post " + post.postId() + " v" + post.version() + " at " + at(r)
                            + " has no archive record and no dead letter");
                }
            }
        }

        // 3. Content objects: one per SHA-256, each object's key is the hash of its bytes.
        Map<String, Long> objectSizes = new TreeMap<>();
        long contentBytes = 0;
        int misplaced = 0;
        for (Result<Item> result : s3.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix("sha256/").recursive(true).build())) {
            Item item = result.get();
            byte[] bytes = read(item.objectName());
            String sha = sha256(bytes);
            String expectedKey = "sha256/" + sha.substring(0, 2) + "/" + sha.substring(2, 4) + "/" + sha;
            if (!item.objectName().equals(expectedKey)) {
                misplaced++;
                problems.add("content object " + item.objectName() + " holds bytes hashing to " + sha + " (key should be " + expectedKey + ")");
            }
            if (objectSizes.put(sha, (long) bytes.length) != null) {
                misplaced++;
                problems.add("two content objects with SHA-256 " + sha);
            }
            contentBytes += bytes.length;
        }

        // 4 and 5. What archive records name exists and agrees; repeated records agree with each other.
        Map<String, String> postObjectHashes = new HashMap<>();
        int repeated = 0;
        int severalPostObjects = 0;
        for (Map.Entry<String, List<PostArchived>> e : byVersion.entrySet()) {
            List<PostArchived> records = e.getValue();
            repeated += records.size() - 1;
            Set<String> postKeys = new LinkedHashSet<>();
            for (PostArchived a : records) {
                postKeys.add(a.postObjectKey());
                checkRecord(a, objectSizes, postObjectHashes, problems);
            }
            if (postKeys.size() > 1) {
                severalPostObjects++;
            }
            PostArchived first = records.get(0);
            for (PostArchived other : records.subList(1, records.size())) {
                String disagreement = disagreement(first, other);
                if (disagreement != null) {
                    problems.add("archive records of " + e.getKey() + " disagree: " + disagreement);
                }
            }
        }

        // 6. The storer's own verification: every object re-hashes as recorded, and is in the custody ledger under a
        // signed checkpoint that the pinned TSA time-stamped (OK). The writer checkpoints every few seconds, so the
        // check waits for the last entries to be appended and signed first.
        Map<String, Map<String, Integer>> verify = new TreeMap<>();
        for (String collection : collections) {
            long captures = archived.stream().filter(a -> a.collectionIds().contains(collection))
                    .flatMap(a -> a.captures().stream()).map(InvariantChecker::captureId).filter(Objects::nonNull).distinct().count();
            // A post the storer dead-lettered (archive unreachable past retry-for) may have had its captures and index
            // entries written before the write that failed: real evidence the storer's verify finds and checks, with
            // no archive record naming it. Such captures are allowed, at most one per media item of those posts.
            long unnamedAllowed = 0;
            for (TopicProbe.Read r : enriched) {
                if (storerDead.contains(new KafkaCoordinates(r.topic(), r.partition(), r.offset()))) {
                    try {
                        PostCollected post = codec.read(r.value(), PostEnriched.class).post();
                        if (post != null && post.collectionIds().contains(collection)) {
                            unnamedAllowed += post.media().size();
                        }
                    } catch (EventCodec.InvalidEventException poison) {
                        // a poison record has no captures
                    }
                }
            }
            long postsDead = unnamedPosts(enriched, storerDead, collection);
            // Only the objects of such dead-lettered posts may lack ledger entries: the storer publishes a post's
            // entries once all its writes are durable, so a post it gave up on has none.
            long unledgeredAllowed = unnamedAllowed + postsDead;
            Verified verified = ledgerSettled(collection, unledgeredAllowed);
            Map<String, Integer> totals = verified.totals();
            verify.put(collection, totals);
            for (String failed : List.of("MISMATCH", "MISSING", "LEDGER_MISMATCH", "BAD_CHECKPOINT", "REPLACED", "NOT_CHECKPOINTED",
                    "NOT_TIME_STAMPED")) {
                if (totals.getOrDefault(failed, 0) != 0) {
                    problems.add("storer verify of " + collection + " reports " + totals);
                    break;
                }
            }
            if (!totals.containsKey("OK")) {
                problems.add("storer verify of " + collection + " reports " + totals);
            }
            if (totals.getOrDefault("NOT_IN_LEDGER", 0) > unledgeredAllowed) {
                problems.add("storer verify of " + collection + " finds " + totals.get("NOT_IN_LEDGER")
                        + " item(s) not in the custody ledger, more than the " + unledgeredAllowed + " the storer's dead-lettered posts may leave");
            }
            Map<String, Integer> byKind = verified.kind("media");
            long ok = byKind.getOrDefault("OK", 0);
            if (ok < captures || ok > captures + unnamedAllowed) {
                problems.add("storer verify of " + collection + " checked " + ok + " captures OK, the archive records name "
                        + captures + (unnamedAllowed > 0 ? " (and posts the storer dead-lettered have " + unnamedAllowed + " media)" : ""));
            }
            // Each post version's own evidence (its raw item in the fetch WARC) verifies too: one OK per post
            // provenance record the archive records name, plus at most one per post the storer dead-lettered after
            // writing its record.
            long postRecords = archived.stream().filter(a -> a.collectionIds().contains(collection) && a.postProvenance() != null)
                    .map(a -> a.postProvenance().provenanceId()).distinct().count();
            long postOk = verified.kind("post").getOrDefault("OK", 0);
            if (postOk < postRecords || postOk > postRecords + postsDead) {
                problems.add("storer verify of " + collection + " checked " + postOk + " post versions OK, the archive records name "
                        + postRecords + " post provenance records");
            }
        }

        // Figures for the scenario's own posts.
        Set<String> expected = new LinkedHashSet<>(expectedPostIds);
        Set<String> collectedIds = new HashSet<>();
        int scenarioCollectedRecords = 0;
        for (TopicProbe.Read r : collected) {
            if (expected.contains(r.key())) {
                collectedIds.add(r.key());
                scenarioCollectedRecords++;
            }
        }
        Set<String> archivedIds = new HashSet<>();
        int scenarioRepeated = 0;
        Map<String, Integer> recordsPerVersion = new HashMap<>();
        for (PostArchived a : archived) {
            if (expected.contains(a.postId())) {
                archivedIds.add(a.postId());
                recordsPerVersion.merge(a.postId() + "#" + a.postVersion(), 1, Integer::sum);
            }
        }
        for (int n : recordsPerVersion.values()) {
            scenarioRepeated += n - 1;
        }
        Set<String> dead = new HashSet<>(deadLetteredIds.keySet());
        dead.retainAll(expected);
        dead.removeAll(archivedIds);
        Set<String> missing = new LinkedHashSet<>(expected);
        missing.removeAll(archivedIds);
        missing.removeAll(dead);
        Set<String> notCollected = new LinkedHashSet<>(expected);
        notCollected.removeAll(collectedIds);
        if (!notCollected.isEmpty()) {
            problems.add(notCollected.size() + " posts the feed served were never collected: " + first(notCollected));
        }
        if (!missing.isEmpty()) {
            problems.add(missing.size() + " posts are neither archived nor dead-lettered: " + first(missing));
        }
        Scenario scenario = new Scenario(expected.size(), collectedIds.size(), scenarioCollectedRecords, archivedIds.size(), dead.size(),
                missing.size(), scenarioRepeated, missing);
        return new Report(problems, collected.size(), enriched.size(), archived.size(), objectSizes.size(), contentBytes,
                misplaced, postObjectHashes.size(), repeated, severalPostObjects, verify, scenario);
    }

    private void checkRecord(PostArchived a, Map<String, Long> objectSizes, Map<String, String> postObjectHashes,
                             List<String> problems) throws Exception {
        String postHash = postObjectHashes.get(a.postObjectKey());
        if (postHash == null) {
            byte[] post = readOrNull(a.postObjectKey());
            postHash = post == null ? "missing" : sha256(post);
            postObjectHashes.put(a.postObjectKey(), postHash);
            if (post != null) {
                PostEnriched stored = codec.read(post, PostEnriched.class);
                if (!stored.postId().equals(a.postId())) {
                    problems.add("post object " + a.postObjectKey() + " holds " + stored.postId() + ", not " + a.postId());
                }
            }
        }
        if (!postHash.equals(a.postSha256())) {
            problems.add("post object " + a.postObjectKey() + " of " + a.postId() + " hashes to " + postHash + ", recorded " + a.postSha256());
        }
        Map<String, ProvenanceRecord> inRecord = new HashMap<>();
        a.provenance().forEach(p -> inRecord.put(p.captureId(), p));
        for (CaptureOutcome c : a.captures()) {
            String sha;
            long size;
            String objectKey;
            String provenanceKey;
            String captureId;
            if (c instanceof CaptureOutcome.Stored s) {
                sha = s.sha256();
                size = s.size();
                objectKey = s.objectKey();
                provenanceKey = s.provenanceKey();
                captureId = s.captureId();
            } else if (c instanceof CaptureOutcome.Duplicate d) {
                sha = d.sha256();
                size = d.size();
                objectKey = d.objectKey();
                provenanceKey = d.provenanceKey();
                captureId = d.captureId();
            } else {
                continue;
            }
            Long actualSize = objectSizes.get(sha);
            if (actualSize == null || !objectKey.endsWith("/" + sha)) {
                problems.add(a.postId() + ": capture " + captureId + " names object " + objectKey + " (SHA-256 " + sha + "), not in the archive");
                continue;
            }
            if (actualSize != size) {
                problems.add(a.postId() + ": capture " + captureId + " records " + size + " bytes, the object has " + actualSize);
            }
            byte[] provenanceBytes = readOrNull(provenanceKey);
            if (provenanceBytes == null) {
                problems.add(a.postId() + ": provenance " + provenanceKey + " of capture " + captureId + " is missing");
                continue;
            }
            ProvenanceRecord p = codec.read(provenanceBytes, ProvenanceRecord.class);
            if (!p.sha256().equals(sha) || p.size() != actualSize || !p.objectKey().equals(objectKey) || !p.captureId().equals(captureId)) {
                problems.add(a.postId() + ": provenance " + provenanceKey + " says " + p.sha256() + "/" + p.size() + "/" + p.objectKey()
                        + ", the object is " + sha + "/" + actualSize + "/" + objectKey);
            }
            ProvenanceRecord named = inRecord.get(captureId);
            if (named == null || !named.sha256().equals(sha)) {
                problems.add(a.postId() + ": archive record lacks the provenance of capture " + captureId);
            }
        }
    }

    /** Null when two archive records of one post version say the same about every media item. */
    static String disagreement(PostArchived a, PostArchived b) {
        if (!a.postObjectKey().equals(b.postObjectKey())) {
            return "post JSON " + a.postObjectKey() + " vs " + b.postObjectKey();
        }
        if (a.captures().size() != b.captures().size()) {
            return a.captures().size() + " vs " + b.captures().size() + " captures";
        }
        for (int i = 0; i < a.captures().size(); i++) {
            String x = fingerprint(a.captures().get(i));
            String y = fingerprint(b.captures().get(i));
            if (!x.equals(y)) {
                return "media " + i + ": " + x + " vs " + y;
            }
        }
        return null;
    }

    /** What a capture says about the media item; stored and duplicate are the same fact seen at different times. */
    static String fingerprint(CaptureOutcome c) {
        if (c instanceof CaptureOutcome.Stored s) {
            return "fetched " + s.mediaUrl() + " " + s.captureId() + " " + s.objectKey();
        }
        if (c instanceof CaptureOutcome.Duplicate d) {
            return "fetched " + d.mediaUrl() + " " + d.captureId() + " " + d.objectKey();
        }
        return c.getClass().getSimpleName() + " " + c.mediaUrl();
    }

    static String captureId(CaptureOutcome c) {
        if (c instanceof CaptureOutcome.Stored s) {
            return s.captureId();
        }
        if (c instanceof CaptureOutcome.Duplicate d) {
            return d.captureId();
        }
        return null;
    }

    /** Posts of {@code collection} the storer dead-lettered: it may have written their post provenance first. */
    private long unnamedPosts(List<TopicProbe.Read> enriched, Set<KafkaCoordinates> storerDead, String collection) {
        long n = 0;
        for (TopicProbe.Read r : enriched) {
            if (storerDead.contains(new KafkaCoordinates(r.topic(), r.partition(), r.offset()))) {
                try {
                    PostCollected post = codec.read(r.value(), PostEnriched.class).post();
                    if (post != null && post.source() != null && post.collectionIds().contains(collection)) {
                        n++;
                    }
                } catch (EventCodec.InvalidEventException poison) {
                    // a poison record has no evidence
                }
            }
        }
        return n;
    }

    /**
     * The collection's verify totals once the ledger writer has caught up: nothing waits to be checkpointed or for the
     * suite's TSA to stamp its checkpoint, and no more items are out of the ledger than {@code unledgeredAllowed} (at most 180 s, then the totals as they are). After a
     * stage was killed, the writer's consumer group gets the dead members' partitions back only when their sessions
     * time out (10 s each, as the stages' consumers), so the ledger lags the archive by that much.
     */
    private Verified ledgerSettled(String collection, long unledgeredAllowed) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (true) {
            Verified v = verify(collection);
            Map<String, Integer> totals = v.totals();
            boolean settled = LedgerLag.caughtUpAndStamped(s -> totals.getOrDefault(s, 0), unledgeredAllowed);
            if (settled || System.nanoTime() > deadline) {
                return v;
            }
            Thread.sleep(500);
        }
    }

    /** One verify report of a collection: its totals over all items and by kind ({@code media}, {@code post}, ...). */
    private record Verified(Map<String, Integer> totals, Map<String, Map<String, Integer>> byKind) {
        Map<String, Integer> kind(String kind) {
            return byKind.getOrDefault(kind, Map.of());
        }
    }

    /**
     * The storer's verify report for a collection, asked once per check (each re-hashes every object and checks it in
     * the ledger: about a minute for a suite's collection here, hence the long timeout).
     */
    private Verified verify(String collection) throws IOException, InterruptedException {
        String url = storerUrl.get() + "/verify/collections/" + URLEncoder.encode(collection, StandardCharsets.UTF_8);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + apiToken)
                .timeout(Duration.ofSeconds(240)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            return new Verified(Map.of("HTTP " + r.statusCode(), 1), Map.of());
        }
        JsonNode body = codec.mapper().readTree(r.body());
        Map<String, Map<String, Integer>> byKind = new TreeMap<>();
        body.path("totalsByKind").fields().forEachRemaining(k -> byKind.put(k.getKey(), counts(k.getValue())));
        return new Verified(counts(body.path("totals")), byKind);
    }

    private static Map<String, Integer> counts(JsonNode totals) {
        Map<String, Integer> out = new TreeMap<>();
        totals.fields().forEachRemaining(f -> out.put(f.getKey(), f.getValue().asInt()));
        return out;
    }

    /**
     * Where the dead-lettered records came from. Only whole records count (the messaging failure strategy marks them
     * with the exception class); the storer's per-capture dead letters name their input too, but that input was
     * archived.
     */
    private static Set<KafkaCoordinates> coordinates(List<TopicProbe.Read> deadLetters) {
        Set<KafkaCoordinates> out = new HashSet<>();
        for (TopicProbe.Read r : deadLetters) {
            if (r.header("dead-letter-exception-class-name") == null) {
                continue;
            }
            String topic = r.header("dead-letter-topic");
            String partition = r.header("dead-letter-partition");
            String offset = r.header("dead-letter-offset");
            if (topic != null && partition != null && offset != null) {
                out.add(new KafkaCoordinates(topic, Integer.parseInt(partition), Long.parseLong(offset)));
            }
        }
        return out;
    }

    private byte[] read(String key) throws Exception {
        try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
            return in.readAllBytes();
        }
    }

    private byte[] readOrNull(String key) {
        try {
            return read(key);
        } catch (Exception e) {
            return null;
        }
    }

    private static String at(TopicProbe.Read r) {
        return r.topic() + "/" + r.partition() + "@" + r.offset();
    }

    private static String first(Set<String> ids) {
        return ids.size() <= 10 ? ids.toString() : List.copyOf(ids).subList(0, 10) + " …";
    }

    static String sha256(byte[] bytes) {
        return Hashes.sha256Hex(bytes);
    }
}
