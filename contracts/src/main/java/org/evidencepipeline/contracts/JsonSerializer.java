package org.evidencepipeline.contracts;

import org.apache.kafka.common.serialization.Serializer;

/** Kafka value serializer for any contract record, using {@link EventCodec}. */
public class JsonSerializer implements Serializer<Object> {
    private final EventCodec codec = new EventCodec();

    @Override
    public byte[] serialize(String topic, Object data) {
        return data == null ? null : codec.write(data);
    }
}
