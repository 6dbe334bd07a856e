package org.evidencepipeline.collector.http;

import org.evidencepipeline.addresspolicy.AddressPolicy;
import org.evidencepipeline.addresspolicy.RefusedAddressException;
import org.evidencepipeline.addresspolicy.VettedResolver;
import org.evidencepipeline.collector.evidence.HttpExchange;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLPeerUnverifiedException;
import java.util.Locale;
import java.util.Set;

/**
 * GETs feeds and API pages the way a considerate client should: a descriptive User-Agent, conditional
 * requests, timeouts, a body size cap enforced while reading, per-host spacing and back-off on 429/503.
 * And the way a careful one must, since source URLs come from whoever may POST a collection:
 * <ul>
 * <li>every host, including every redirect hop, is resolved and all its addresses vetted by the shared
 *     {@link AddressPolicy} before connecting. The JDK client has no DNS hook, so it then resolves the name again;
 *     the JVM's address cache hands it the answers just vetted (the connected address itself cannot be read back
 *     from the JDK client);</li>
 * <li>redirects are followed here, never by the client, up to a limit;</li>
 * <li>an {@code Authorization} header (a source's token) goes only to the origin of the request it came with
 *     (scheme, host and port, i.e. the source's configured instance), only over https unless plain http is
 *     allowed, and is dropped on any redirect to another origin;</li>
 * <li>the proxy environment is ignored: a proxy would resolve names for us, past the policy.</li>
 * </ul>
 */
public final class PoliteFetcher {
    /** Headers a redirect to another origin never carries. */
    private static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization", "cookie", "proxy-authorization");
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    /** What the fetcher may reach and send. */
    public record Safety(VettedResolver resolver, int maxRedirects, boolean allowPlainHttpTokens) {
    }

    private final HttpClient client;
    private final String userAgent;
    private final Duration requestTimeout;
    private final long maxBodyBytes;
    private final HostThrottle throttle;
    private final Clock clock;
    private final Safety safety;

