package org.evidencepipeline.collector.http;

import org.evidencepipeline.addresspolicy.AddressPolicy;
import org.evidencepipeline.addresspolicy.VettedResolver;
import org.evidencepipeline.embedded.FeedReplayServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A source's token goes to the source's own origin only: never across a redirect, never over plain http unless allowed. */
class TokenStaysWithItsOriginTest {
    private static final Map<String, String> TOKEN = Map.of("Authorization", "Bearer instance-token-5e1f", "Accept", "application/json");

    private final FeedReplayServer instance = FeedReplayServer.start();
    private final FeedReplayServer elsewhere = FeedReplayServer.startOn("127.0.0.2");

    @AfterEach
    void stop() {
        instance.close();
        elsewhere.close();
    }

    private static PoliteFetcher fetcher(boolean allowPlainHttpTokens) {
        return new PoliteFetcher("test", Duration.ofSeconds(2), Duration.ofSeconds(5), 1_000_000,
                new HostThrottle(Duration.ZERO, Duration.ofMinutes(1), Clock.systemUTC()), Clock.systemUTC(),
                new PoliteFetcher.Safety(new VettedResolver(AddressPolicy.allowing(List.of("127.0.0.0/8"))), 5, allowPlainHttpTokens));
    }

    @Test
    void theTokenIsNotSentToTheSecondOriginOfACrossOriginRedirect() throws Exception {
        instance.serve("/api/v1/timelines/public", FeedReplayServer.Response.redirect(302, elsewhere.url("/collect")));
        elsewhere.serve("/collect", "[]", "application/json");
        fetcher(true).get(new FetchRequest(URI.create(instance.url("/api/v1/timelines/public")), null, null, TOKEN));
        assertThat(instance.requests().get(0).header("Authorization")).isEqualTo("Bearer instance-token-5e1f");
        assertThat(elsewhere.requests("/collect")).hasSize(1);
        assertThat(elsewhere.requests("/collect").get(0).header("Authorization")).isNull();
        assertThat(elsewhere.requests("/collect").get(0).header("Accept")).isEqualTo("application/json");
    }

    @Test
    void aSameOriginRedirectKeepsTheToken() throws Exception {
        instance.serve("/old", FeedReplayServer.Response.redirect(301, "/new"));
        instance.serve("/new", "[]", "application/json");
        fetcher(true).get(new FetchRequest(URI.create(instance.url("/old")), null, null, TOKEN));
        assertThat(instance.requests("/new").get(0).header("Authorization")).isEqualTo("Bearer instance-token-5e1f");
    }

    @Test
    void aTokenIsNeverSentOverPlainHttpUnlessAllowed() {
        instance.serve("/api", "[]", "application/json");
        assertThatThrownBy(() -> fetcher(false).get(new FetchRequest(URI.create(instance.url("/api")), null, null, TOKEN)))
                .isInstanceOf(FetchException.class)
                .hasMessageContaining("only sent over https")
                .hasMessageNotContaining("instance-token-5e1f");
        assertThat(instance.requests()).isEmpty();
    }

    @Test
    void defaultPortsAreTheSameOrigin() {
        assertThat(PoliteFetcher.origin(URI.create("https://Mastodon.Social/api"))).isEqualTo(PoliteFetcher.origin(URI.create("https://mastodon.social:443/x")));
        assertThat(PoliteFetcher.origin(URI.create("http://mastodon.social/api"))).isNotEqualTo(PoliteFetcher.origin(URI.create("https://mastodon.social/api")));
    }
}
