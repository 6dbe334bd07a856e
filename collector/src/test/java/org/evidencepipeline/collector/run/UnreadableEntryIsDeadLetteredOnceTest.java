package org.evidencepipeline.collector.run;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.evidencepipeline.collector.TestFeeds;
import org.evidencepipeline.collector.collection.Collection;
import org.evidencepipeline.collector.collection.CollectionRegistry.WatchedSource;
import org.evidencepipeline.collector.collection.SourceSpec;
import org.evidencepipeline.collector.cursor.CursorStore;
import org.evidencepipeline.collector.http.HostThrottle;
import org.evidencepipeline.collector.http.PoliteFetcher;
import org.evidencepipeline.collector.source.telegram.TelegramAdapter;
import org.evidencepipeline.contracts.CollectorDeadLetter;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.ToolInfo;
import org.evidencepipeline.contracts.Topics;
import org.evidencepipeline.embedded.EmbeddedKafka;
import org.evidencepipeline.embedded.FeedReplayServer;
import org.evidencepipeline.testsupport.TopicProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A message that cannot become a post stays on a channel's page for as long as the page shows it, and pages without
 * validators (t.me/s) are read in full at every poll: it is dead-lettered once, not at every poll; a changed one again.
 */
class UnreadableEntryIsDeadLetteredOnceTest {
    static final String PAGE = "/s/kharkiv_live_ua";
    private final FeedReplayServer server = FeedReplayServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theSameUnreadableMessageIsDeadLetteredOnceAcrossPollsAndRestarts(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
            kafka.createTopics(3, List.of(Topics.POSTS_COLLECTED, Topics.DEAD_LETTER_COLLECTOR));
            String html = new String(TestFeeds.bytes("telegram/kharkiv_live_ua.html"), StandardCharsets.UTF_8);
            server.serve(PAGE, html, "text/html; charset=utf-8");
            WatchedSource source = new WatchedSource(new SourceSpec("kharkiv-live", "telegram", server.baseUrl(), null,
                    Map.of("channel", "kharkiv_live_ua")), List.of(new Collection("watch", null, null, List.of(), List.of())));

            assertThat(poll(kafka, source).rejected()).isEqualTo(1);
            assertThat(poll(kafka, source).rejected()).as("still rejected, and counted").isEqualTo(1);
            assertThat(poll(kafka, source).rejected()).isEqualTo(1);
            assertThat(deadLetters(kafka)).singleElement()
                    .satisfies(l -> assertThat(l.excerpt()).contains("Повідомлення з пошкодженим data-post"));

            server.serve(PAGE, html.replace("Повідомлення з пошкодженим data-post", "Інше пошкоджене повідомлення"),
                    "text/html; charset=utf-8");
            poll(kafka, source);
            poll(kafka, source);
            assertThat(deadLetters(kafka)).as("a changed entry is a new one").hasSize(2);
        }
    }

    private List<CollectorDeadLetter> deadLetters(EmbeddedKafka kafka) {
        return new TopicProbe(kafka.bootstrapServers()).readAll(Topics.DEAD_LETTER_COLLECTOR).stream()
                .map(r -> new EventCodec().read(r.value(), CollectorDeadLetter.class)).toList();
    }

    private SourceRunner.Outcome poll(EmbeddedKafka kafka, WatchedSource source) throws InterruptedException {
        Clock clock = Clock.systemUTC();
        PoliteFetcher fetcher = new PoliteFetcher("test", Duration.ofSeconds(2), Duration.ofSeconds(5), 10_000_000,
                new HostThrottle(Duration.ZERO, Duration.ofMinutes(1), clock), clock);
        try (CursorStore cursors = new CursorStore(Map.of("bootstrap.servers", kafka.bootstrapServers()), Topics.COLLECTOR_CURSORS);
             KafkaPostSink sink = new KafkaPostSink(kafka.bootstrapServers())) {
            cursors.load();
            return new SourceRunner(Map.of("telegram", new TelegramAdapter(fetcher)), cursors, sink,
                    new SourceStatusBoard(new SimpleMeterRegistry(), clock), new ToolInfo("collector", "test", "x"), 100, clock).run(source);
        }
    }
}
