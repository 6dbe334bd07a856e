package org.evidencepipeline.collector.source.bluesky.jetstream;

import org.evidencepipeline.addresspolicy.AddressPolicy;
import org.evidencepipeline.addresspolicy.VettedResolver;
import org.evidencepipeline.collector.TestFeeds;
import org.evidencepipeline.collector.collection.SourceSpec;
import org.evidencepipeline.collector.cursor.SourceCursor;
import org.evidencepipeline.collector.evidence.ArchivedFetches;
import org.evidencepipeline.collector.evidence.ListeningWindow;
import org.evidencepipeline.collector.source.FoundPost;
import org.evidencepipeline.collector.source.SourceBatch;
import org.evidencepipeline.contracts.Hashes;
import org.evidencepipeline.contracts.SourceEvidence;
import org.evidencepipeline.testsupport.WebSocketReplayServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.MessageHeaders;
import org.netpreserve.jwarc.WarcMetadata;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResource;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Jetstream poll is a listening window preserved as WARC: every text message as the UTF-8 bytes the server sent,
 * one resource record each, dated at receipt; each post points at its whole frame.
 */
class JetstreamWindowIsEvidenceTest {
    private static final List<String> EVENTS = new String(TestFeeds.bytes("jetstream-events.jsonl"), StandardCharsets.UTF_8).lines().toList();
    /** A post in Jetstream's shape whose text has 4-byte UTF-8 (emoji: surrogate pairs in Java), CJK and Cyrillic. */
    private static final String EMOJI = EVENTS.get(0).replace("3mq2aa1kx2c2a", "3mq2aa9zz7e2q").replace("1795641600100000", "1795641600110000")
            .replace("Вибухи в Одесі, фото з місця подій #Одеса", "🌊 Шторм у Одесі 🌊 海 — 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \\\"цитата\\\"");
    private static final List<VettedResolver> LOOPBACK = List.of(new VettedResolver(AddressPolicy.allowing(List.of("127.0.0.0/8"))));

    private WebSocketReplayServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static JetstreamAdapter adapter(JetstreamAdapter.Limits limits) {
        return new JetstreamAdapter("test", Duration.ofSeconds(2), limits, LOOPBACK.get(0));
    }

    private SourceSpec spec(String window) {
        return new SourceSpec("jetstream", "bluesky-jetstream", server.url("/subscribe"), null, Map.of("window", window));
    }

    @Test
    void jetstreamFrameIsKeptAsReceivedWithItsReceiptTime(@TempDir Path dir) throws Exception {
        List<String> sent = new ArrayList<>(EVENTS);
        sent.add(1, EMOJI);
        server = WebSocketReplayServer.start(request -> sent);
        Instant before = Instant.now();
        SourceBatch batch = new JetstreamAdapter("test", Duration.ofSeconds(2)).poll(spec("PT3S"), SourceCursor.empty("jetstream"));
        Instant after = Instant.now();

        assertThat(batch.posts()).hasSize(5);
        try (ArchivedFetches archived = ArchivedFetches.start(dir)) {
            for (FoundPost post : batch.posts()) {
                SourceEvidence evidence = archived.preserve(post);
                byte[] frameAsSent = sent.get(post.raw().record()).getBytes(StandardCharsets.UTF_8);
                byte[] item = archived.assertItemIsSliceOf(evidence, frameAsSent);
                assertThat(item).as("the item is the whole frame").isEqualTo(frameAsSent);
                String rkey = post.platformId().substring(post.platformId().lastIndexOf('/') + 1);
                assertThat(new String(item, StandardCharsets.UTF_8)).as("the frame " + post.platformId() + " was read from")
                        .contains("\"rkey\":\"" + rkey + "\"");
                assertThat(evidence.itemKind()).isEqualTo(SourceEvidence.JETSTREAM_FRAME);
                assertThat(evidence.itemOffset()).isZero();
                assertThat(evidence.itemLength()).isEqualTo(frameAsSent.length);

                ListeningWindow window = (ListeningWindow) post.raw().capture();
                assertThat(window.openedAt()).isBetween(before, after);
                assertThat(window.closedAt()).isBetween(window.openedAt(), after);
                assertThat(evidence.fetchedUrl()).isEqualTo(server.url("/subscribe") + "?wantedCollections=app.bsky.feed.post");
                assertThat(evidence.fetchStartedAt()).isEqualTo(window.openedAt());
                Instant received = window.frames().get(post.raw().record()).receivedAt();
                WarcRecord record = resource(archived, evidence).record();
                assertThat(record).isInstanceOf(WarcResource.class);
                assertThat(record.date()).as("WARC-Date is the frame's receipt time").isEqualTo(received).isEqualTo(evidence.fetchedAt());
                assertThat(record.date()).isBetween(window.openedAt(), window.closedAt());
                // The server sends at once and the window stays open 3 s: stamped at receipt, not when the window closed.
                assertThat(record.date()).isBefore(window.closedAt().minusSeconds(1));
            }
            FoundPost emoji = batch.posts().stream().filter(p -> p.platformId().endsWith("3mq2aa9zz7e2q")).findFirst().orElseThrow();
            assertThat(emoji.text()).isEqualTo("🌊 Шторм у Одесі 🌊 海 — 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \"цитата\"");
            assertThat(emoji.raw().record()).isEqualTo(1);
        }
    }

