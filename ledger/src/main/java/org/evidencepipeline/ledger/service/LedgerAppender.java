package org.evidencepipeline.ledger.service;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.ledger.index.LedgerIndex;
import org.evidencepipeline.ledger.tiles.LedgerState;
import org.evidencepipeline.ledger.tiles.LedgerWriter;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The ledger writer as a running stage: a plain consumer of {@code ledger.entries.v1} in group {@code storer-ledger},
 * one {@link LedgerWriter} per assigned partition (shard = partition number). The ledger's own commit point
 * ({@code state.json}'s next offset) is the truth: on assignment the consumer seeks there, and Kafka's committed offset,
 * written after every append, is only a hint. Each poll of a partition is one append (at most {@code batch-max}
 * records), so after a kill -9 the same records come again in the same order and the writer, skipping what is below
 * its commit point, rebuilds the same tree: no entry lost, none doubled, the same roots.
 * <p>
 * The group gives each partition one owner, and so each shard one writer; a revoked partition's writer is dropped
 * after its in-flight append (rebalance callbacks run inside {@code poll}, between appends). While a storage call is
 * retried the consumer keeps polling with its partitions paused, so it stays in the group; if the partition is
 * revoked meanwhile the call is abandoned and its writer dropped, never half-applied by two owners.
 * All Kafka calls happen on the thread that runs {@link #run()}.
 */
public final class LedgerAppender implements Runnable {
    private static final System.Logger LOG = System.getLogger(LedgerAppender.class.getName());

    /**
     * What readiness and metrics see of the appender, safe to read from any thread: {@code retrying} names the storage
     * call being retried, {@code lastFailure} the error that restarted the consumer (cleared after a good poll).
     */
    public record Status(boolean running, String retrying, String lastFailure, Map<String, LedgerState> shards) {
    }

    private final LedgerAppenderSettings settings;
    private final ArchiveStore store;
    private final Optional<LedgerIndex> index;
    private final CheckpointMaker checkpoints;
    private final LedgerMetrics metrics;
    private final Clock clock;
    private final StorageRetry retry;
    private final EventCodec codec = new EventCodec();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Map<String, LedgerState> states = new ConcurrentHashMap<>();

    private volatile boolean running = true;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile String retrying;
    private volatile String lastFailure;

    // Poll-thread state.
    private final Map<Integer, ShardAppender> shards = new HashMap<>();
    private final Set<TopicPartition> pendingOpen = new HashSet<>();

    public LedgerAppender(LedgerAppenderSettings settings, ArchiveStore store, Optional<LedgerIndex> index,
                          CheckpointMaker checkpoints, LedgerMetrics metrics, Clock clock) {
        this.settings = settings;
        this.store = store;
        this.index = index;
        this.checkpoints = checkpoints;
        this.metrics = metrics;
        this.clock = clock;
        this.retry = new StorageRetry(settings.maxRetryDelay(), metrics);
    }

    @Override
    public void run() {
        if (!checkpoints.signs()) {
            LOG.log(Level.WARNING, "no ledger signer key (storer.ledger.signer-key-file): the ledger is kept but no "
                    + "checkpoint is signed, and verify reports entries as not checkpointed");
        }
        long backoff = 1000;
        try (UnreadableRecords deadLetters = settings.deadLetterTopic().map(t -> new UnreadableRecords(t, settings.kafka())).orElse(null)) {
            while (running) {
                try {
                    consume(deadLetters);
                    backoff = 1000;
                } catch (StorageRetry.Abandoned e) {
                    // stopping
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                } catch (RuntimeException e) {
                    if (!running) {
                        break;
                    }
                    // A fresh consumer reopens every shard from its commit point: the same deterministic replay as a restart.
                    lastFailure = e.toString();
                    LOG.log(Level.ERROR, "ledger appender failed; restarting it in " + backoff + " ms", e);
                    try {
                        Thread.sleep(backoff);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                    backoff = Math.min(backoff * 2, Math.max(1000, settings.maxRetryDelay().toMillis()));
                }
            }
        } finally {
            running = false;
            stopped.countDown();
        }
    }

    /** Asks the loop to end after the append in hand; {@link #awaitStopped} waits for it. */
    public void stop() {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public Status status() {
        return new Status(running, retrying, lastFailure, new TreeMap<>(states));
    }

    private void consume(UnreadableRecords deadLetters) throws InterruptedException {
        Map<String, Object> props = new HashMap<>(settings.kafka());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.batchMax());
        props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // As the stages' consumers: a killed writer's partitions move to its successor after ~10 s, not Kafka's 45 s,
        // so the ledger lags the archive that much less after a crash (kafka.session.timeout.ms overrides).
        props.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        props.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(props)) {
            consumer = c;
            if (!running) {
                return;
            }
            c.subscribe(List.of(settings.topic()), new Rebalance(c));
            while (running) {
                openPending(c);
                ConsumerRecords<String, byte[]> records = c.poll(settings.pollTimeout());
                for (TopicPartition tp : records.partitions()) {
                    process(c, tp, records.records(tp), deadLetters);
                }
                lastFailure = null; // a whole poll went through: whatever failed before is behind us
                for (ShardAppender s : new ArrayList<>(shards.values())) {
                    try {
                        s.checkpointIfDue(pause(c, () -> shards.get(Integer.parseInt(s.shard())) == s))
                                .ifPresent(st -> states.put(st.shard(), st));
                    } catch (StorageRetry.Abandoned e) {
                        if (!running) {
                            return;
                        }
                    }
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            consumer = null;
            shards.clear();
            pendingOpen.clear();
            states.clear();
            retrying = null;
        }
    }

    /** Opens the writers of newly assigned partitions (paused until then) and seeks each to its commit point. */
    private void openPending(KafkaConsumer<String, byte[]> c) throws InterruptedException {
        for (TopicPartition tp : new ArrayList<>(pendingOpen)) {
            String shard = Integer.toString(tp.partition());
            ShardAppender appender = new ShardAppender(shard,
                    new LedgerWriter(store, shard, settings.dedupWindow(), index.orElse(null)), checkpoints, settings.checkpoints(), retry, metrics, clock);
            LedgerState state;
            try {
                state = appender.open(pause(c, () -> pendingOpen.contains(tp)));
            } catch (StorageRetry.Abandoned e) {
                if (!running) {
                    throw e;
                }
                continue;
            }
            pendingOpen.remove(tp);
            shards.put(tp.partition(), appender);
            states.put(shard, state);
            c.seek(tp, state.nextOffset());
            c.resume(List.of(tp));
        }
    }

    private void process(KafkaConsumer<String, byte[]> c, TopicPartition tp, List<ConsumerRecord<String, byte[]>> records,
                         UnreadableRecords deadLetters) throws InterruptedException {
        ShardAppender appender = shards.get(tp.partition());
        if (appender == null || records.isEmpty()) {
            return; // revoked by a rebalance inside an earlier retry's poll
        }
        List<SourceRecord.Entry> entries = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> r : records) {
            SourceRecord parsed = SourceRecord.of(r.offset(), r.value(), codec);
            if (parsed instanceof SourceRecord.Entry e) {
                entries.add(e);
            } else {
                String reason = ((SourceRecord.Unreadable) parsed).reason();
                LOG.log(Level.WARNING, "skipping unreadable ledger record " + tp + "@" + r.offset() + ": " + reason
                        + " (it stays in the topic; not a leaf)");
                metrics.unreadable(appender.shard());
                if (deadLetters != null) {
                    deadLetters.publish(r, reason);
                }
            }
        }
        long nextOffset = records.get(records.size() - 1).offset() + 1;
        LedgerState state;
        try {
            state = appender.append(entries, nextOffset, pause(c, () -> shards.get(tp.partition()) == appender));
        } catch (StorageRetry.Abandoned e) {
            if (!running) {
                throw e;
            }
            return;
        }
        states.put(state.shard(), state);
        try {
            c.commitSync(Map.of(tp, new OffsetAndMetadata(state.nextOffset())));
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            // Only a hint: the next owner seeks to the ledger's own commit point anyway.
            LOG.log(Level.WARNING, "cannot commit " + tp + "@" + state.nextOffset() + " to Kafka: " + e.getMessage());
        }
    }

    /**
     * Between two attempts of a storage call: the consumer keeps polling (its partitions paused, so nothing is fetched
     * past the batch in hand) to stay in the group; a rebalance inside that poll may revoke the shard, which abandons
     * the call.
     */
    private StorageRetry.Pause pause(KafkaConsumer<String, byte[]> c, java.util.function.BooleanSupplier stillOwned) {
        return millis -> {
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            retrying = "storage";
            try {
                do {
                    if (!running) {
                        throw new StorageRetry.Abandoned("stopping");
                    }
                    c.pause(c.assignment());
                    ConsumerRecords<String, byte[]> got;
                    try {
                        got = c.poll(Duration.ZERO);
                    } catch (WakeupException e) {
                        throw new StorageRetry.Abandoned("stopping");
                    }
                    for (TopicPartition tp : got.partitions()) {
                        c.seek(tp, got.records(tp).get(0).offset()); // fetch them again once the retry is over
                    }
                    if (!stillOwned.getAsBoolean()) {
                        throw new StorageRetry.Abandoned("shard revoked");
                    }
                    Thread.sleep(Math.min(200, Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime()))));
                } while (System.nanoTime() < until);
            } finally {
                retrying = null;
                List<TopicPartition> open = new ArrayList<>();
                for (Integer p : shards.keySet()) {
                    open.add(new TopicPartition(settings.topic(), p));
                }
                open.retainAll(c.assignment());
                c.resume(open);
            }
        };
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        private final KafkaConsumer<String, byte[]> c;

        Rebalance(KafkaConsumer<String, byte[]> c) {
            this.c = c;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            // Opened on the poll thread outside the callback (opening may need storage retries); paused till then.
            c.pause(partitions);
            pendingOpen.addAll(partitions);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            for (TopicPartition tp : partitions) {
                drop(tp);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            for (TopicPartition tp : partitions) {
                drop(tp);
            }
        }

        private void drop(TopicPartition tp) {
            pendingOpen.remove(tp);
            if (shards.remove(tp.partition()) != null) {
                LOG.log(Level.INFO, "ledger shard " + tp.partition() + " revoked; its writer is dropped");
            }
            states.remove(Integer.toString(tp.partition()));
        }
    }
}
