package org.evidencepipeline.contracts;

import java.time.Instant;

/**
 * An entry or a fetch the collector could not turn into a post, published to
 * {@link Topics#DEAD_LETTER_COLLECTOR} keyed by the source id, so bad input is recorded rather than dropped.
 *
 * @param excerpt at most the first few KiB of the offending input, for a human to look at
 */
public record CollectorDeadLetter(String sourceId, String url, String reason, String excerpt, Instant at) {
}