    @Test
    void everyFrameOfTheWindowIsKeptInOrderNotOnlyThoseThatYieldPosts(@TempDir Path dir) throws Exception {
        server = WebSocketReplayServer.start(request -> EVENTS);
        SourceBatch batch = new JetstreamAdapter("test", Duration.ofSeconds(2)).poll(spec("PT1S"), SourceCursor.empty("jetstream"));

        try (ArchivedFetches archived = ArchivedFetches.start(dir)) {
            SourceEvidence evidence = archived.preserve(batch.posts().get(0));
            List<Read> records = records(archived, evidence.warcKey());
            List<byte[]> frames = new ArrayList<>();
            Instant previous = Instant.MIN;
            for (Read read : records) {
                if (read.record() instanceof WarcResource res) {
                    frames.add(read.body());
                    assertThat(res.date()).as("frames in the order received").isAfterOrEqualTo(previous);
                    previous = res.date();
                    assertThat(res.target()).isEqualTo(evidence.fetchedUrl());
                }
            }
            // the like, the delete, the identity event and the unreadable frame are in the window too
            assertThat(frames).hasSize(EVENTS.size());
            for (int i = 0; i < EVENTS.size(); i++) {
                assertThat(frames.get(i)).as("frame " + i).isEqualTo(EVENTS.get(i).getBytes(StandardCharsets.UTF_8));
            }
            Read window = records.get(records.size() - 1);
            assertThat(window.record()).isInstanceOf(WarcMetadata.class);
            assertThat(window.fields().first("frames")).contains(Integer.toString(EVENTS.size()));
            assertThat(window.fields().all("oversized-frame")).isEmpty();
        }
    }

    @Test
    void aWindowPreservedAgainIsReadBackAsTheSameEvidenceToTheSubSecond(@TempDir Path dir) throws Exception {
        server = WebSocketReplayServer.start(request -> EVENTS);
        SourceBatch batch = new JetstreamAdapter("test", Duration.ofSeconds(2)).poll(spec("PT1S"), SourceCursor.empty("jetstream"));

        try (ArchivedFetches archived = ArchivedFetches.start(dir)) {
            for (FoundPost post : batch.posts()) {
                SourceEvidence first = archived.preserve(post);
                // As after a crash between the WARC write and the publish: the object is there, and is read back.
                SourceEvidence again = archived.preserve(post);
                assertThat(again).isEqualTo(first);
                assertThat(again.fetchedAt()).isEqualTo(((ListeningWindow) post.raw().capture()).frames().get(post.raw().record()).receivedAt());
            }
            assertThat(archived.store().keys("fetches/")).hasSize(1);
        }
    }

