package org.evidencepipeline.archive;

/** The archive bucket could not be read or written (unreachable, refused, misconfigured). Retryable. */
public class StorageException extends Exception {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
