package org.evidencepipeline.enricher.feeds;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.MediaRef;
import org.evidencepipeline.contracts.PostCollected;
import org.evidencepipeline.contracts.PostEnriched;
import org.evidencepipeline.contracts.ToolInfo;
import org.evidencepipeline.contracts.Topics;
import org.evidencepipeline.testsupport.ApiTestTokens;
import org.evidencepipeline.testsupport.KafkaBrokerResource;
import org.evidencepipeline.testsupport.TopicProbe;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Topic feeds routed through the real broker, and the SSE endpoint researchers use instead of Kafka. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class TopicFeedsTest {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @TestHTTPResource("/feeds/odesa/stream?language=ru&from=earliest")
    URL russianOdesaStream;

    @TestHTTPResource("/feeds/Bad%20Id/stream")
    URL badCollection;

    private final EventCodec codec = new EventCodec();

    static PostCollected post(String id, List<String> collections, String text, String platform) {
        return new PostCollected(1, platform + ":" + id, platform, id, 1, "src", collections, null, null, null, text, null,
                Instant.parse("2026-11-20T06:15:00Z"), Instant.parse("2026-11-20T06:16:00Z"),
                List.of(new MediaRef("https://cdn.example.org/" + id + ".jpg", "image/jpeg", null)), null, "0".repeat(64),
                new ToolInfo("collector", "test", "x"));
    }

    @Test
    void postsAreRoutedToEachCollectionFeedAndConfiguredLanguageFeeds() {
        TopicProbe probe = new TopicProbe(bootstrap);
        probe.send(Topics.POSTS_COLLECTED, "rss:o-uk", codec.write(post("o-uk", List.of("odesa", "all-news"),
                "Вночі в Одесі пролунали вибухи, у кількох районах немає світла", "rss")));
        probe.send(Topics.POSTS_COLLECTED, "rss:o-ru", codec.write(post("o-ru", List.of("odesa"),
                "Ночью в Одессе прогремели взрывы, в нескольких районах нет света", "rss")));
        probe.send(Topics.POSTS_COLLECTED, "rss:o-en", codec.write(post("o-en", List.of("odesa"),
                "Explosions were heard in Odesa overnight and several districts lost power", "rss")));

        assertThat(keys(probe, Topics.collectionFeed("odesa"), 3)).containsExactlyInAnyOrder("rss:o-uk", "rss:o-ru", "rss:o-en");
        assertThat(keys(probe, Topics.collectionLanguageFeed("odesa", "uk"), 1)).containsExactly("rss:o-uk");
        assertThat(keys(probe, Topics.collectionLanguageFeed("odesa", "ru"), 1)).containsExactly("rss:o-ru");
        assertThat(keys(probe, Topics.collectionFeed("all-news"), 1)).containsExactly("rss:o-uk");
    }

    @Test
    void sseStreamsOnlyTheRequestedLanguageOfACollection() throws Exception {
        TopicProbe probe = new TopicProbe(bootstrap);
        HttpClient http = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<Stream<String>>> response = http.sendAsync(
                HttpRequest.newBuilder(russianOdesaStream.toURI()).header("Accept", "text/event-stream")
                        .header("Authorization", ApiTestTokens.bearer(ApiTestTokens.READER)).build(),
                HttpResponse.BodyHandlers.ofLines());
        probe.send(Topics.POSTS_COLLECTED, "telegram:s-uk", codec.write(post("s-uk", List.of("odesa"),
                "Рятувальники працюють на місці влучання, є постраждалі серед мешканців", "telegram")));
        probe.send(Topics.POSTS_COLLECTED, "telegram:s-ru", codec.write(post("s-ru", List.of("odesa"),
                "Спасатели работают на месте попадания, есть пострадавшие среди жителей", "telegram")));

        HttpResponse<Stream<String>> r = response.get(30, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        CompletableFuture<PostEnriched> first = CompletableFuture.supplyAsync(() -> {
            Iterator<String> lines = r.body().iterator();
            while (lines.hasNext()) {
                String line = lines.next();
                if (line.startsWith("data:")) {
                    return codec.read(line.substring(5).trim().getBytes(StandardCharsets.UTF_8), PostEnriched.class);
                }
            }
            return null;
        });
        PostEnriched streamed = first.get(60, TimeUnit.SECONDS);
        assertThat(streamed.language().code()).isEqualTo("ru");
        assertThat(streamed.post().collectionIds()).contains("odesa");
        r.body().close();
    }

    @Test
    void invalidCollectionIdIs400() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(badCollection.toString()))
                        .header("Authorization", ApiTestTokens.bearer(ApiTestTokens.READER)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("collection ids");
    }

    private static List<String> keys(TopicProbe probe, String topic, int expected) {
        return probe.readUntil(topic, rs -> rs.size() >= expected, Duration.ofSeconds(30)).records().stream()
                .map(TopicProbe.Read::key).toList();
    }
}
