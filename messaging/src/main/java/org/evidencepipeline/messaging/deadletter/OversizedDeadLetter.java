package org.evidencepipeline.messaging.deadletter;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.evidencepipeline.contracts.Hashes;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The dead letter of a record too large to be dead-lettered whole. Producers refuse records over 1 MiB by
 * default ({@code max.request.size}) and so do topics ({@code max.message.bytes}); a failed dead-letter write
 * would stop the channel, and the same record would stop it again after every restart. Such a record goes to
 * the dead-letter topic as its first {@value #HEAD_BYTES} bytes, with the same headers the messaging failure
 * strategy writes (reason, cause class, source topic, partition and offset, where the whole record still is)
 * plus its size and SHA-256.
 */
public final class OversizedDeadLetter {
    /** Records above this go to the dead-letter topic cut short; below, byte for byte. */
    public static final int MAX_WHOLE_BYTES = 512 * 1024;
    public static final int HEAD_BYTES = 64 * 1024;

    private OversizedDeadLetter() {
    }

    public static boolean applies(byte[] payload) {
        return payload != null && payload.length > MAX_WHOLE_BYTES;
    }

    public static Message<byte[]> of(Message<byte[]> in, Throwable reason) {
        return of(in, reason, new RecordHeaders());
    }

    /** With {@code extra} headers (e.g. a crash count) before the usual ones. */
    public static Message<byte[]> of(Message<byte[]> in, Throwable reason, RecordHeaders extra) {
        byte[] payload = in.getPayload();
        RecordHeaders headers = new RecordHeaders(extra.toArray());
        headers.add("dead-letter-reason", utf8(String.valueOf(reason.getMessage())));
        headers.add("dead-letter-exception-class-name", utf8(reason.getClass().getName()));
        headers.add("dead-letter-original-size", utf8(Integer.toString(payload.length)));
        headers.add("dead-letter-original-sha256", utf8(Hashes.sha256Hex(payload)));
        headers.add("dead-letter-truncated-to", utf8(Integer.toString(HEAD_BYTES)));
        String key = null;
        var meta = in.getMetadata(IncomingKafkaRecordMetadata.class);
        if (meta.isPresent()) {
            IncomingKafkaRecordMetadata<?, ?> m = meta.get();
            headers.add("dead-letter-topic", utf8(m.getTopic()));
            headers.add("dead-letter-partition", utf8(Integer.toString(m.getPartition())));
            headers.add("dead-letter-offset", utf8(Long.toString(m.getOffset())));
            key = m.getKey() == null ? null : m.getKey().toString();
        }
        return Message.of(Arrays.copyOf(payload, HEAD_BYTES)).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(key).withHeaders(headers).build());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
