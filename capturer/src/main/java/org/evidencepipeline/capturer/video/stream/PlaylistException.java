package org.evidencepipeline.capturer.video.stream;

/** A playlist or manifest that cannot be read as one; the message says what is wrong, for the capture's outcome. */
public class PlaylistException extends Exception {
    public PlaylistException(String message) {
        super(message);
    }

    public PlaylistException(String message, Throwable cause) {
        super(message, cause);
    }
}
