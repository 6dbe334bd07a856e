package org.evidencepipeline.ledger.bag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.evidencepipeline.ledger.merkle.ConsistencyProof;
import org.evidencepipeline.ledger.merkle.InclusionProof;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The JSON of the bag's proof files and index: inclusion proofs {@code {"shard","leafIndex","treeSize","path":[base64…]}},
 * consistency proofs {@code {"shard","oldSize","newSize","path":[base64…]}}, path hashes in RFC 9162 order.
 */
public final class ProofFiles {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ProofFiles() {
    }

    public static byte[] write(InclusionProof p) {
        ObjectNode n = JSON.createObjectNode().put("shard", p.shard()).put("leafIndex", p.leafIndex()).put("treeSize", p.treeSize());
        path(n, p.path());
        return bytes(n);
    }

    public static byte[] write(ConsistencyProof p) {
        ObjectNode n = JSON.createObjectNode().put("shard", p.shard()).put("oldSize", p.oldSize()).put("newSize", p.newSize());
        path(n, p.path());
        return bytes(n);
    }

    public static InclusionProof readInclusion(byte[] json) {
        JsonNode n = tree(json);
        return new InclusionProof(text(n, "shard"), number(n, "leafIndex"), number(n, "treeSize"), path(n));
    }

    public static ConsistencyProof readConsistency(byte[] json) {
        JsonNode n = tree(json);
        return new ConsistencyProof(text(n, "shard"), number(n, "oldSize"), number(n, "newSize"), path(n));
    }

    public static byte[] write(BagIndex index) {
        try {
            return JSON.writeValueAsBytes(index);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the bag index", e);
        }
    }

    public static BagIndex readIndex(byte[] json) {
        try {
            return JSON.readValue(json, BagIndex.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable index.json: " + e.getMessage(), e);
        }
    }

    private static void path(ObjectNode n, List<byte[]> path) {
        ArrayNode a = n.putArray("path");
        path.forEach(h -> a.add(Base64.getEncoder().encodeToString(h)));
    }

    private static List<byte[]> path(JsonNode n) {
        JsonNode a = n.get("path");
        if (a == null || !a.isArray()) {
            throw new IllegalArgumentException("no path array");
        }
        List<byte[]> out = new ArrayList<>();
        for (JsonNode h : a) {
            byte[] hash = Base64.getDecoder().decode(h.asText());
            if (hash.length != 32) {
                throw new IllegalArgumentException("a path hash is " + hash.length + " bytes, not 32");
            }
            out.add(hash);
        }
        return out;
    }

    private static JsonNode tree(byte[] json) {
        try {
            JsonNode n = JSON.readTree(json);
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable proof: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("no " + field);
        }
        return v.asText();
    }

    private static long number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isIntegralNumber()) {
            throw new IllegalArgumentException("no " + field);
        }
        return v.asLong();
    }

    private static byte[] bytes(JsonNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
