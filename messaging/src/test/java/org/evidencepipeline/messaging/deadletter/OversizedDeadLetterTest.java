package org.evidencepipeline.messaging.deadletter;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.evidencepipeline.contracts.Hashes;
import org.evidencepipeline.messaging.crashguard.CrashedTheConsumerException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** The head-of-record dead letter shared by the enricher and the storer (their processor tests run it end to end). */
class OversizedDeadLetterTest {

    static Message<byte[]> incoming(byte[] value) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("posts.collected.v1", 2, 41L, "rss:big", value);
        return Message.of(value).addMetadata(new IncomingKafkaRecordMetadata<>(record, "posts-collected"));
    }

    @Test
    void onlyRecordsOverHalfAMebibyteAreCutShort() {
        assertThat(OversizedDeadLetter.applies(new byte[OversizedDeadLetter.MAX_WHOLE_BYTES])).isFalse();
        assertThat(OversizedDeadLetter.applies(new byte[OversizedDeadLetter.MAX_WHOLE_BYTES + 1])).isTrue();
        assertThat(OversizedDeadLetter.applies(null)).as("a tombstone").isFalse();
    }

    @Test
    void aLargeRecordIsDeadLetteredAsItsHeadWithSizeHashAndWhereTheWholeRecordIs() {
        byte[] value = new byte[700_000];
        Arrays.fill(value, (byte) 'x');
        Message<byte[]> out = OversizedDeadLetter.of(incoming(value), new IllegalArgumentException("over the 4 MiB event limit"));

        assertThat(out.getPayload()).hasSize(OversizedDeadLetter.HEAD_BYTES).isEqualTo(Arrays.copyOf(value, OversizedDeadLetter.HEAD_BYTES));
        OutgoingKafkaRecordMetadata<?> meta = out.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
        assertThat(meta.getKey()).isEqualTo("rss:big");
        assertThat(header(meta, "dead-letter-reason")).isEqualTo("over the 4 MiB event limit");
        assertThat(header(meta, "dead-letter-original-size")).isEqualTo("700000");
        assertThat(header(meta, "dead-letter-original-sha256")).isEqualTo(Hashes.sha256Hex(value));
        assertThat(header(meta, "dead-letter-topic")).isEqualTo("posts.collected.v1");
        assertThat(header(meta, "dead-letter-partition")).isEqualTo("2");
        assertThat(header(meta, "dead-letter-offset")).isEqualTo("41");
    }

    @Test
    void theCrashCountOfARecordThatCrashedTheConsumerGoesWithItsHead() {
        var reason = new CrashedTheConsumerException(2, Instant.parse("2026-12-01T19:00:00Z"));
        Message<byte[]> out = OversizedDeadLetter.of(incoming(new byte[600_000]), reason, reason.headers());
        OutgoingKafkaRecordMetadata<?> meta = out.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
        assertThat(header(meta, "dead-letter-reason")).isEqualTo("crashed the consumer");
        assertThat(header(meta, CrashedTheConsumerException.CRASH_COUNT_HEADER)).isEqualTo("2");
        assertThat(header(meta, CrashedTheConsumerException.FIRST_CRASH_HEADER)).isEqualTo("2026-12-01T19:00:00Z");
    }

    private static String header(OutgoingKafkaRecordMetadata<?> meta, String name) {
        var h = ((RecordHeaders) meta.getHeaders()).lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
