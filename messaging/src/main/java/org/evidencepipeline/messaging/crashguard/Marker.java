package org.evidencepipeline.messaging.crashguard;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * "In hand": the record a consumer is processing, on which attempt, and since when it has been failing (the start of
 * its first attempt). Written before the record is processed and marked settled after, so a marker still in hand
 * when a process starts says an earlier process died with that record in hand.
 * <p>
 * Encoded as a few {@code name=value} lines (the key in Base64, so any key is safe) ending with a CRC-32C of the
 * lines before it: a marker is rewritten in place, and whatever a longer earlier marker left after the check line,
 * or a write torn by a crash of the machine, is recognised and ignored.
 */
public record Marker(RecordInHand record, int attempts, Instant firstAttempt) {
    private static final String MAGIC = "crash-guard-marker 1\n";
    static final byte[] SETTLED = withCheck(MAGIC + "state=settled\n");

    Marker nextAttempt() {
        return new Marker(record, attempts + 1, firstAttempt);
    }

    byte[] encode() {
        return withCheck(MAGIC + "state=in-hand\n"
                + "topic=" + record.topic() + "\n"
                + "partition=" + record.partition() + "\n"
                + "offset=" + record.offset() + "\n"
                + (record.key() == null ? "" : "key=" + Base64.getEncoder().encodeToString(record.key().getBytes(StandardCharsets.UTF_8)) + "\n")
                + "size=" + record.size() + "\n"
                + "crc32c=" + Integer.toHexString(record.crc32c()) + "\n"
                + "attempts=" + attempts + "\n"
                + "first-attempt=" + firstAttempt + "\n");
    }

    /**
     * The marker in {@code bytes}, or null for a settled one.
     *
     * @throws IllegalArgumentException if the bytes are not a whole marker
     */
    static Marker decode(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        int check = text.indexOf("\ncheck=") + 1; // lines only: no value holds a newline (key in Base64)
        int end = check < 0 ? -1 : text.indexOf('\n', check);
        if (!text.startsWith(MAGIC) || check == 0 || end < 0) {
            throw new IllegalArgumentException("not a whole crash-guard marker");
        }
        String body = text.substring(0, check);
        if (!text.substring(check + 6, end).equals(crc(body))) {
            throw new IllegalArgumentException("crash-guard marker fails its check");
        }
        Map<String, String> v = new HashMap<>();
        for (String line : body.substring(MAGIC.length()).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                v.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        if ("settled".equals(v.get("state"))) {
            return null;
        }
        try {
            String key = v.get("key") == null ? null : new String(Base64.getDecoder().decode(v.get("key")), StandardCharsets.UTF_8);
            RecordInHand r = new RecordInHand(v.get("topic"), Integer.parseInt(v.get("partition")), Long.parseLong(v.get("offset")),
                    key, Integer.parseInt(v.get("size")), Integer.parseUnsignedInt(v.get("crc32c"), 16));
            return new Marker(r, Integer.parseInt(v.get("attempts")), Instant.parse(v.get("first-attempt")));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("crash-guard marker incomplete: " + e.getMessage(), e);
        }
    }

    private static byte[] withCheck(String body) {
        return (body + "check=" + crc(body) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String crc(String body) {
        CRC32C crc = new CRC32C();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        return Long.toHexString(crc.getValue());
    }
}
