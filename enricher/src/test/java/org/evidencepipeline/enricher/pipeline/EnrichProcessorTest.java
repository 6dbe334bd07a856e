package org.evidencepipeline.enricher.pipeline;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.MediaRef;
import org.evidencepipeline.contracts.PostCollected;
import org.evidencepipeline.contracts.PostEnriched;
import org.evidencepipeline.contracts.ToolInfo;
import org.evidencepipeline.contracts.Topics;
import org.evidencepipeline.testsupport.KafkaBrokerResource;
import org.evidencepipeline.testsupport.TopicProbe;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The running enricher against the real broker: keyed output, dead letters with reasons, no stall after poison. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class EnrichProcessorTest {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private final EventCodec codec = new EventCodec();

    static PostCollected post(String id, String text, String hint) {
        return new PostCollected(1, "telegram:" + id, "telegram", id, 1, "tg-src", List.of("kharkiv"),
                "https://t.me/s/channel/" + id, null, null, text, hint, Instant.parse("2026-11-20T06:15:00Z"),
                Instant.parse("2026-11-20T06:16:00Z"), List.of(new MediaRef("https://cdn.example.org/" + id + ".jpg", "image/jpeg", null)),
                null, "0".repeat(64), new ToolInfo("collector", "test", "x"));
    }

    @Test
    void poisonRecordsAreDeadLetteredWithTheReasonAndValidPostsKeepFlowing() {
        TopicProbe probe = new TopicProbe(bootstrap);
        probe.send(Topics.POSTS_COLLECTED, "telegram:1",
                codec.write(post("1", "Вранці у Харкові пролунали вибухи, повідомляє міська влада #Харків @kharkiv_news", null)));
        probe.send(Topics.POSTS_COLLECTED, "junk", "<html>not json</html>".getBytes(StandardCharsets.UTF_8));
        probe.send(Topics.POSTS_COLLECTED, "bad-id", "{\"schemaVersion\":1,\"platform\":\"x\",\"platformId\":\"1\",\"version\":1,\"collectedAt\":\"2026-01-01T00:00:00Z\"}".getBytes(StandardCharsets.UTF_8));
        probe.send(Topics.POSTS_COLLECTED, "telegram:2",
                codec.write(post("2", "أفاد سكان المدينة بسماع دوي انفجارات قوية في الأحياء الشرقية صباح اليوم", "ar")));

        // Other tests share the broker: look only at this test's keys, in order.
        List<String> mine = List.of("telegram:1", "telegram:2");
        List<TopicProbe.Read> enriched = probe.readUntil(Topics.POSTS_ENRICHED,
                        r -> r.stream().filter(x -> mine.contains(x.key())).count() >= 2, Duration.ofSeconds(30)).records()
                .stream().filter(x -> mine.contains(x.key())).toList();
        assertThat(enriched).extracting(TopicProbe.Read::key).containsExactly("telegram:1", "telegram:2");
        PostEnriched uk = codec.read(enriched.get(0).value(), PostEnriched.class);
        assertThat(uk.language().code()).isEqualTo("uk");
        assertThat(uk.hashtags()).containsExactly("харків");
        assertThat(uk.mentions()).containsExactly("kharkiv_news");
        assertThat(uk.post().media()).hasSize(1);
        assertThat(uk.enricher().name()).isEqualTo("enricher");
        PostEnriched ar = codec.read(enriched.get(1).value(), PostEnriched.class);
        assertThat(ar.language().code()).isEqualTo("ar");
        assertThat(ar.language().platformHint()).isEqualTo("ar");

        List<TopicProbe.Read> dead = probe.readUntil(Topics.DEAD_LETTER_ENRICHER, r -> r.size() >= 2, Duration.ofSeconds(30)).records();
        assertThat(dead).extracting(TopicProbe.Read::key).containsExactly("junk", "bad-id");
        assertThat(dead.get(0).valueAsString()).as("original bytes kept").isEqualTo("<html>not json</html>");
        assertThat(dead.get(0).header("dead-letter-reason")).startsWith("not a valid PostCollected");
        assertThat(dead.get(1).header("dead-letter-reason")).contains("postId");
        assertThat(dead.get(0).header("dead-letter-topic")).isEqualTo(Topics.POSTS_COLLECTED);
    }

    @Test
    void topicNamesMatchTheContracts() {
        var config = ConfigProvider.getConfig();
        assertThat(config.getValue("mp.messaging.incoming.posts-collected.topic", String.class)).isEqualTo(Topics.POSTS_COLLECTED);
        assertThat(config.getValue("mp.messaging.outgoing.posts-enriched.topic", String.class)).isEqualTo(Topics.POSTS_ENRICHED);
        assertThat(config.getValue("mp.messaging.incoming.posts-collected.dead-letter-queue.topic", String.class)).isEqualTo(Topics.DEAD_LETTER_ENRICHER);
    }
}
