package org.evidencepipeline.archive.timestamp;

import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;

/**
 * Asks an RFC 3161 time-stamping authority to sign a SHA-256 digest, proving the digested document
 * existed at the TSA's time. Returns the DER-encoded time-stamp token, validated against the request
 * (digest, nonce) before it is kept.
 */
public final class TimestampClient {
    private final URI tsa;
    private final Duration timeout;
    private final HttpClient http;
    private final SecureRandom random = new SecureRandom();

    public TimestampClient(URI tsa, Duration timeout) {
        this.tsa = tsa;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public byte[] stamp(byte[] sha256) throws TimestampException {
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        generator.setCertReq(true);
        TimeStampRequest request = generator.generate(TSPAlgorithms.SHA256, sha256, new BigInteger(64, random));
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(tsa).timeout(timeout)
                    .header("Content-Type", "application/timestamp-query")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(request.getEncoded())).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new TimestampException("TSA " + tsa + " answered HTTP " + response.statusCode(), null);
            }
            TimeStampResponse tsr = new TimeStampResponse(response.body());
            tsr.validate(request);
            if (tsr.getTimeStampToken() == null) {
                throw new TimestampException("TSA " + tsa + " granted no token: " + tsr.getStatusString(), null);
            }
            return tsr.getTimeStampToken().getEncoded();
        } catch (IOException | TSPException e) {
            throw new TimestampException("cannot time-stamp with " + tsa + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimestampException("interrupted while time-stamping", e);
        }
    }

    /** The TSA was unreachable or its answer did not match the request. */
    public static final class TimestampException extends Exception {
        public TimestampException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
