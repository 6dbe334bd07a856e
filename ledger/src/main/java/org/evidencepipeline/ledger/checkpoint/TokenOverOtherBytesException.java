package org.evidencepipeline.ledger.checkpoint;

/**
 * A time-stamp token whose imprint is not the SHA-256 of the bytes it is checked against: the bytes changed after they
 * were stamped (or the token belongs to something else). Its own type, so a caller can say "changed after it was
 * time-stamped" without comparing message text.
 */
public final class TokenOverOtherBytesException extends CheckpointException {
    public TokenOverOtherBytesException() {
        super("the token is over other bytes than this checkpoint");
    }
}