    @Test
    void anOversizedFrameIsInTheWindowOnlyByItsSizeAndHash(@TempDir Path dir) throws Exception {
        String huge = EVENTS.get(0).replace("Вибухи в Одесі", "Ж".repeat(6000));
        byte[] hugeBytes = huge.getBytes(StandardCharsets.UTF_8);
        server = WebSocketReplayServer.start(request -> List.of(EVENTS.get(2), huge, EVENTS.get(3)));
        SourceBatch batch = adapter(new JetstreamAdapter.Limits(4096, 64, true)).poll(spec("PT1S"), SourceCursor.empty("jetstream"));

        ListeningWindow window = (ListeningWindow) batch.posts().get(0).raw().capture();
        assertThat(window.frames()).extracting(f -> new String(f.bytes(), StandardCharsets.UTF_8)).containsExactly(EVENTS.get(2), EVENTS.get(3));
        assertThat(window.oversized()).singleElement().satisfies(o -> {
            assertThat(o.afterFrames()).isEqualTo(1);
            assertThat(o.bytes()).isEqualTo(hugeBytes.length);
            assertThat(o.sha256()).isEqualTo(Hashes.sha256Hex(hugeBytes));
            assertThat(o.receivedAt()).isBetween(window.frames().get(0).receivedAt(), window.frames().get(1).receivedAt());
        });
        try (ArchivedFetches archived = ArchivedFetches.start(dir)) {
            SourceEvidence evidence = archived.preserve(batch.posts().get(1));
            archived.assertItemIsSliceOf(evidence, EVENTS.get(3).getBytes(StandardCharsets.UTF_8));
            List<Read> records = records(archived, evidence.warcKey());
            assertThat(records.stream().filter(r -> r.record() instanceof WarcResource)).as("no record holds the oversized frame")
                    .extracting(r -> new String(r.body(), StandardCharsets.UTF_8)).containsExactly(EVENTS.get(2), EVENTS.get(3));
            Read meta = records.get(records.size() - 1);
            assertThat(meta.record()).isInstanceOf(WarcMetadata.class);
            assertThat(meta.fields().all("oversized-frame")).singleElement().satisfies(f -> assertThat(f)
                    .contains("after-frames=1").contains("bytes=" + hugeBytes.length).contains("sha256=" + Hashes.sha256Hex(hugeBytes)));
        }
    }

    @Test
    void aLongMultiByteFrameArrivingInPartsIsKeptByteForByte(@TempDir Path dir) throws Exception {
        // ~400 KB: the client hands it over in many parts; 4-byte characters fall on some of their edges.
        String big = EMOJI.replace("🌊 Шторм", "🌊 Шторм " + "𝔘Ж🌊a".repeat(40_000));
        byte[] bigBytes = big.getBytes(StandardCharsets.UTF_8);
        server = WebSocketReplayServer.start(request -> List.of(big));
        SourceBatch batch = new JetstreamAdapter("test", Duration.ofSeconds(2)).poll(spec("PT1S"), SourceCursor.empty("jetstream"));

        assertThat(batch.posts()).singleElement().satisfies(p -> assertThat(p.text()).startsWith("🌊 Шторм 𝔘Ж🌊a𝔘Ж🌊a"));
        try (ArchivedFetches archived = ArchivedFetches.start(dir)) {
            archived.assertItemIsSliceOf(archived.preserve(batch.posts().get(0)), bigBytes);
        }
    }

