package org.evidencepipeline.enricher.metadata;

import org.evidencepipeline.embedded.FeedReplayServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class LinkExpanderTest {
    private final FeedReplayServer server = FeedReplayServer.start();
    // The replay server plays two shorteners, one under each loopback name.
    private final LinkExpander expander = new LinkExpander(Set.of("127.0.0.1", "localhost"), Duration.ofSeconds(2), "test-enricher", 100);

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void followsShortenerHopsAndStopsAtTheDestinationWithoutFetchingIt() {
        String second = server.url("/s2").replace("127.0.0.1", "localhost");
        server.serve("/s1", FeedReplayServer.Response.redirect(301, second))
                .serve("/s2", FeedReplayServer.Response.redirect(302, "https://news.example.org/article?id=5&utm_source=tg#top"));

        Map<String, String> expanded = expander.expand(List.of(server.url("/s1")));

        assertThat(expanded).containsExactly(Map.entry(server.url("/s1"), "https://news.example.org/article?id=5"));
        assertThat(server.requests()).extracting(FeedReplayServer.Request::method).containsOnly("HEAD");
        assertThat(server.requests("/s1").get(0).header("User-Agent")).isEqualTo("test-enricher");
    }

    @Test
    void linksOffTheShortenerListAreNeverContacted() {
        LinkExpander onlyBitly = new LinkExpander(Set.of("bit.ly"), Duration.ofSeconds(2), "t", 100);
        server.serve("/article", "<html/>", "text/html");
        assertThat(onlyBitly.expand(List.of(server.url("/article"), "https://news.example.org/x"))).isEmpty();
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void aShortenerThatDoesNotRedirectOrFailsLeavesTheLinkUnexpanded() {
        server.serve("/plain", "not a redirect", "text/plain");
        assertThat(expander.expand(List.of(server.url("/plain"), server.url("/missing")))).isEmpty();
    }

    @Test
    void answersAreCachedSoARepostDoesNotAskAgain() {
        server.serve("/s3", FeedReplayServer.Response.redirect(301, "https://news.example.org/b"));
        expander.expand(List.of(server.url("/s3")));
        expander.expand(List.of(server.url("/s3")));
        assertThat(server.requests("/s3")).hasSize(1);
    }

    @Test
    void disabledExpanderDoesNothing() {
        server.serve("/s4", FeedReplayServer.Response.redirect(301, "https://news.example.org/c"));
        assertThat(LinkExpander.DISABLED.expand(List.of(server.url("/s4")))).isEmpty();
        assertThat(server.requests()).isEmpty();
    }
}
