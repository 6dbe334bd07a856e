package org.evidencepipeline.collector.evidence;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One Jetstream connection's listening window: every text message kept as received, with its receipt time. A
 * WebSocket text message is UTF-8 on the wire and the client hands it over decoded; re-encoding valid UTF-8 gives back
 * the same bytes, so {@link Frame#bytes()} are the bytes the server sent (framing and masking aside). A message above
 * the frame cap was never held: it is in {@code oversized} by size and hash only, at its place among the frames.
 */
public record ListeningWindow(URI endpoint, Instant openedAt, Instant closedAt, List<Frame> frames,
                              List<OversizedFrame> oversized) implements SourceCapture {
    public ListeningWindow {
        Objects.requireNonNull(endpoint, "endpoint");
        frames = frames == null ? List.of() : List.copyOf(frames);
        oversized = oversized == null ? List.of() : List.copyOf(oversized);
    }

    public ListeningWindow(URI endpoint, Instant openedAt, Instant closedAt, List<Frame> frames) {
        this(endpoint, openedAt, closedAt, frames, List.of());
    }

    /** A message received but not kept: {@code afterFrames} frames of the window came before it. */
    public record OversizedFrame(int afterFrames, Instant receivedAt, long bytes, String sha256) {
        public OversizedFrame {
            Objects.requireNonNull(receivedAt, "receivedAt");
            Objects.requireNonNull(sha256, "sha256");
        }
    }

    public record Frame(Instant receivedAt, byte[] bytes) {
        public Frame {
            Objects.requireNonNull(receivedAt, "receivedAt");
            Objects.requireNonNull(bytes, "bytes");
        }
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
