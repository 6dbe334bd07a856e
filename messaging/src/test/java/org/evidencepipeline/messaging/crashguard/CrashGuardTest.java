package org.evidencepipeline.messaging.crashguard;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The marker store and the decisions, on a real directory. "The process dies" is a guard that is dropped without
 * settling its record in hand; "the next start" is a new guard on the same directory.
 */
class CrashGuardTest {
    static final String TOPIC = "posts.enriched.v1";
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T19:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    CrashGuard start() {
        return new CrashGuard(dir, 2, CLOCK);
    }

    static RecordInHand record(int partition, long offset, String key) {
        return RecordInHand.of(TOPIC, partition, offset, key, ("{\"postId\":\"" + key + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aSettledRecordLeavesNoMarker() throws IOException {
        CrashGuard guard = start();
        RecordInHand r = record(0, 7, "rss:a");
        assertThat(guard.admit(r)).isEqualTo(new Admission.Process(1));
        assertThat(inHandMarkers()).as("in hand while processed").extracting(Marker::record).containsExactly(r);
        guard.settled(r);
        assertThat(inHandMarkers()).isEmpty();
        assertThat(start().crashedRecords()).isEmpty();
        assertThat(markerFiles()).as("the settled marker file is removed at the next start").isEmpty();
    }

    @Test
    void aRecordInHandWhenTheProcessDiedCountsOneCrashAndIsProcessedOnceMore() {
        RecordInHand r = record(0, 7, "rss:a");
        start().admit(r); // dies with it in hand

        CrashGuard second = start();
        assertThat(second.crashedRecords()).extracting(Marker::record, Marker::attempts).containsExactly(
                org.assertj.core.groups.Tuple.tuple(r, 1));
        assertThat(second.admit(r)).isEqualTo(new Admission.Process(2));
        second.settled(r);
        assertThat(start().crashedRecords()).as("processed fine the second time: forgotten").isEmpty();
    }

    @Test
    void recordThatKilledTheConsumerTwiceIsDeadLetteredOnTheNextStart() throws IOException {
        RecordInHand r = record(0, 7, "rss:poison");
        start().admit(r);
        start().admit(r);

        CrashGuard third = start();
        Admission a = third.admit(r);
        assertThat(a).isEqualTo(new Admission.DeadLetter(2, CLOCK.instant()));
        assertThat(crashedFiles()).as("kept until the dead letter is written").hasSize(1);
        third.settled(r);
        assertThat(crashedFiles()).isEmpty();
        assertThat(inHandMarkers()).isEmpty();
        assertThat(start().admit(r)).as("re-delivered after the dead letter (offset not yet committed)")
                .isEqualTo(new Admission.Process(1));
    }

    @Test
    void recordsRedeliveredBeforeTheCrashedOneDoNotEraseItsCount() {
        // Offsets are committed behind the records processed: after a crash, 5 and 6 come again before 7.
        RecordInHand poison = record(0, 7, "rss:poison");
        CrashGuard first = start();
        for (long o = 5; o < 7; o++) {
            RecordInHand good = record(0, o, "rss:" + o);
            first.admit(good);
            first.settled(good);
        }
        first.admit(poison);

        for (int life = 2; life <= 3; life++) {
            CrashGuard next = start();
            for (long o = 5; o < 7; o++) {
                RecordInHand good = record(0, o, "rss:" + o);
                assertThat(next.admit(good)).isEqualTo(new Admission.Process(1));
                next.settled(good);
            }
            Admission a = next.admit(poison);
            if (life == 2) {
                assertThat(a).isEqualTo(new Admission.Process(2));
            } else {
                assertThat(a).isInstanceOf(Admission.DeadLetter.class);
                assertThat(((Admission.DeadLetter) a).crashes()).isEqualTo(2);
            }
        }
    }

    @Test
    void aMarkerOfAPartitionThisInstanceNoLongerReceivesDeadLettersNothingElse() {
        RecordInHand poison = record(3, 40, "rss:poison");
        start().admit(poison);
        start().admit(poison);

        // Partition 3 went to another instance; this one gets partition 0 only, including offset 40 of partition 0.
        CrashGuard guard = start();
        for (long o = 38; o < 42; o++) {
            RecordInHand other = record(0, o, "rss:p0-" + o);
            assertThat(guard.admit(other)).isEqualTo(new Admission.Process(1));
            guard.settled(other);
        }
        assertThat(guard.crashedRecords()).as("kept: the record may still come here").extracting(Marker::record).containsExactly(poison);

        // Later partition 3 comes back, past the record (the other instance settled it): the marker goes, unused.
        RecordInHand later = record(3, 55, "rss:later");
        assertThat(guard.admit(later)).isEqualTo(new Admission.Process(1));
        guard.settled(later);
        assertThat(guard.crashedRecords()).isEmpty();
        assertThat(start().crashedRecords()).isEmpty();
    }

    @Test
    void anotherRecordAtTheSameOffsetIsNotTakenForTheOneThatCrashed() {
        // e.g. the topic was deleted and created again: offset 7 is another record.
        start().admit(record(0, 7, "rss:poison"));
        start().admit(record(0, 7, "rss:poison"));

        RecordInHand sameKeyOtherBytes = RecordInHand.of(TOPIC, 0, 7, "rss:poison", "{\"other\":1}".getBytes(StandardCharsets.UTF_8));
        assertThat(start().admit(sameKeyOtherBytes)).isEqualTo(new Admission.Process(1));
    }

    @Test
    void eachPartitionInHandHasItsOwnMarker() {
        // concurrency=3: three consumers, each with a record of its own partition in hand when the process dies.
        CrashGuard first = start();
        for (int p = 0; p < 3; p++) {
            first.admit(record(p, 10 + p, "rss:" + p));
        }
        CrashGuard second = start();
        assertThat(second.crashedRecords()).hasSize(3).allMatch(m -> m.attempts() == 1);
        for (int p = 0; p < 3; p++) {
            assertThat(second.admit(record(p, 10 + p, "rss:" + p))).isEqualTo(new Admission.Process(2));
            second.settled(record(p, 10 + p, "rss:" + p));
        }
    }

    @Test
    void recordsThatWereInHandAtACrashAreRetriedOneAtATime() throws Exception {
        // The process died with a poisoned record and an innocent slow one in hand: both are suspects.
        RecordInHand poison = record(0, 7, "rss:poison");
        RecordInHand slow = record(1, 3, "rss:slow");
        RecordInHand fresh = record(2, 9, "rss:fresh");
        CrashGuard first = start();
        first.admit(poison);
        first.admit(slow);

        CrashGuard second = start();
        assertThat(second.admit(poison)).isEqualTo(new Admission.Process(2));
        var executor = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            var slowAdmission = executor.submit(() -> second.admit(slow));
            Thread.sleep(300);
            assertThat(slowAdmission).as("waits while the other suspect is in hand").isNotDone();
            assertThat(second.admit(fresh)).as("a record never in hand at a crash does not wait").isEqualTo(new Admission.Process(1));
            second.settled(poison);
            assertThat(slowAdmission.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(new Admission.Process(2));
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void aShorterMarkerWrittenOverALongerOneReadsBack() {
        RecordInHand longKey = record(0, 1, "rss:" + "x".repeat(300));
        RecordInHand shortKey = record(0, 2, null);
        CrashGuard guard = start();
        guard.admit(longKey);
        guard.settled(longKey);
        guard.admit(shortKey); // dies with it in hand
        assertThat(start().crashedRecords()).extracting(Marker::record).containsExactly(shortKey);
    }

    @Test
    void anUnreadableMarkerFileIsRemovedAndCountsForNothing() throws IOException {
        Files.writeString(dir.resolve(TOPIC + "-0" + MarkerStore.IN_HAND), "topic=posts.enriched.v1\npartit");
        CrashGuard guard = start();
        assertThat(guard.crashedRecords()).isEmpty();
        assertThat(markerFiles()).isEmpty();
    }

    @Test
    void markingAndClearingARecordCostsWellUnderAMillisecond() {
        CrashGuard guard = start();
        int warmUp = 5_000;
        int n = warmUp + 20_000;
        RecordInHand[] records = new RecordInHand[n];
        for (int i = 0; i < n; i++) {
            records[i] = record(i % 3, i, "rss:" + i);
        }
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long start = 0;
        long cpuStart = 0;
        for (int i = 0; i < n; i++) {
            if (i == warmUp) {
                start = System.nanoTime();
                cpuStart = threads.getCurrentThreadCpuTime();
            }
            guard.admit(records[i]);
            guard.settled(records[i]);
        }
        double wall = (System.nanoTime() - start) / 1_000.0 / (n - warmUp);
        double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1_000.0 / (n - warmUp);
        System.out.printf("crash guard: %.1f us wall, %.1f us CPU per record (marker written, then settled, in place) in %s%n",
                wall, cpu, dir);
        assertThat(wall).isLessThan(1_000);
    }

    private java.util.List<Path> crashedFiles() throws IOException {
        return markerFiles().stream().filter(f -> f.toString().endsWith(MarkerStore.CRASHED)).toList();
    }

    private java.util.List<Marker> inHandMarkers() throws IOException {
        java.util.List<Marker> markers = new java.util.ArrayList<>();
        for (Path f : markerFiles()) {
            if (f.toString().endsWith(MarkerStore.IN_HAND)) {
                Marker m = Marker.decode(Files.readAllBytes(f));
                if (m != null) {
                    markers.add(m);
                }
            }
        }
        return markers;
    }

    private java.util.List<Path> markerFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
