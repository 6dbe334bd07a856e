package org.evidencepipeline.ledger.service;

import org.evidencepipeline.archive.timestamp.TimestampClient;
import org.evidencepipeline.ledger.checkpoint.Checkpoint;
import org.evidencepipeline.ledger.checkpoint.CheckpointSigner;
import org.evidencepipeline.ledger.tiles.LedgerState;

import java.lang.System.Logger.Level;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Optional;

/**
 * Makes a shard's next checkpoint: the body (origin {@code <log origin>/<shard>}, size, root, now), the signed note,
 * and the RFC 3161 token over SHA-256 of the note's bytes: one TSA request per checkpoint. A TSA failure does not hold
 * the ledger up: the checkpoint goes out unstamped (verify says "not time-stamped" for the entries only it covers) and
 * the next one is stamped again. Without a signer key nothing is signed, and the tree is kept all the same.
 */
public final class CheckpointMaker {
    private static final System.Logger LOG = System.getLogger(CheckpointMaker.class.getName());

    /** What {@code LedgerWriter.publishCheckpoint} stores; kept as made so a retried store writes the same bytes. */
    public record Prepared(long size, byte[] note, byte[] token) {
        public boolean stamped() {
            return token != null;
        }
    }

    private final String logOrigin;
    private final Optional<CheckpointSigner> signer;
    private final Optional<TimestampClient> tsa;
    private final Clock clock;

    public CheckpointMaker(String logOrigin, Optional<CheckpointSigner> signer, Optional<TimestampClient> tsa, Clock clock) {
        this.logOrigin = logOrigin;
        this.signer = signer;
        this.tsa = tsa;
        this.clock = clock;
    }

    /** False without a signer key: the tree grows but is never checkpointed. */
    public boolean signs() {
        return signer.isPresent();
    }

    public Prepared prepare(LedgerState state) {
        Checkpoint checkpoint = new Checkpoint(Checkpoint.origin(logOrigin, state.shard()), state.size(), state.rootHash(),
                clock.instant());
        byte[] note = signer.orElseThrow(() -> new IllegalStateException("no checkpoint signer key")).sign(checkpoint);
        byte[] token = null;
        if (tsa.isPresent()) {
            try {
                token = tsa.get().stamp(sha256(note));
            } catch (TimestampClient.TimestampException e) {
                LOG.log(Level.WARNING, "checkpoint " + state.shard() + "@" + state.size() + " goes out without a time-stamp ("
                        + e.getMessage() + "); the next checkpoint is stamped again");
            }
        }
        return new Prepared(state.size(), note, token);
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256", e);
        }
    }
}
