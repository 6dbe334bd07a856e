package org.evidencepipeline.collector.run;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.minio.MinioClient;
import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.collector.collection.Collection;
import org.evidencepipeline.collector.collection.CollectionRegistry.WatchedSource;
import org.evidencepipeline.collector.collection.SourceSpec;
import org.evidencepipeline.collector.cursor.CursorStore;
import org.evidencepipeline.collector.evidence.ArchivedFetches;
import org.evidencepipeline.collector.evidence.FetchArchive;
import org.evidencepipeline.collector.evidence.FetchWarc;
import org.evidencepipeline.collector.evidence.PreservedCapture;
import org.evidencepipeline.collector.evidence.S3FetchArchive;
import org.evidencepipeline.contracts.Topics;
import org.evidencepipeline.embedded.S3ProxyServer;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One collector poll as a process of its own, for {@link CollectorKilledBetweenWarcWriteAndPublishLosesNothingTest}: the
 * real runner, cursor store and producer on the parent's broker, the real {@link S3FetchArchive} on the parent's
 * S3Proxy, a {@link JsonLinesAdapter} on the parent's page. With {@code halt}, the fetch archive halts the JVM
 * ({@code Runtime.halt}: no shutdown hooks, no finally blocks, no producer flush, as kill -9 does) the moment the WARC
 * write has returned, before the runner can publish anything read from it.
 * <p>
 * args: bootstrap s3-endpoint page-url source-id halt|run
 */
public final class HaltingCollector {
    static final int HALT_STATUS = 137;

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String s3 = args[1];
        String url = args[2];
        String sourceId = args[3];
        boolean halt = args[4].equals("halt");

        MinioClient client = MinioClient.builder().endpoint(s3).credentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY).build();
        S3FetchArchive real = new S3FetchArchive(new ArchiveStore(client, ArchivedFetches.BUCKET), new FetchWarc(ArchivedFetches.TOOL));
        FetchArchive fetches = capture -> {
            Optional<PreservedCapture> preserved = real.preserve(capture);
            if (halt) {
                System.out.println("halting after writing " + preserved.map(PreservedCapture::warcKey).orElse("nothing"));
                System.out.flush();
                Runtime.getRuntime().halt(HALT_STATUS);
            }
            return preserved;
        };
        WatchedSource source = new WatchedSource(new SourceSpec(sourceId, JsonLinesAdapter.TYPE, url, null, Map.of()),
                List.of(new Collection("watch-" + sourceId, null, null, List.of(), List.of())));
        Clock clock = Clock.systemUTC();
        try (CursorStore cursors = new CursorStore(Map.of("bootstrap.servers", bootstrap), Topics.COLLECTOR_CURSORS);
             KafkaPostSink sink = new KafkaPostSink(bootstrap)) {
            cursors.load();
            SourceRunner.Outcome outcome = new SourceRunner(Map.of(JsonLinesAdapter.TYPE, new JsonLinesAdapter(EvidenceRig.fetcher())),
                    cursors, sink, new SourceStatusBoard(new SimpleMeterRegistry(), clock), ArchivedFetches.TOOL, 100, clock, fetches)
                    .run(source);
            System.out.println("published=" + outcome.published() + " unchanged=" + outcome.unchanged());
        }
        System.exit(0);
    }
}
