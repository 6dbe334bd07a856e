package org.evidencepipeline.messaging.crashguard;

import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * The identity of one input record: where it is (topic, partition, offset) and what it is (key, size and CRC-32C
 * of the value). The content part makes a marker match only the same record: after a topic is deleted and
 * created again, offset 42 is another record, and its marker must not dead-letter it. CRC-32C runs at memory
 * speed (hardware instruction), so it costs nothing next to the processing of a record.
 */
public record RecordInHand(String topic, int partition, long offset, String key, int size, int crc32c) {
    public RecordInHand {
        Objects.requireNonNull(topic, "topic");
    }

    public static RecordInHand of(String topic, int partition, long offset, String key, byte[] value) {
        if (value == null) {
            return new RecordInHand(topic, partition, offset, key, -1, 0);
        }
        CRC32C crc = new CRC32C();
        crc.update(value);
        return new RecordInHand(topic, partition, offset, key, value.length, (int) crc.getValue());
    }

    @Override
    public String toString() {
        return topic + "/" + partition + "@" + offset + (key == null ? "" : " key " + key);
    }
}
