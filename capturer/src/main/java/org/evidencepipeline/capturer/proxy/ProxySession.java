package org.evidencepipeline.capturer.proxy;

import java.io.IOException;

/** The recording of one page load, from {@link RecordingProxy#begin} to {@link #finish}. */
public final class ProxySession implements AutoCloseable {

    /**
     * Ends the recording: closes every connection of the session (WebSockets included), writes the WARC of every
     * exchange and refusal, and returns what was recorded. Requests after this are refused and not recorded.
     */
    public PageRecording finish() throws IOException {
        throw new UnsupportedOperationException("TODO proxy");
    }

    /** Ends the session without keeping anything (a failed capture), deleting its spool files. Idempotent. */
    @Override
    public void close() {
        throw new UnsupportedOperationException("TODO proxy");
    }
}
