package org.evidencepipeline.ledger.tiles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.Base64;

/** {@code state.json}: {"shard":…, "size":…, "rootHash":"<base64>", "nextOffset":…, "checkpointSize":…}. */
final class LedgerStateJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LedgerStateJson() {
    }

    static byte[] write(LedgerState s) {
        ObjectNode n = JSON.createObjectNode();
        n.put("shard", s.shard());
        n.put("size", s.size());
        n.put("rootHash", Base64.getEncoder().encodeToString(s.rootHash()));
        n.put("nextOffset", s.nextOffset());
        n.put("checkpointSize", s.checkpointSize());
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static LedgerState parse(byte[] bytes, String key) {
        try {
            JsonNode n = JSON.readTree(bytes);
            if (n == null || !n.hasNonNull("shard") || !n.hasNonNull("size") || !n.hasNonNull("rootHash") || !n.hasNonNull("nextOffset")) {
                throw new LedgerIntegrityException(key + " is not a ledger state");
            }
            byte[] root = Base64.getDecoder().decode(n.get("rootHash").asText());
            long size = n.get("size").asLong();
            long checkpointSize = n.path("checkpointSize").asLong(0);
            if (root.length != TileCodec.HASH || size < 0 || checkpointSize < 0 || checkpointSize > size) {
                throw new LedgerIntegrityException(key + " is not a ledger state");
            }
            return new LedgerState(n.get("shard").asText(), size, root, n.get("nextOffset").asLong(), checkpointSize);
        } catch (IOException | IllegalArgumentException e) {
            throw new LedgerIntegrityException(key + " is not a ledger state: " + e.getMessage());
        }
    }
}