    public PoliteFetcher(String userAgent, Duration connectTimeout, Duration requestTimeout, long maxBodyBytes,
                         HostThrottle throttle, Clock clock, Safety safety) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                // HTTP/1.1 only, so the exchange preserved in the fetch WARC is the one on the wire (no HTTP/2 framing
                // or pseudo-headers to translate)
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(HttpClient.Builder.NO_PROXY)
                .build();
        this.userAgent = userAgent;
        this.requestTimeout = requestTimeout;
        this.maxBodyBytes = maxBodyBytes;
        this.throttle = throttle;
        this.clock = clock;
        this.safety = safety;
    }

    /**
     * A fetcher for replaying from this machine (tests, the local demo): it may reach loopback (127.0.0.0/8) and
     * nothing else internal, and sends tokens over plain http.
     */
    public PoliteFetcher(String userAgent, Duration connectTimeout, Duration requestTimeout, long maxBodyBytes,
                         HostThrottle throttle, Clock clock) {
        this(userAgent, connectTimeout, requestTimeout, maxBodyBytes, throttle, clock,
                new Safety(new VettedResolver(AddressPolicy.allowing(List.of("127.0.0.0/8"))), 5, true));
    }

    public FetchResponse get(FetchRequest request) throws FetchException, InterruptedException {
        URI first = request.uri();
        String origin = origin(first);
        boolean carriesCredentials = request.headers().keySet().stream()
                .anyMatch(h -> CREDENTIAL_HEADERS.contains(h.toLowerCase(Locale.ROOT)));
        if (carriesCredentials && !"https".equalsIgnoreCase(first.getScheme()) && !safety.allowPlainHttpTokens()) {
            throw new FetchException("the source's token is only sent over https, not to " + origin
                    + " (collector.http.allow-plain-http-tokens)", (Duration) null);
        }
        URI current = first;
        List<String> hops = new ArrayList<>();
        for (int hop = 0; ; hop++) {
            Sent sent = send(request, current, origin.equals(origin(current)));
            HttpResponse<InputStream> response = sent.response();
            int status = response.statusCode();
            if (REDIRECTS.contains(status)) {
                closeQuietly(response.body());
                String location = response.headers().firstValue("Location").orElse(null);
                if (location == null) {
                    throw new FetchException("HTTP " + status + " without a Location fetching " + current, (Duration) null);
                }
                if (hop >= safety.maxRedirects()) {
                    throw new FetchException("more than " + safety.maxRedirects() + " redirects fetching " + first, (Duration) null);
                }
                hops.add(current.toString());
                try {
                    current = current.resolve(location.trim());
                } catch (IllegalArgumentException e) {
                    throw new FetchException("unusable redirect Location from " + current, (Duration) null);
                }
                continue;
            }
            return read(current, sent, hops);
        }
    }

    /** A request on the wire: the response, when it was sent, the headers sent and the addresses vetted for it. */
    private record Sent(HttpResponse<InputStream> response, java.time.Instant startedAt, Map<String, List<String>> headers,
                        List<InetAddress> addresses) {
    }

    private Sent send(FetchRequest request, URI uri, boolean sameOrigin) throws FetchException, InterruptedException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new FetchException("not an http(s) URL: " + uri, (Duration) null);
        }
        String host = uri.getHost();
        List<InetAddress> addresses = vet(host, uri);
        throttle.acquire(host);
        // What goes on the wire, in order, for the fetch WARC; credential values are never recorded.
        Map<String, List<String>> sentHeaders = new LinkedHashMap<>();
        sentHeaders.put("Host", List.of(uri.getPort() == -1 ? host : host + ":" + uri.getPort()));
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("User-Agent", userAgent)
                .header("Accept-Encoding", "identity")
                .GET();
        if (request.etag() != null) {
            b.header("If-None-Match", request.etag());
        }
        if (request.lastModified() != null) {
            b.header("If-Modified-Since", request.lastModified());
        }
        request.headers().forEach((name, value) -> {
            if (sameOrigin || !CREDENTIAL_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                b.header(name, value);
            }
        });
        HttpRequest built = b.build();
        built.headers().map().forEach((name, values) -> sentHeaders.put(name,
                CREDENTIAL_HEADERS.contains(name.toLowerCase(Locale.ROOT)) ? List.of("[redacted]") : values));
        try {
            java.time.Instant started = clock.instant();
            return new Sent(client.send(built, HttpResponse.BodyHandlers.ofInputStream()), started, sentHeaders, addresses);
        } catch (HttpTimeoutException e) {
            throw new FetchException("timed out after " + requestTimeout + " fetching " + uri, e);
        } catch (IOException e) {
            throw new FetchException("cannot fetch " + uri + ": " + e, e);
        }
    }

    private List<InetAddress> vet(String host, URI uri) throws FetchException {
        if (host == null) {
            throw new FetchException("no host in " + uri, (Duration) null);
        }
        try {
            return safety.resolver().lookup(host);
        } catch (RefusedAddressException e) {
            throw new AddressRefusedException(e.getMessage() + " (fetching " + uri + "; allow-list: collector.http.allow-cidrs)");
        } catch (UnknownHostException e) {
            throw new FetchException("cannot resolve " + host + " fetching " + uri, e);
        }
    }

    private FetchResponse read(URI uri, Sent sent, List<String> redirects) throws FetchException {
        HttpResponse<InputStream> response = sent.response();
        String host = uri.getHost();
        int status = response.statusCode();
        try (InputStream body = response.body()) {
            if (status == 304) {
                return new FetchResponse(304, new byte[0], response.headers(), null);
            }
            if (status == 429 || status == 503) {
                Duration wait = throttle.backOff(host, retryAfter(response.headers().firstValue("Retry-After").orElse(null)));
                throw new FetchException("HTTP " + status + " from " + host + "; backing off " + wait.toSeconds() + " s", wait);
            }
            if (status < 200 || status > 299) {
                throw new FetchException("HTTP " + status + " fetching " + uri, (Duration) null);
            }
            long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > maxBodyBytes) {
                throw new FetchException("body of " + declared + " bytes exceeds the " + maxBodyBytes + " byte cap: " + uri, (Duration) null);
            }
            byte[] bytes = readCapped(body, uri);
            HttpExchange exchange = new HttpExchange(uri, redirects, sent.headers(), "HTTP/1.1", status, response.headers().map(),
                    bytes, sent.startedAt(), clock.instant(), sent.addresses(), tlsChain(response));
            return new FetchResponse(status, bytes, response.headers(), exchange);
        } catch (IOException e) {
            throw new FetchException("cannot read " + uri + ": " + e, e);
        }
    }

    private byte[] readCapped(InputStream in, URI uri) throws IOException, FetchException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) != -1) {
            total += n;
            if (total > maxBodyBytes) {
                throw new FetchException("body exceeds the " + maxBodyBytes + " byte cap: " + uri, (Duration) null);
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static List<byte[]> tlsChain(HttpResponse<?> response) {
        return response.sslSession().map(session -> {
            try {
                List<byte[]> chain = new ArrayList<>();
                for (Certificate c : session.getPeerCertificates()) {
                    chain.add(c.getEncoded());
                }
                return chain;
            } catch (SSLPeerUnverifiedException | CertificateEncodingException e) {
                return List.<byte[]>of();
            }
        }).orElse(List.of());
    }

    /** scheme://host:port with the default port made explicit, so https://a and https://a:443 are one origin. */
    static String origin(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        return scheme + "://" + host + ":" + port;
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // the redirect's body is not wanted
        }
    }

    /** Retry-After is either delta-seconds or an HTTP date; anything else is ignored. */
    Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(value.trim()));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(clock.instant(), at.toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }
}
