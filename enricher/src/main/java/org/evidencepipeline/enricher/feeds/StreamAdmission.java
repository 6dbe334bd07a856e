package org.evidencepipeline.enricher.feeds;

/** The answer of {@link StreamSlots#admit} to one request for an SSE stream. */
public sealed interface StreamAdmission {
    /** A slot is held until {@link Slot#release()}. */
    record Admitted(StreamSlots.Slot slot) implements StreamAdmission {
    }

    /** The instance holds its maximum of open streams: 503. */
    record InstanceFull(int max) implements StreamAdmission {
    }

    /** This client address holds its maximum of open streams: 429. */
    record ClientFull(int max) implements StreamAdmission {
    }
}