    @Test
    void aSurrogatePairSplitAcrossPartsIsEncodedWhole() throws Exception {
        server = WebSocketReplayServer.start(request -> List.of());
        JetstreamReceiver receiver = new JetstreamReceiver(1 << 20, 8);
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(server.url("/subscribe")), receiver).get(5, TimeUnit.SECONDS);
        try {
            String text = "{\"text\":\"a🌊b\"}";
            int split = text.indexOf('🌊') + 1; // between the high and the low surrogate
            receiver.onText(ws, text.substring(0, split), false);
            receiver.onText(ws, text.substring(split), true);
            JetstreamReceiver.Item item = receiver.take(1, TimeUnit.SECONDS);
            assertThat(item).isInstanceOf(JetstreamReceiver.Item.Frame.class);
            assertThat(((JetstreamReceiver.Item.Frame) item).bytes()).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
        } finally {
            ws.abort();
        }
    }

    @Test
    void theWindowClosesEarlyAtMaxWindowBytesAndTheNextPollContinuesFromTheCursor() throws Exception {
        // Posts 3 s apart (more than the cursor's 2 s rewind); the server replays from the cursor, as Jetstream does.
        List<String> posts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            posts.add(EVENTS.get(3).replace("3mq2aa4qm3z2k", "3mq2aa4qm3z2" + i).replace("1795641600300000", Long.toString(T0 + i * 3_000_000L)));
        }
        server = WebSocketReplayServer.start(request -> {
            int at = request.indexOf("cursor=");
            long from = at < 0 ? 0 : Long.parseLong(request.substring(at + "cursor=".length()));
            return posts.stream().filter(p -> timeUs(p) >= from).toList();
        });
        long frameBytes = posts.get(0).getBytes(StandardCharsets.UTF_8).length;
        JetstreamAdapter capped = adapter(new JetstreamAdapter.Limits(1 << 20, 64, true, 3 * frameBytes + 10));
        SourceBatch first = capped.poll(spec("PT30S"), SourceCursor.empty("jetstream"));

        ListeningWindow window = (ListeningWindow) first.posts().get(0).raw().capture();
        assertThat(window.frames()).as("the fourth frame would pass the cap").hasSize(3);
        assertThat(Duration.between(window.openedAt(), window.closedAt())).as("closed early, not after 30 s").isLessThan(Duration.ofSeconds(10));
        assertThat(first.posts()).extracting(FoundPost::platformId).map(id -> id.substring(id.length() - 1)).containsExactly("0", "1", "2");
        assertThat(first.position()).as("newest time_us of the frames kept").isEqualTo(Long.toString(T0 + 6_000_000L));

        SourceBatch next = capped.poll(spec("PT30S"), SourceCursor.empty("jetstream")
                .advance(null, null, first.position(), new LinkedHashMap<>(), 10, Instant.now()));
        assertThat(server.requests().get(1)).endsWith("&cursor=" + (T0 + 4_000_000L));
        assertThat(next.posts()).extracting(FoundPost::platformId).map(id -> id.substring(id.length() - 1))
                .as("from the cursor (rewound 2 s): the frame left unread at the cap is read now").containsExactly("2", "3", "4");
    }

    private static final long T0 = 1795641600000000L;

    private static long timeUs(String event) {
        int at = event.indexOf("\"time_us\":") + "\"time_us\":".length();
        return Long.parseLong(event.substring(at, event.indexOf(',', at)));
    }

    /** A record of the archived WARC, its body and (metadata records) its fields, read while the reader was on it. */
    private record Read(WarcRecord record, byte[] body, MessageHeaders fields) {
    }

    private static Read resource(ArchivedFetches archived, SourceEvidence e) throws Exception {
        return records(archived, e.warcKey()).stream().filter(r -> r.record().id().toString().equals(e.warcRecordId()))
                .findFirst().orElseThrow(() -> new AssertionError("no record " + e.warcRecordId()));
    }

    private static List<Read> records(ArchivedFetches archived, String key) throws Exception {
        byte[] warc = archived.store().get(key).orElseThrow();
        List<Read> out = new ArrayList<>();
        try (WarcReader reader = new WarcReader(new ByteArrayInputStream(warc))) {
            for (Optional<WarcRecord> next = reader.next(); next.isPresent(); next = reader.next()) {
                WarcRecord r = next.get();
                if (r instanceof WarcMetadata meta) {
                    out.add(new Read(r, null, meta.fields()));
                } else {
                    out.add(new Read(r, r.body().stream().readAllBytes(), null));
                }
            }
        }
        return out;
    }
}
