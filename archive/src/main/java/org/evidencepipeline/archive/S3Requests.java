package org.evidencepipeline.archive;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.minio.Http;
import io.minio.MinioClient;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Response;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts every HTTP request a service's MinIO client sends to S3, by method, as it goes on the wire (so retries and
 * the pages of a long listing count too): what the archive costs in requests, for dashboards
 * ({@code archive_s3_requests_total{method=...}}) and for the benchmark's S3 requests per post.
 */
public final class S3Requests implements Interceptor, MeterBinder {
    /** The methods the MinIO SDK sends; anything else is counted as OTHER. */
    public static final List<String> METHODS = List.of("GET", "HEAD", "PUT", "POST", "DELETE", "OTHER");
    private final Map<String, LongAdder> counts = new LinkedHashMap<>();

    public S3Requests() {
        for (String m : METHODS) {
            counts.put(m, new LongAdder());
        }
    }

    /** A counter already bound to {@code registry}: each stage's one line for its archive client. */
    public static S3Requests boundTo(MeterRegistry registry) {
        S3Requests requests = new S3Requests();
        requests.bindTo(registry);
        return requests;
    }

    /** A MinIO client builder on the SDK's default HTTP client (its timeouts), with this counter on it. */
    public MinioClient.Builder minioBuilder() {
        OkHttpClient http = Http.newDefaultClient().newBuilder().addNetworkInterceptor(this).build();
        return MinioClient.builder().httpClient(http, true);
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        String method = chain.request().method().toUpperCase(Locale.ROOT);
        counts.getOrDefault(method, counts.get("OTHER")).increment();
        return chain.proceed(chain.request());
    }

    public long count(String method) {
        LongAdder a = counts.get(method);
        if (a == null) {
            throw new IllegalArgumentException("not a counted method: " + method + " (" + METHODS + ")");
        }
        return a.sum();
    }

    public long total() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        counts.forEach((method, adder) -> FunctionCounter.builder("archive.s3.requests", adder, LongAdder::sum)
                .tag("method", method)
                .description("HTTP requests this service sent to the archive's S3 endpoint")
                .register(registry));
    }
}
