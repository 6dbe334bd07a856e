package org.evidencepipeline.collector.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * GETs feeds and API pages the way a considerate client should: a descriptive User-Agent, conditional
 * requests, timeouts, a body size cap enforced while reading, per-host spacing and back-off on 429/503.
 */
public final class PoliteFetcher {
    private final HttpClient client;
    private final String userAgent;
    private final Duration requestTimeout;
    private final long maxBodyBytes;
    private final HostThrottle throttle;
    private final Clock clock;

    public PoliteFetcher(String userAgent, Duration connectTimeout, Duration requestTimeout, long maxBodyBytes,
                         HostThrottle throttle, Clock clock) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        this.userAgent = userAgent;
        this.requestTimeout = requestTimeout;
        this.maxBodyBytes = maxBodyBytes;
        this.throttle = throttle;
        this.clock = clock;
    }

    public FetchResponse get(FetchRequest request) throws FetchException, InterruptedException {
        String host = request.uri().getHost();
        throttle.acquire(host);
        HttpRequest.Builder b = HttpRequest.newBuilder(request.uri())
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
        request.headers().forEach(b::header);
        HttpResponse<InputStream> response;
        try {
            response = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new FetchException("timed out after " + requestTimeout + " fetching " + request.uri(), e);
        } catch (IOException e) {
            throw new FetchException("cannot fetch " + request.uri() + ": " + e, e);
        }
        int status = response.statusCode();
        try (InputStream body = response.body()) {
            if (status == 304) {
                return new FetchResponse(304, new byte[0], response.headers());
            }
            if (status == 429 || status == 503) {
                Duration wait = throttle.backOff(host, retryAfter(response.headers().firstValue("Retry-After").orElse(null)));
                throw new FetchException("HTTP " + status + " from " + host + "; backing off " + wait.toSeconds() + " s", wait);
            }
            if (status < 200 || status > 299) {
                throw new FetchException("HTTP " + status + " fetching " + request.uri(), (Duration) null);
            }
            long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > maxBodyBytes) {
                throw new FetchException("body of " + declared + " bytes exceeds the " + maxBodyBytes + " byte cap: " + request.uri(), (Duration) null);
            }
            return new FetchResponse(status, readCapped(body, request), response.headers());
        } catch (IOException e) {
            throw new FetchException("cannot read " + request.uri() + ": " + e, e);
        }
    }

    private byte[] readCapped(InputStream in, FetchRequest request) throws IOException, FetchException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) != -1) {
            total += n;
            if (total > maxBodyBytes) {
                throw new FetchException("body exceeds the " + maxBodyBytes + " byte cap: " + request.uri(), (Duration) null);
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
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
