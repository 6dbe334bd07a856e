package org.evidencepipeline.download;

import org.evidencepipeline.addresspolicy.AddressPolicy;
import org.evidencepipeline.addresspolicy.RefusedAddressException;
import org.evidencepipeline.addresspolicy.VettedResolver;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Fetches untrusted media URLs without letting them reach inside the network:
 * <ul>
 * <li>http and https only; the proxy environment is ignored (a proxy would resolve names for us);</li>
 * <li>every name is resolved here and every answer vetted by {@link AddressPolicy} before connecting,
 *     and the address actually connected to is checked again (IP literals, pooled connections);</li>
 * <li>redirects are followed by hand, each hop checked the same way, up to a limit;</li>
 * <li>connect, read and total time limits; a size cap enforced while streaming;</li>
 * <li>SHA-256 and SHA-512 computed while the bytes stream to a temporary file, before any storage.</li>
 * </ul>
 * Every way a download can end is a {@link DownloadResult}; nothing here throws for bad input.
 */
public final class SafeDownloader {

    /** Resolves a host name; the system resolver in production. */
    @FunctionalInterface
    public interface HostResolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;

        HostResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));
    }

    public record Limits(long maxBytes, Duration connectTimeout, Duration readTimeout, Duration totalTimeout,
                         int maxRedirects, String userAgent) {
    }

    /** Per-call facts the network interceptor observes. */
    private static final class CallState {
        String connectedAddress;
    }

    private final AddressPolicy policy;
    private final VettedResolver vetted;
    private final Limits limits;
    private final Clock clock;
    private final OkHttpClient client;

    public SafeDownloader(AddressPolicy policy, HostResolver resolver, Limits limits, Clock clock) {
        this(policy, resolver, limits, clock, null);
    }

    /** @param trust the certificates to trust instead of the JVM's default trust store (tests), or null */
    public SafeDownloader(AddressPolicy policy, HostResolver resolver, Limits limits, Clock clock, X509TrustManager trust) {
        this.policy = policy;
        this.vetted = new VettedResolver(policy, resolver::resolve);
        this.limits = limits;
        this.clock = clock;
        OkHttpClient.Builder builder = new OkHttpClient.Builder();
        if (trust != null) {
            try {
                SSLContext tls = SSLContext.getInstance("TLS");
                tls.init(null, new TrustManager[]{trust}, null);
                builder.sslSocketFactory(tls.getSocketFactory(), trust);
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        this.client = builder
                .dns(this::vettedLookup)
                .proxy(Proxy.NO_PROXY)
                .followRedirects(false)
                .followSslRedirects(false)
                // A pooled keep-alive connection the server has dropped fails before any response byte; OkHttp then
                // retries the GET on a fresh connection, through the same vetted DNS and connected-address check.
                .retryOnConnectionFailure(true)
                .connectTimeout(limits.connectTimeout())
                .readTimeout(limits.readTimeout())
                .callTimeout(limits.totalTimeout())
                .connectionPool(new ConnectionPool(8, 1, TimeUnit.MINUTES))
                .addNetworkInterceptor(this::checkConnectedAddress)
                .build();
    }

    public DownloadResult download(String url, Path file) {
        return download(url, file, limits.totalTimeout());
    }

    /**
     * Downloads within one deadline for the whole capture, redirects included: the shorter of {@code budget} and the
     * total timeout. Each hop's call timeout is cut to what is left, so N slow hops cannot take N times the limit.
     */
    public DownloadResult download(String url, Path file, Duration budget) {
        return download(url, file, budget, limits.maxBytes());
    }

    /**
     * The same under a smaller size cap for this one call (the lower of {@code maxBytes} and the configured cap): what
     * is left of a stream's byte budget, so one downloader, and its pooled connections, serves every part of it.
     */
    public DownloadResult download(String url, Path file, Duration budget, long maxBytes) {
        long cap = Math.min(maxBytes, limits.maxBytes());
        Instant started = clock.instant();
        Duration allowed = budget.compareTo(limits.totalTimeout()) < 0 ? budget : limits.totalTimeout();
        long deadline = System.nanoTime() + allowed.toNanos();
        List<String> hops = new ArrayList<>();
        HttpUrl current = HttpUrl.parse(url == null ? "" : url.trim());
        if (current == null) {
            return new DownloadResult.Refused("not an http(s) URL: " + url, hops);
        }
        for (int hop = 0; ; hop++) {
            Optional<String> literalRefusal = refuseIpLiteral(current.host());
            if (literalRefusal.isPresent()) {
                return new DownloadResult.Refused(literalRefusal.get(), hops);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return new DownloadResult.Failed(deadlineReason(allowed, hop, current), hops);
            }
            CallState state = new CallState();
            Request request = new Request.Builder().url(current)
                    .header("User-Agent", limits.userAgent())
                    .header("Accept", "*/*")
                    .header("Accept-Encoding", "identity")
                    .tag(CallState.class, state)
                    .build();
            Call call = client.newCall(request);
            call.timeout().timeout(left, TimeUnit.NANOSECONDS);
            try (Response response = call.execute()) {
                if (response.isRedirect()) {
                    String location = response.header("Location");
                    HttpUrl next = location == null ? null : current.resolve(location);
                    if (next == null) {
                        return new DownloadResult.Refused("redirect from " + current + " to a non-http(s) location: " + location, hops);
                    }
                    if (hop >= limits.maxRedirects()) {
                        return new DownloadResult.Failed("more than " + limits.maxRedirects() + " redirects", hops);
                    }
                    hops.add(next.toString());
                    current = next;
                    continue;
                }
                if (!response.isSuccessful()) {
                    return new DownloadResult.Failed("HTTP " + response.code() + " from " + current, hops);
                }
                return save(response, current.toString(), hops, state, started, file, cap);
            } catch (RefusedAddressException e) {
                return new DownloadResult.Refused(e.getMessage(), hops);
            } catch (InterruptedIOException e) {
                deleteQuietly(file);
                if (System.nanoTime() - deadline >= -TimeUnit.MILLISECONDS.toNanos(50)) {
                    return new DownloadResult.Failed(deadlineReason(allowed, hop, current), hops);
                }
                return new DownloadResult.Failed("timed out fetching " + current + " (" + e.getMessage() + ")", hops);
            } catch (IOException e) {
                deleteQuietly(file);
                RefusedAddressException refused = refusedCause(e);
                if (refused != null) {
                    return new DownloadResult.Refused(refused.getMessage(), hops);
                }
                return new DownloadResult.Failed("cannot fetch " + current + ": " + e, hops);
            } catch (SizeCapExceeded e) {
                deleteQuietly(file);
                return new DownloadResult.TooLarge(cap, hops);
            }
        }
    }

    private static String deadlineReason(Duration allowed, int redirects, HttpUrl current) {
        return "capture deadline of " + allowed.toMillis() + " ms (redirects included) passed after " + redirects
                + " redirect(s), fetching " + current;
    }

    private DownloadResult save(Response response, String fetchedUrl, List<String> hops, CallState state, Instant started,
                                Path file, long cap) throws IOException, SizeCapExceeded {
        ResponseBody body = response.body();
        long declaredLength = body.contentLength();
        if (declaredLength > cap) {
            throw new SizeCapExceeded();
        }
        MessageDigest sha256 = digest("SHA-256");
        MessageDigest sha512 = digest("SHA-512");
        byte[] head = new byte[ContentSniffer.HEAD_BYTES];
        int headLength = 0;
        long size = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = body.byteStream(); OutputStream out = Files.newOutputStream(file)) {
            int n;
            while ((n = in.read(buffer)) != -1) {
                size += n;
                if (size > cap) {
                    throw new SizeCapExceeded();
                }
                if (headLength < head.length) {
                    int take = Math.min(n, head.length - headLength);
                    System.arraycopy(buffer, 0, head, headLength, take);
                    headLength += take;
                }
                sha256.update(buffer, 0, n);
                sha512.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
        }
        Map<String, List<String>> headers = new TreeMap<>();
        for (String name : response.headers().names()) {
            headers.put(name.toLowerCase(Locale.ROOT), response.headers(name));
        }
        String declared = response.header("Content-Type");
        return new DownloadResult.Fetched(fetchedUrl, hops, state.connectedAddress, response.code(), headers,
                certificateFingerprints(response), started, clock.instant(), HexFormat.of().formatHex(sha256.digest()),
                HexFormat.of().formatHex(sha512.digest()), size, declared, ContentSniffer.sniff(head, headLength), file);
    }

    /** The shared address policy's lookup: every answer vetted, one bad answer refuses the host. */
    private List<InetAddress> vettedLookup(String host) throws UnknownHostException {
        return vetted.lookup(host);
    }

    private Response checkConnectedAddress(Interceptor.Chain chain) throws IOException {
        InetSocketAddress socket = chain.connection().route().socketAddress();
        InetAddress address = socket.getAddress();
        if (address != null) {
            vetted.checkConnected(address);
            CallState state = chain.request().tag(CallState.class);
            if (state != null) {
                state.connectedAddress = address.getHostAddress();
            }
        }
        return chain.proceed(chain.request());
    }

    private Optional<String> refuseIpLiteral(String host) {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (!h.matches("[0-9.]+") && !h.contains(":")) {
            return Optional.empty();
        }
        try {
            InetAddress literal = InetAddress.getByName(h);
            return policy.refusal(literal).map(why -> "address " + literal.getHostAddress() + " " + why);
        } catch (UnknownHostException e) {
            return Optional.of("unparseable address " + host);
        }
    }

    private static List<String> certificateFingerprints(Response response) {
        if (response.handshake() == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Certificate c : response.handshake().peerCertificates()) {
            try {
                out.add(HexFormat.of().formatHex(digest("SHA-256").digest(c.getEncoded())));
            } catch (CertificateEncodingException e) {
                out.add("unencodable");
            }
        }
        return out;
    }

    private static RefusedAddressException refusedCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RefusedAddressException r) {
                return r;
            }
            for (Throwable s : t.getSuppressed()) {
                if (s instanceof RefusedAddressException r) {
                    return r;
                }
            }
        }
        return null;
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover temp file is harmless; the next capture uses a new name
        }
    }

    private static final class SizeCapExceeded extends Exception {
        SizeCapExceeded() {
            super(null, null, false, false);
        }
    }
}
