package org.evidencepipeline.enricher.metadata;

import org.evidencepipeline.addresspolicy.AddressPolicy;
import org.evidencepipeline.addresspolicy.VettedResolver;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves links on known URL shorteners (t.co, bit.ly, clck.ru, ...) to where they point, so the same
 * article shared through different shorteners is recognisably one link. Only hosts on the configured
 * shortener list are ever contacted, with a HEAD request whose redirect {@code Location} is read and never
 * followed to a non-shortener: the destination itself is not fetched. Each hop's host is resolved and all its
 * addresses vetted by the shared address policy before the HEAD (a shortener name may point inside a network,
 * and so may a redirect to another shortener); the proxy environment is ignored, since a proxy would resolve names
 * past the policy. Results are cached (bounded); a failure or refusal just leaves the link unexpanded.
 */
public final class LinkExpander {
    /** No expansion at all. */
    public static final LinkExpander DISABLED = new LinkExpander(Set.of(), Duration.ofSeconds(1), "", 0);

    private static final int MAX_HOPS = 3;

    private final Set<String> shorteners;
    private final Duration timeout;
    private final String userAgent;
    private final HttpClient http;
    private final Map<String, Optional<String>> cache;
    private final VettedResolver resolver;

    /** For replaying from this machine (tests): may reach loopback (127.0.0.0/8) and nothing else internal. */
    public LinkExpander(Set<String> shorteners, Duration timeout, String userAgent, int cacheSize) {
        this(shorteners, timeout, userAgent, cacheSize, new VettedResolver(AddressPolicy.allowing(List.of("127.0.0.0/8"))));
    }

    public LinkExpander(Set<String> shorteners, Duration timeout, String userAgent, int cacheSize, VettedResolver resolver) {
        this.resolver = resolver;
        this.shorteners = shorteners.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toUnmodifiableSet());
        this.timeout = timeout;
        this.userAgent = userAgent;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .proxy(HttpClient.Builder.NO_PROXY).build();
        this.cache = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Optional<String>> eldest) {
                return size() > cacheSize;
            }
        });
    }

    /** For each link on a shortener that could be resolved: short link -> normalised destination. */
    public Map<String, String> expand(List<String> links) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String link : links) {
            if (isShortener(link)) {
                Optional<String> target = cache.get(link);
                if (target == null) {
                    target = resolve(link);
                    cache.put(link, target);
                }
                target.ifPresent(t -> out.put(link, t));
            }
        }
        return out;
    }

    private Optional<String> resolve(String link) {
        String current = link;
        for (int hop = 0; hop < MAX_HOPS && isShortener(current); hop++) {
            try {
                resolver.lookup(URI.create(current).getHost()); // throws if any address is refused
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(current)).timeout(timeout)
                        .method("HEAD", HttpRequest.BodyPublishers.noBody()).header("User-Agent", userAgent).build(),
                        HttpResponse.BodyHandlers.discarding());
                Optional<String> location = r.headers().firstValue("Location");
                if (r.statusCode() < 300 || r.statusCode() > 399 || location.isEmpty()) {
                    return Optional.empty();
                }
                String next = TextFeatures.normaliseLink(URI.create(current).resolve(location.get().trim()).toString());
                if (next == null) {
                    return Optional.empty();
                }
                current = next;
            } catch (IOException | IllegalArgumentException e) {
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return current.equals(link) ? Optional.empty() : Optional.of(current);
    }

    private boolean isShortener(String link) {
        try {
            String host = URI.create(link).getHost();
            return host != null && shorteners.contains(host.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
