package org.evidencepipeline.enricher.metadata;

import org.evidencepipeline.addresspolicy.AddressPolicy;
import org.evidencepipeline.addresspolicy.VettedResolver;
import org.evidencepipeline.embedded.FeedReplayServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** A shortener host, and every redirect hop to another shortener, is resolved and vetted before the HEAD. */
class LinkExpansionIsVettedTest {
    private final FeedReplayServer shortener = FeedReplayServer.start();
    private final FeedReplayServer internal = FeedReplayServer.startOn("127.0.0.2");

    @AfterEach
    void stop() {
        shortener.close();
        internal.close();
    }

    private static LinkExpander expander(List<String> allowCidrs) {
        return new LinkExpander(Set.of("127.0.0.1", "127.0.0.2"), Duration.ofSeconds(2), "t", 100,
                new VettedResolver(AddressPolicy.allowing(allowCidrs)));
    }

    @Test
    void aShortenerOnARefusedAddressIsNeverContacted() {
        shortener.serve("/s", FeedReplayServer.Response.redirect(301, "https://news.example.org/a"));
        assertThat(expander(List.of()).expand(List.of(shortener.url("/s")))).isEmpty();
        assertThat(shortener.requests()).isEmpty();
    }

    @Test
    void aRedirectToAShortenerOnARefusedAddressIsNotFollowed() {
        shortener.serve("/s", FeedReplayServer.Response.redirect(301, internal.url("/t")));
        internal.serve("/t", FeedReplayServer.Response.redirect(301, "https://news.example.org/a"));
        assertThat(expander(List.of("127.0.0.1/32")).expand(List.of(shortener.url("/s")))).isEmpty();
        assertThat(shortener.requests("/s")).hasSize(1);
        assertThat(internal.requests()).isEmpty();
    }

    @Test
    void bothHopsAllowedExpandsToTheDestination() {
        shortener.serve("/s", FeedReplayServer.Response.redirect(301, internal.url("/t")));
        internal.serve("/t", FeedReplayServer.Response.redirect(301, "https://news.example.org/a"));
        assertThat(expander(List.of("127.0.0.1/32", "127.0.0.2/32")).expand(List.of(shortener.url("/s"))))
                .containsExactly(Map.entry(shortener.url("/s"), "https://news.example.org/a"));
        assertThat(internal.requests("/t")).hasSize(1);
    }
}
