package org.evidencepipeline.collector.evidence;

import org.evidencepipeline.contracts.Hashes;

import java.net.InetAddress;
import java.net.URI;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One GET as it happened: the request as sent (credential headers replaced by a note, they never leave the
 * process) and the response as received. The body is the bytes of the entity as transferred: the client sends
 * {@code Accept-Encoding: identity} and decodes no content coding; only the HTTP/1.1 chunked framing is removed.
 *
 * @param url             the URL of this request (the last hop when redirects were followed)
 * @param redirects       the URLs that redirected here, in order
 * @param requestHeaders  the headers sent, in order; {@code Authorization} and {@code Cookie} values are redacted
 * @param responseHeaders the response headers, names as the JDK client gives them (lower case, grouped by name)
 * @param vettedAddresses every address the name resolved to and the address policy allowed; the client connects to
 *                        one of them (the JDK client does not say which)
 * @param tlsChain        the server's certificate chain as DER, leaf first; empty over plain http
 */
public record HttpExchange(URI url, List<String> redirects, Map<String, List<String>> requestHeaders, String httpVersion,
                           int status, Map<String, List<String>> responseHeaders, byte[] body, Instant startedAt,
                           Instant receivedAt, List<InetAddress> vettedAddresses, List<byte[]> tlsChain)
        implements SourceCapture {
    public HttpExchange {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(body, "body");
        redirects = redirects == null ? List.of() : List.copyOf(redirects);
        requestHeaders = requestHeaders == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(requestHeaders));
        responseHeaders = responseHeaders == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(responseHeaders));
        vettedAddresses = vettedAddresses == null ? List.of() : List.copyOf(vettedAddresses);
        tlsChain = tlsChain == null ? List.of() : List.copyOf(tlsChain);
    }

    public String bodySha256() {
        return Hashes.sha256Hex(body);
    }

    /** The connected address when it can only have been one: the name resolved to a single vetted address. */
    public String certainAddress() {
        return vettedAddresses.size() == 1 ? vettedAddresses.get(0).getHostAddress() : null;
    }

    // A record's equals would compare the byte arrays by identity; a capture is one object, so identity it is.
    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
