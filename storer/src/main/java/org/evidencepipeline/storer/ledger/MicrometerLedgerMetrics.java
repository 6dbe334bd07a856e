package org.evidencepipeline.storer.ledger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.evidencepipeline.ledger.service.LedgerMetrics;
import org.evidencepipeline.ledger.tiles.AppendResult;
import org.evidencepipeline.ledger.tiles.LedgerState;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The appender's reports as {@code storer_ledger_entries_total}, {@code storer_ledger_appends_total},
 * {@code storer_ledger_checkpoints_total{stamped}}, {@code storer_ledger_size{shard}} (leaves in the shard's tree),
 * {@code storer_ledger_unreadable_total} and {@code storer_ledger_storage_retries_total}.
 */
final class MicrometerLedgerMetrics implements LedgerMetrics {
    private final MeterRegistry registry;
    private final Map<String, AtomicLong> sizes = new ConcurrentHashMap<>();

    MicrometerLedgerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void opened(LedgerState state) {
        size(state.shard()).set(state.size());
    }

    @Override
    public void appended(AppendResult result) {
        registry.counter("storer.ledger.entries").increment(result.appended());
        registry.counter("storer.ledger.appends").increment();
        size(result.state().shard()).set(result.state().size());
    }

    @Override
    public void checkpointed(String shard, long size, boolean stamped) {
        registry.counter("storer.ledger.checkpoints", "stamped", Boolean.toString(stamped)).increment();
    }

    @Override
    public void unreadable(String shard) {
        registry.counter("storer.ledger.unreadable").increment();
    }

    @Override
    public void storageRetry() {
        registry.counter("storer.ledger.storage.retries").increment();
    }

    private AtomicLong size(String shard) {
        return sizes.computeIfAbsent(shard, s -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("storer.ledger.size", value, AtomicLong::doubleValue).tag("shard", s)
                    .description("leaves in the shard's custody ledger tree").register(registry);
            return value;
        });
    }
}
