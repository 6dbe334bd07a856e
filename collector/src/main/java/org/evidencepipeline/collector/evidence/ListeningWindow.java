package org.evidencepipeline.collector.evidence;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One Jetstream connection's listening window: every text message kept as received, with its receipt time. A
 * WebSocket text message is UTF-8 on the wire and the client hands it over decoded; re-encoding valid UTF-8 gives back
 * the same bytes, so {@link Frame#bytes()} are the bytes the server sent (framing and masking aside).
 */
public record ListeningWindow(URI endpoint, Instant openedAt, Instant closedAt, List<Frame> frames) implements SourceCapture {
    public ListeningWindow {
        Objects.requireNonNull(endpoint, "endpoint");
        frames = frames == null ? List.of() : List.copyOf(frames);
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
