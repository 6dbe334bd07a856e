package org.evidencepipeline.ledger.tiles;

import io.minio.MinioClient;
import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.ledger.index.LedgerIndex;
import org.evidencepipeline.embedded.S3ProxyServer;

import java.util.HexFormat;

/**
 * A ledger writer in its own JVM, for {@link AppendAfterCrashGivesTheSameRootsTest} to kill -9. Like the appender
 * after a restart, it is fed again from {@code replayFrom} entries before the committed offset (Kafka's committed
 * offset lags the ledger's), in fixed batches, and prints each batch it starts and each state it committed.
 */
public final class AppendingWriterMain {
    private AppendingWriterMain() {
    }

    public static void main(String[] args) throws Exception {
        String endpoint = args[0];
        String bucket = args[1];
        String shard = args[2];
        long total = Long.parseLong(args[3]);
        int batch = Integer.parseInt(args[4]);
        int replayBack = Integer.parseInt(args[5]);
        MinioClient client = MinioClient.builder().endpoint(endpoint)
                .credentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY).build();
        ArchiveStore store = new ArchiveStore(client, bucket);
        LedgerWriter writer = new LedgerWriter(store, shard, 10_000, new LedgerIndex(store));
        LedgerState state = writer.open();
        long from = Math.max(0, state.nextOffset() - replayBack);
        for (long offset = from; offset < total; offset += batch) {
            long to = Math.min(total, offset + batch);
            System.out.println("batch " + offset + " " + to);
            System.out.flush();
            AppendResult r = writer.append(TestEntries.sourced(offset, to), to);
            System.out.println("committed " + r.state().size() + " " + HexFormat.of().formatHex(r.state().rootHash()));
            System.out.flush();
        }
        System.out.println("done");
        System.out.flush();
    }
}
