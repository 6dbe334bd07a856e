package org.evidencepipeline.ledger.checkpoint;

/** A checkpoint, its signature or its time-stamp does not hold; the message says which and why. */
public class CheckpointException extends Exception {
    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
