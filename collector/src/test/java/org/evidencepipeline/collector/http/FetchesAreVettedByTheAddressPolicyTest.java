package org.evidencepipeline.collector.http;

import org.evidencepipeline.addresspolicy.AddressPolicy;
import org.evidencepipeline.addresspolicy.VettedResolver;
import org.evidencepipeline.embedded.FeedReplayServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every collector fetch, and every redirect hop of it, is resolved and vetted before anything connects. */
class FetchesAreVettedByTheAddressPolicyTest {
    private final FeedReplayServer allowedHost = FeedReplayServer.start();
    private final FeedReplayServer internalHost = FeedReplayServer.startOn("127.0.0.2");

    @AfterEach
    void stop() {
        allowedHost.close();
        internalHost.close();
    }

    private static PoliteFetcher fetcher(List<String> allowCidrs) {
        return new PoliteFetcher("test", Duration.ofSeconds(2), Duration.ofSeconds(5), 1_000_000,
                new HostThrottle(Duration.ZERO, Duration.ofMinutes(1), Clock.systemUTC()), Clock.systemUTC(),
                new PoliteFetcher.Safety(new VettedResolver(AddressPolicy.allowing(allowCidrs)), 5, false));
    }

    @Test
    void aFeedOnALoopbackAddressIsRefusedWithoutARequest() {
        allowedHost.serve("/feed.xml", "<rss/>", "application/rss+xml");
        assertThatThrownBy(() -> fetcher(List.of()).get(FetchRequest.of(allowedHost.url("/feed.xml"))))
                .isInstanceOf(AddressRefusedException.class)
                .hasMessageStartingWith("refused by address policy")
                .hasMessageContaining("127.0.0.1")
                .hasMessageContaining("loopback")
                .satisfies(e -> assertThat(((FetchException) e).outcome()).isEqualTo("refused-by-address-policy"));
        assertThat(allowedHost.requests()).isEmpty();
    }

    @Test
    void aRedirectFromAnAllowedHostToARefusedOneIsNotFollowed() {
        allowedHost.serve("/feed.xml", FeedReplayServer.Response.redirect(302, internalHost.url("/metadata")));
        internalHost.serve("/metadata", "secret", "text/plain");
        assertThatThrownBy(() -> fetcher(List.of("127.0.0.1/32")).get(FetchRequest.of(allowedHost.url("/feed.xml"))))
                .isInstanceOf(AddressRefusedException.class)
                .hasMessageContaining("127.0.0.2");
        assertThat(allowedHost.requests("/feed.xml")).hasSize(1);
        assertThat(internalHost.requests()).isEmpty();
    }

    @Test
    void redirectsWithinTheAllowListAreFollowedByHand() throws Exception {
        allowedHost.serve("/old", FeedReplayServer.Response.redirect(301, internalHost.url("/new")));
        internalHost.serve("/new", "<rss/>", "application/rss+xml");
        FetchResponse response = fetcher(List.of("127.0.0.1/32", "127.0.0.2/32")).get(FetchRequest.of(allowedHost.url("/old")));
        assertThat(new String(response.body())).isEqualTo("<rss/>");
        assertThat(internalHost.requests("/new")).hasSize(1);
    }

    @Test
    void aRedirectLoopStopsAtTheLimit() {
        allowedHost.serve("/loop", FeedReplayServer.Response.redirect(302, "/loop"));
        assertThatThrownBy(() -> fetcher(List.of("127.0.0.1/32")).get(FetchRequest.of(allowedHost.url("/loop"))))
                .isInstanceOf(FetchException.class)
                .hasMessageContaining("more than 5 redirects");
        assertThat(allowedHost.requests("/loop")).hasSize(6);
    }

    @Test
    void aRedirectToAnotherSchemeIsRefused() {
        allowedHost.serve("/feed.xml", FeedReplayServer.Response.redirect(302, "file:///etc/passwd"));
        assertThatThrownBy(() -> fetcher(List.of("127.0.0.1/32")).get(FetchRequest.of(allowedHost.url("/feed.xml"))))
                .isInstanceOf(FetchException.class)
                .hasMessageContaining("not an http(s) URL");
    }
}
