package org.evidencepipeline.ledger.service;

import org.evidencepipeline.contracts.LedgerEntry;
import org.evidencepipeline.contracts.Topics;
import org.evidencepipeline.ledger.merkle.LeafList;
import org.evidencepipeline.ledger.merkle.Merkle;
import org.evidencepipeline.testsupport.TopicProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A record of ledger.entries.v1 that is no entry (bytes that are not JSON, JSON that is not a valid entry) does not
 * stop the writer: it is skipped, never a leaf, copied to dead-letter.storer.v1 with the reason and where it was, and
 * the entries after it are appended; the tree's next offset moves past it, so a restart does not meet it again.
 */
class UnreadableLedgerRecordIsSkippedNotStuckTest {
    @TempDir
    Path dir;

    @Test
    void garbageBetweenEntriesIsDeadLetteredAndTheRestAppended() throws Exception {
        try (LedgerRig rig = new LedgerRig(dir, 1)) {
            rig.start(rig.settings(8, 1000, Duration.ofSeconds(1)), true, false);
            List<LedgerEntry> before = new ArrayList<>();
            List<LedgerEntry> after = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                before.add(LedgerRig.entry(i));
                after.add(LedgerRig.entry(100 + i));
            }
            rig.publish(before);
            rig.publishRaw(0, "rss:test:x", new byte[]{(byte) 0xff, 0x00, 0x7b});
            rig.publishRaw(0, "rss:test:y", "{\"schemaVersion\":1,\"kind\":\"no-such-kind\"}".getBytes(StandardCharsets.UTF_8));
            rig.publish(after);

            LedgerRig.await("the entries after the garbage appended", Duration.ofSeconds(60),
                    LedgerRig.unchecked(() -> rig.state("0").size() == 20));

            LeafList expected = rig.reference(0);
            assertThat(expected.size()).isEqualTo(20);
            assertThat(rig.state("0").rootHash()).isEqualTo(Merkle.root(expected, 20));
            assertThat(rig.state("0").nextOffset()).as("past both unreadable records").isEqualTo(22);
            List<LedgerEntry> all = new ArrayList<>(before);
            all.addAll(after);
            assertThat(rig.reader.entries("0", 0, 20)).containsExactlyElementsOf(all);

            TopicProbe.Result dead = new TopicProbe(rig.kafka.bootstrapServers()).readUntil(Topics.DEAD_LETTER_STORER,
                    records -> records.size() >= 2, Duration.ofSeconds(30));
            assertThat(dead.records()).hasSize(2);
            assertThat(dead.records()).extracting(r -> r.header("dead-letter-offset")).containsExactly("10", "11");
            assertThat(dead.records()).extracting(r -> r.header("dead-letter-topic")).containsOnly(Topics.LEDGER_ENTRIES);
            assertThat(dead.records()).allSatisfy(r -> assertThat(r.header("dead-letter-reason")).isNotBlank());
            assertThat(dead.records()).extracting(TopicProbe.Read::key).containsExactly("rss:test:x", "rss:test:y");
        }
    }
}
