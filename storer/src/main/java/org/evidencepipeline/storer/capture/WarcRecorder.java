package org.evidencepipeline.storer.capture;

import org.evidencepipeline.contracts.ToolInfo;
import okhttp3.HttpUrl;
import org.evidencepipeline.download.DownloadResult;
import org.netpreserve.jwarc.HttpRequest;
import org.netpreserve.jwarc.HttpResponse;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.WarcCompression;
import org.netpreserve.jwarc.WarcDigest;
import org.netpreserve.jwarc.WarcRequest;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.Warcinfo;
import org.netpreserve.jwarc.WarcWriter;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a capture's final HTTP exchange as a gzipped WARC file (warcinfo, request, response), so
 * archivists can replay it in standard tools. The response payload is the exact stored bytes, with the
 * SHA-256 computed at capture time as its WARC-Payload-Digest. Redirect hops are in the provenance record.
 */
public final class WarcRecorder {
    /** Headers describing a transfer encoding the stored, decoded body no longer has. */
    private static final Set<String> TRANSFER_HEADERS = Set.of("transfer-encoding", "content-length");

    private final ToolInfo tool;
    private final String userAgent;

    public WarcRecorder(ToolInfo tool, String userAgent) {
        this.tool = tool;
        this.userAgent = userAgent;
    }

    public void write(DownloadResult.Fetched f, Path out) throws IOException {
        URI target = targetUri(f.fetchedUrl());
        try (WarcWriter writer = new WarcWriter(FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING), WarcCompression.GZIP)) {
            String info = "software: " + tool.name() + "/" + tool.version() + "\r\nformat: WARC File Format 1.1\r\n"
                    + "description: capture by the evidence pipeline storer\r\n";
            writer.write(new Warcinfo.Builder().date(f.startedAt())
                    .body(MediaType.WARC_FIELDS, info.getBytes(StandardCharsets.UTF_8)).build());

            HttpResponse.Builder http = new HttpResponse.Builder(f.status(), reason(f.status()));
            Map<String, List<String>> headers = new LinkedHashMap<>(f.headers());
            TRANSFER_HEADERS.forEach(headers::remove);
            headers.forEach((name, values) -> values.forEach(v -> http.addHeader(name, v)));
            http.addHeader("Content-Length", Long.toString(f.size()));
            try (FileChannel body = FileChannel.open(f.file(), StandardOpenOption.READ)) {
                http.body(f.declaredContentType() == null ? MediaType.OCTET_STREAM : MediaType.parseLeniently(f.declaredContentType()),
                        body, f.size());
                WarcResponse.Builder response = new WarcResponse.Builder(target).date(f.startedAt()).body(http.build())
                        .payloadDigest(new WarcDigest("sha256", HexFormat.of().parseHex(f.sha256())));
                if (f.resolvedAddress() != null) {
                    response.ipAddress(InetAddress.getByName(f.resolvedAddress()));
                }
                WarcResponse warcResponse = response.build();
                writer.write(warcResponse);

                HttpRequest request = new HttpRequest.Builder("GET", target.getRawPath() == null || target.getRawPath().isEmpty()
                        ? "/" : target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery()))
                        .addHeader("Host", target.getHost() + (target.getPort() == -1 ? "" : ":" + target.getPort()))
                        .addHeader("User-Agent", userAgent).addHeader("Accept", "*/*").addHeader("Accept-Encoding", "identity")
                        .build();
                writer.write(new WarcRequest.Builder(target).date(f.startedAt()).body(request)
                        .concurrentTo(warcResponse.id()).build());
            }
        }
    }

    /**
     * The fetched URL as a {@link URI}. OkHttp accepts characters {@code java.net.URI} rejects ({@code {}|^`} and
     * spaces in a query, say); {@link HttpUrl#uri()} percent-encodes them, which names the same resource.
     */
    static URI targetUri(String fetchedUrl) {
        HttpUrl url = HttpUrl.parse(fetchedUrl);
        return url == null ? URI.create(fetchedUrl) : url.uri();
    }

    private static String reason(int status) {
        return status == 200 ? "OK" : status == 206 ? "Partial Content" : "";
    }
}
