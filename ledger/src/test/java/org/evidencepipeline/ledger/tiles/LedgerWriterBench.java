package org.evidencepipeline.ledger.tiles;

import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.archive.S3Requests;
import org.evidencepipeline.embedded.S3ProxyServer;
import org.evidencepipeline.ledger.index.LedgerIndex;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Not a test: a harness for BENCHMARKS.md. The custody ledger writer's own limit, with nothing else running: one
 * writer (with its lookup index, as the storer runs it) appends {@code entries} entries to a fresh shard on a real
 * S3Proxy, in batches of each given size, and prints entries and appends per second, S3 requests per append and per
 * entry by method, and the CPU per entry of this JVM and of the S3 server.
 * <p>
 * Run with {@code ./mvnw -pl ledger -am -Pbench -DskipTests verify} (the ledger's {@code bench} profile;
 * {@code -Dbench.ledger="20000 16 64 256 1024"} sets the entry count and the batch sizes).
 */
public final class LedgerWriterBench {
    private LedgerWriterBench() {
    }

    record Figures(int batch, long entries, long appends, double seconds, long get, long head, long put, long other,
                   double writerCpu, double s3Cpu) {
        String row() {
            long requests = get + head + put + other;
            return String.format(Locale.ROOT, "| %,d | %,d | %,d | %.1f | **%,.0f** | %,.1f | %.2f (GET %.2f, PUT %.2f, other %.2f) | %.3f | %.3f | %.3f |",
                    batch, entries, appends, seconds, entries / seconds, appends / seconds,
                    (double) requests / appends, (double) get / appends, (double) put / appends, (double) (head + other) / appends,
                    (double) requests / entries, 1000 * writerCpu / entries, 1000 * s3Cpu / entries);
        }
    }

    public static void main(String[] args) throws Exception {
        long entries = args.length > 0 ? Long.parseLong(args[0]) : 20_000;
        List<Integer> batches = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            batches.add(Integer.parseInt(args[i]));
        }
        if (batches.isEmpty()) {
            batches.addAll(List.of(16, 64, 256, 1024));
        }
        List<Figures> results = new ArrayList<>();
        try (S3ProxyServer s3 = S3ProxyServer.startInTempDir()) {
            warmUp(s3);
            for (int batch : batches) {
                results.add(run(s3, entries, batch));
                System.out.println(results.get(results.size() - 1).row());
            }
        }
        System.out.println();
        System.out.println("| batch (entries per append) | entries | appends | seconds | **entries/s** | appends/s | S3 requests per append | S3 requests per entry | writer CPU ms per entry | S3 server CPU ms per entry |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|");
        results.forEach(r -> System.out.println(r.row()));
        System.out.println();
        System.out.println("CPU: " + Runtime.getRuntime().availableProcessors() + " cores; heap max "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB; entries are " + TestEntries.object(1).kind()
                + " entries of TestEntries (~" + org.evidencepipeline.ledger.LedgerEntryCodec.canonical(TestEntries.object(12345)).length
                + " canonical bytes each)");
    }

    /** JIT and connection pool warm before the first timed run, on a shard of its own. */
    private static void warmUp(S3ProxyServer s3) throws Exception {
        ArchiveStore store = bucket(s3, new S3Requests(), "ledger-bench-warmup");
        LedgerWriter writer = new LedgerWriter(store, "warmup", 10_000, new LedgerIndex(store));
        writer.open();
        for (long offset = 0; offset < 4_000; offset += 64) {
            writer.append(TestEntries.sourced(offset, offset + 64), offset + 64);
        }
    }

    private static Figures run(S3ProxyServer s3, long entries, int batch) throws Exception {
        S3Requests requests = new S3Requests();
        ArchiveStore store = bucket(s3, requests, "ledger-bench-" + batch);
        LedgerWriter writer = new LedgerWriter(store, "0", 10_000, new LedgerIndex(store));
        writer.open();
        long[] before = {requests.count("GET"), requests.count("HEAD"), requests.count("PUT"), otherCount(requests)};
        double writerCpu0 = cpuSeconds(ProcessHandle.current());
        double s3Cpu0 = s3Cpu();
        long start = System.nanoTime();
        long appends = 0;
        for (long offset = 0; offset < entries; offset += batch) {
            long to = Math.min(entries, offset + batch);
            AppendResult r = writer.append(TestEntries.sourced(offset, to), to);
            if (r.state().size() != to) {
                throw new IllegalStateException("append to " + to + " left the tree at " + r.state().size());
            }
            appends++;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Figures(batch, entries, appends, seconds,
                requests.count("GET") - before[0], requests.count("HEAD") - before[1], requests.count("PUT") - before[2],
                otherCount(requests) - before[3], cpuSeconds(ProcessHandle.current()) - writerCpu0, s3Cpu() - s3Cpu0);
    }

    private static ArchiveStore bucket(S3ProxyServer s3, S3Requests requests, String name) throws Exception {
        ArchiveStore store = new ArchiveStore(requests.minioBuilder().endpoint(s3.endpoint())
                .credentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY).build(), name);
        store.ensureBucket();
        return store;
    }

    private static long otherCount(S3Requests r) {
        return r.count("POST") + r.count("DELETE") + r.count("OTHER");
    }

    /** The S3 server is this JVM's only child process. */
    private static double s3Cpu() {
        return ProcessHandle.current().children().mapToDouble(LedgerWriterBench::cpuSeconds).sum();
    }

    private static double cpuSeconds(ProcessHandle p) {
        return p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L) / 1e9;
    }
}
