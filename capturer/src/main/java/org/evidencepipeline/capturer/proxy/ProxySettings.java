package org.evidencepipeline.capturer.proxy;

import javax.net.ssl.SSLContext;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Caps and timeouts of the recording proxy.
 *
 * @param maxResponseBytes  one response body over this is cut off, recorded as truncated, and the browser's connection closed
 * @param maxSessionBytes   all bodies of one page load together; past it every further request is refused ("over the page's byte cap")
 * @param maxRequests       requests of one page load; past it every further request is refused
 * @param workDir           where bodies are spooled and WARCs written (deleted when a session ends or is discarded)
 * @param originTls         how the proxy verifies origins: the JVM's default trust in production; a test origin's
 *                          certificate in tests
 * @param software          the name and version written into each WARC's warcinfo record
 */
public record ProxySettings(Duration connectTimeout, Duration readTimeout, long maxResponseBytes, long maxSessionBytes,
                            int maxRequests, Path workDir, SSLContext originTls, String software) {
}
