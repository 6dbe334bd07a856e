package org.evidencepipeline.ledger.checkpoint;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

/**
 * A C2SP tlog-checkpoint body: the origin line (names the log and the shard), the tree size, the base64 root hash, and
 * one extension line {@code time <ISO-8601>} saying when the writer made it. The signed note around it is
 * {@link CheckpointSigner}'s; the RFC 3161 token over the note is {@link CheckpointStamp}'s.
 */
public record Checkpoint(String origin, long size, byte[] rootHash, Instant time) {
    public Checkpoint {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(rootHash, "rootHash");
        Objects.requireNonNull(time, "time");
        if (origin.isBlank() || origin.contains("\n")) {
            throw new IllegalArgumentException("bad origin line");
        }
        if (rootHash.length != 32) {
            throw new IllegalArgumentException("root hash must be 32 bytes");
        }
    }

    /** The body as signed: {@code origin\nsize\nbase64(root)\ntime …\n}. */
    public byte[] body() {
        return (origin + "\n" + size + "\n" + Base64.getEncoder().encodeToString(rootHash) + "\ntime " + time + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Parses a body (not a signed note); throws {@link IllegalArgumentException} if it is not one. */
    public static Checkpoint parse(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("a checkpoint body ends with a newline");
        }
        String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        if (lines.length < 3) {
            throw new IllegalArgumentException("a checkpoint body has an origin, a size and a root hash line");
        }
        long size;
        try {
            size = Long.parseLong(lines[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad tree size line: " + lines[1]);
        }
        if (size < 0 || !lines[1].equals(Long.toString(size))) {
            throw new IllegalArgumentException("bad tree size line: " + lines[1]);
        }
        byte[] root;
        try {
            root = Base64.getDecoder().decode(lines[2]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad root hash line: " + lines[2]);
        }
        Instant time = null;
        for (int i = 3; i < lines.length; i++) {
            if (lines[i].startsWith("time ")) {
                time = Instant.parse(lines[i].substring(5));
            }
        }
        if (time == null) {
            throw new IllegalArgumentException("the checkpoint has no time line");
        }
        Checkpoint c = new Checkpoint(lines[0], size, root, time);
        if (!java.util.Arrays.equals(c.body(), body)) {
            throw new IllegalArgumentException("the checkpoint body is not in the form this log writes");
        }
        return c;
    }

    /** The origin of a shard's checkpoints: {@code <log origin>/<shard>}. */
    public static String origin(String logOrigin, String shard) {
        return logOrigin + "/" + shard;
    }
}
