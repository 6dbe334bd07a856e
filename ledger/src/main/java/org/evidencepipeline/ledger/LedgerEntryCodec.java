package org.evidencepipeline.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.evidencepipeline.contracts.LedgerEntry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The canonical bytes of a {@link LedgerEntry}, which its leaf hash commits to: one JSON object, no whitespace, members
 * in this fixed order, absent (null) members left out, strings escaped minimally (RFC 8259: {@code "}, {@code \} and
 * control characters), times as ISO-8601 UTC ({@link Instant#toString()}). Deterministic, so the same entry from a
 * replayed Kafka record is the same leaf, and simple enough to re-derive by hand from the bag's README:
 * <pre>{"v":1,"kind":"post","key":"posts/…","sha256":"…","size":812,"captureId":"…","postId":"…","postVersion":1,
 * "collectionIds":["c"],"time":"2026-12-02T08:00:00Z","versionId":"…","within":{"warcRecordId":"…","offset":0,"length":9}}</pre>
 */
public final class LedgerEntryCodec {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LedgerEntryCodec() {
    }

    public static byte[] canonical(LedgerEntry e) {
        StringBuilder b = new StringBuilder(256).append('{');
        b.append("\"v\":").append(e.schemaVersion());
        string(b, "kind", e.kind());
        string(b, "key", e.key());
        string(b, "sha256", e.sha256());
        b.append(",\"size\":").append(e.size());
        string(b, "captureId", e.captureId());
        string(b, "postId", e.postId());
        if (e.postVersion() != null) {
            b.append(",\"postVersion\":").append(e.postVersion());
        }
        if (!e.collectionIds().isEmpty()) {
            b.append(",\"collectionIds\":[");
            for (int i = 0; i < e.collectionIds().size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                quote(b, e.collectionIds().get(i));
            }
            b.append(']');
        }
        string(b, "time", e.time().toString());
        string(b, "versionId", e.versionId());
        if (e.within() != null) {
            b.append(",\"within\":{\"warcRecordId\":");
            quote(b, e.within().warcRecordId());
            b.append(",\"offset\":").append(e.within().offset()).append(",\"length\":").append(e.within().length()).append('}');
        }
        return b.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Reads canonical bytes back; throws {@link IllegalArgumentException} for anything that is not an entry. */
    public static LedgerEntry parse(byte[] canonical) {
        try {
            JsonNode n = JSON.readTree(canonical);
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException("not a ledger entry");
            }
            List<String> collections = new ArrayList<>();
            n.path("collectionIds").forEach(c -> collections.add(c.asText()));
            JsonNode w = n.get("within");
            LedgerEntry.Within within = w == null ? null
                    : new LedgerEntry.Within(w.path("warcRecordId").asText(), w.path("offset").asLong(), w.path("length").asLong());
            LedgerEntry e = new LedgerEntry(n.path("v").asInt(), text(n, "kind"), text(n, "key"), text(n, "sha256"),
                    n.path("size").asLong(), text(n, "captureId"), text(n, "postId"),
                    n.hasNonNull("postVersion") ? n.get("postVersion").asInt() : null, collections,
                    Instant.parse(text(n, "time")), text(n, "versionId"), within);
            if (!java.util.Arrays.equals(canonical(e), canonical)) {
                throw new IllegalArgumentException("ledger entry is not in canonical form");
            }
            return e;
        } catch (IOException | RuntimeException ex) {
            throw new IllegalArgumentException("unreadable ledger entry: " + ex.getMessage(), ex);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static void string(StringBuilder b, String name, String value) {
        if (value != null) {
            b.append(",\"").append(name).append("\":");
            quote(b, value);
        }
    }

    private static void quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        b.append('"');
    }
}
