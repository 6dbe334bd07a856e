package org.evidencepipeline.capturer.proxy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** What the proxy passes on of a message: end-to-end fields only (RFC 9110 §7.6.1), each hop framed by the proxy. */
final class HopByHop {
    /** Hop-by-hop fields (RFC 9110 §7.6.1) and the ones the proxy sets itself; never passed on. */
    static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection", "proxy-authorization",
            "proxy-authenticate", "te", "trailer", "transfer-encoding", "upgrade");

    private HopByHop() {
    }

    /** The fields of {@code head} that are not hop-by-hop, nor named by its Connection field. */
    static List<HttpHead.Header> passedOn(HttpHead head) {
        Set<String> named = connectionTokens(head);
        List<HttpHead.Header> out = new ArrayList<>();
        for (HttpHead.Header h : head.headers()) {
            String n = h.name().toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(n) && !named.contains(n)) {
                out.add(h);
            }
        }
        return out;
    }

    /** The request as the proxy sends it on: origin-form target, Host of the vetted target, hop-by-hop fields removed. */
    static byte[] forwardRequest(HttpHead request, String method, Target t, byte[] body, boolean webSocket) {
        List<HttpHead.Header> headers = new ArrayList<>();
        headers.add(new HttpHead.Header("Host", t.hostHeader()));
        for (HttpHead.Header h : passedOn(request)) {
            if (!HttpHead.named(h, "host", "content-length", "expect")) {
                headers.add(h);
            }
        }
        if (body.length > 0 || request.has("content-length") || request.has("transfer-encoding")) {
            headers.add(new HttpHead.Header("Content-Length", Integer.toString(body.length)));
        }
        if (webSocket) {
            headers.add(new HttpHead.Header("Connection", "Upgrade"));
            headers.add(new HttpHead.Header("Upgrade", "websocket"));
        } else {
            headers.add(new HttpHead.Header("Connection", "close"));
        }
        byte[] head = new HttpHead(method + " " + t.pathAndQuery() + " HTTP/1.1", headers).bytes();
        byte[] block = new byte[head.length + body.length];
        System.arraycopy(head, 0, block, 0, head.length);
        System.arraycopy(body, 0, block, head.length, body.length);
        return block;
    }

    private static Set<String> connectionTokens(HttpHead head) {
        Set<String> tokens = new HashSet<>();
        head.headers().stream().filter(h -> HttpHead.named(h, "connection"))
                .forEach(h -> Arrays.stream(h.value().split(",")).map(v -> v.trim().toLowerCase(Locale.ROOT))
                        .filter(v -> !v.isEmpty()).forEach(tokens::add));
        return tokens;
    }

}
