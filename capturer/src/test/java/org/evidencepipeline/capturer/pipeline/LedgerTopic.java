package org.evidencepipeline.capturer.pipeline;

import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.LedgerEntry;
import org.evidencepipeline.contracts.Topics;
import org.evidencepipeline.testsupport.TopicProbe;

import java.time.Duration;
import java.util.List;

/** The custody ledger entries one capture put on the real {@code ledger.entries.v1}, with their record keys. */
final class LedgerTopic {
    record Keyed(String recordKey, LedgerEntry entry) {
    }

    private static final EventCodec CODEC = new EventCodec();

    private LedgerTopic() {
    }

    /** Waits until at least {@code atLeast} entries of the capture are on the topic, then returns all of them in order. */
    static List<Keyed> entriesOf(String bootstrap, String captureId, int atLeast) {
        TopicProbe probe = new TopicProbe(bootstrap);
        return probe.readUntil(Topics.LEDGER_ENTRIES, r -> of(r, captureId).size() >= atLeast, Duration.ofSeconds(60))
                .records().stream().map(LedgerTopic::decode).filter(k -> captureId.equals(k.entry().captureId())).toList();
    }

    private static List<Keyed> of(List<TopicProbe.Read> records, String captureId) {
        return records.stream().map(LedgerTopic::decode).filter(k -> captureId.equals(k.entry().captureId())).toList();
    }

    private static Keyed decode(TopicProbe.Read r) {
        return new Keyed(r.key(), CODEC.read(r.value(), LedgerEntry.class));
    }
}
