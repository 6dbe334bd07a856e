package org.evidencepipeline.contracts;

/** Where an input event was read from, so a capture can be traced back to the exact record. */
public record KafkaCoordinates(String topic, int partition, long offset) {
}
