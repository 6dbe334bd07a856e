package org.evidencepipeline.collector.source.bluesky.jetstream;

import org.evidencepipeline.addresspolicy.AddressPolicy;
import org.evidencepipeline.addresspolicy.VettedResolver;
import org.evidencepipeline.collector.TestFeeds;
import org.evidencepipeline.collector.collection.SourceSpec;
import org.evidencepipeline.collector.cursor.SourceCursor;
import org.evidencepipeline.collector.http.AddressRefusedException;
import org.evidencepipeline.collector.http.FetchException;
import org.evidencepipeline.collector.source.SourceBatch;
import org.evidencepipeline.contracts.Hashes;
import org.evidencepipeline.testsupport.WebSocketReplayServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Jetstream connections: the address vetted first, wss:// required, frames and the receive queue bounded. */
class JetstreamIsBoundedAndVettedTest {
    private static final List<String> EVENTS = new String(TestFeeds.bytes("jetstream-events.jsonl"), StandardCharsets.UTF_8).lines().toList();
    /** A post event whose text alone is ~12 KB of Cyrillic (2 UTF-8 bytes a character). */
    private static final String HUGE = EVENTS.get(0).replace("Вибухи в Одесі", "Ж".repeat(6000));

    private WebSocketReplayServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static JetstreamAdapter adapter(JetstreamAdapter.Limits limits, List<String> allowCidrs) {
        return new JetstreamAdapter("test", Duration.ofSeconds(2), limits, new VettedResolver(AddressPolicy.allowing(allowCidrs)));
    }

    private SourceSpec spec(String url) {
        return new SourceSpec("jetstream", "bluesky-jetstream", url, null, Map.of("window", "PT2S"));
    }

    @Test
    void aJetstreamOnARefusedAddressIsNotConnected() {
        server = WebSocketReplayServer.start(request -> EVENTS);
        JetstreamAdapter strict = adapter(new JetstreamAdapter.Limits(1 << 20, 64, true), List.of());
        assertThatThrownBy(() -> strict.poll(spec(server.url("/subscribe")), SourceCursor.empty("jetstream")))
                .isInstanceOf(AddressRefusedException.class)
                .hasMessageContaining("127.0.0.1").hasMessageContaining("loopback");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void plainWsIsRefusedUnlessAllowed() {
        server = WebSocketReplayServer.start(request -> EVENTS);
        JetstreamAdapter secure = adapter(new JetstreamAdapter.Limits(1 << 20, 64, false), List.of("127.0.0.0/8"));
        assertThat(secure.paramProblems(spec(server.url("/subscribe")))).singleElement()
                .satisfies(p -> assertThat(p).contains("must be wss://"));
        assertThat(secure.paramProblems(spec("wss://jetstream2.us-east.bsky.network/subscribe"))).isEmpty();
        assertThatThrownBy(() -> secure.poll(spec(server.url("/subscribe")), SourceCursor.empty("jetstream")))
                .isInstanceOf(FetchException.class).hasMessageContaining("wss://");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void aFrameAboveTheCapIsCountedAndDeadLetteredWithSizeAndHashAndTheOthersAreRead() throws Exception {
        server = WebSocketReplayServer.start(request -> List.of(EVENTS.get(0), HUGE, EVENTS.get(2)));
        JetstreamAdapter capped = adapter(new JetstreamAdapter.Limits(4096, 64, true), List.of("127.0.0.0/8"));
        SourceBatch batch = capped.poll(spec(server.url("/subscribe")), SourceCursor.empty("jetstream"));

        byte[] huge = HUGE.getBytes(StandardCharsets.UTF_8);
        assertThat(batch.posts()).as("the events before and after the oversized one").hasSize(2);
        assertThat(batch.posts()).noneSatisfy(p -> assertThat(p.text()).contains("ЖЖЖ"));
        assertThat(batch.rejected()).singleElement().satisfies(r -> {
            assertThat(r.reason()).contains(huge.length + " bytes").contains("4096 byte cap")
                    .contains("sha256 " + Hashes.sha256Hex(huge));
            assertThat(r.excerpt().length()).isLessThanOrEqualTo(JetstreamReceiver.HEAD_CHARS + 1);
            assertThat(r.sha256()).isEqualTo(Hashes.sha256Hex(huge));
            assertThat(r.bytes()).isEqualTo(huge.length);
        });
    }

    @Test
    void theReceiveQueueIsBoundedByDemandAndLosesNothing() throws Exception {
        List<String> frames = IntStream.range(0, 300).mapToObj(i -> "{\"n\":" + i + "}").toList();
        server = WebSocketReplayServer.start(request -> frames);
        JetstreamReceiver receiver = new JetstreamReceiver(1 << 20, 8);
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(server.url("/subscribe")), receiver).get(5, TimeUnit.SECONDS);
        try {
            // The server writes all 300 at once; a reader that does not read must not be made to hold them.
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.queued() == 8);
            Thread.sleep(300);
            assertThat(receiver.queued()).isEqualTo(8);
            List<String> got = new ArrayList<>();
            while (got.size() < frames.size()) {
                JetstreamReceiver.Item item = receiver.take(5, TimeUnit.SECONDS);
                assertThat(item).isInstanceOf(JetstreamReceiver.Item.Frame.class);
                got.add(((JetstreamReceiver.Item.Frame) item).text());
            }
            assertThat(got).isEqualTo(frames);
            assertThat(receiver.highWaterMark()).isLessThanOrEqualTo(8);
        } finally {
            ws.abort();
        }
    }
}
