package org.evidencepipeline.bench;

import org.evidencepipeline.embedded.FeedReplayServer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The corpus served as many RSS feeds by a {@link FeedReplayServer}. Posts are released in order; each
 * feed shows its newest {@link #WINDOW} released posts, newest first, like a real feed. Releasing all at
 * once gives a backlog (maximum throughput); releasing at a fixed rate gives an offered load (latency).
 */
final class FeedSet implements AutoCloseable {
    static final int WINDOW = 500;

    private final FeedReplayServer server = FeedReplayServer.start();
    private final Corpus corpus;
    private final int[] feedOf;
    private final List<List<Integer>> feeds = new ArrayList<>();
    private int released;

    /**
     * @param paced true: posts go round-robin over {@code pacedFeeds} feeds (so each feed grows steadily);
     *              false: consecutive runs of 100 to 500 posts per feed (seeded)
     */
    private final String sourcePrefix;

    FeedSet(Corpus corpus, boolean paced, int pacedFeeds, String sourcePrefix) {
        this.corpus = corpus;
        this.sourcePrefix = sourcePrefix;
        this.feedOf = new int[corpus.posts.size()];
        Random r = new Random(corpus.seed ^ 0x5eed);
        if (paced) {
            for (int i = 0; i < pacedFeeds; i++) {
                feeds.add(new ArrayList<>());
            }
            for (int n = 0; n < feedOf.length; n++) {
                feedOf[n] = n % pacedFeeds;
                feeds.get(feedOf[n]).add(n);
            }
        } else {
            int n = 0;
            while (n < feedOf.length) {
                int size = Math.min(100 + r.nextInt(401), feedOf.length - n);
                List<Integer> feed = new ArrayList<>(size);
                for (int i = 0; i < size; i++, n++) {
                    feedOf[n] = feeds.size();
                    feed.add(n);
                }
                feeds.add(feed);
            }
        }
        for (int f = 0; f < feeds.size(); f++) {
            server.serve(path(f), FeedReplayServer.Response.status(404, java.util.Map.of()));
        }
    }

    int feedCount() {
        return feeds.size();
    }

    String path(int feed) {
        return String.format("/feeds/%04d.xml", feed);
    }

    static String collectionsYaml(FeedSet... sets) {
        StringBuilder y = new StringBuilder("collections:\n  - id: " + Deployment.COLLECTION + "\n    name: Benchmark corpus\n    sources:\n");
        for (FeedSet set : sets) {
            set.sourcesYaml(y);
        }
        return y.toString();
    }

    /**
     * PT1S, except for corpora of more than 150 feeds (the 100k backlog): FeedReplayServer keeps every request it
     * served in a copy-on-write list, so a few hundred feeds polled every second for half an hour would cost the
     * harness gigabytes of copying. A backlog needs only the first fetch of each feed; later polls get 304s.
     */
    String interval() {
        return feeds.size() > 150 ? "PT10S" : "PT1S";
    }

    private void sourcesYaml(StringBuilder y) {
        for (int f = 0; f < feeds.size(); f++) {
            y.append("      - id: ").append(sourcePrefix).append("-feed-").append(String.format("%04d", f)).append('\n')
                    .append("        type: rss\n")
                    .append("        url: \"").append(server.url(path(f))).append("\"\n")
                    .append("        interval: ").append(interval()).append('\n');
        }
    }

    int released() {
        return released;
    }

    /** Makes the first {@code upTo} posts visible, re-serving every feed that changed. */
    synchronized void release(int upTo) {
        upTo = Math.min(upTo, feedOf.length);
        if (upTo <= released) {
            return;
        }
        boolean[] changed = new boolean[feeds.size()];
        for (int n = released; n < upTo; n++) {
            changed[feedOf[n]] = true;
        }
        released = upTo;
        for (int f = 0; f < feeds.size(); f++) {
            if (changed[f]) {
                server.serve(path(f), render(f), "application/rss+xml; charset=utf-8");
            }
        }
    }

    private byte[] render(int f) {
        List<Integer> items = feeds.get(f);
        // items are in post order; the released ones are a prefix
        int end = 0;
        while (end < items.size() && items.get(end) < released) {
            end++;
        }
        int start = Math.max(0, end - WINDOW);
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        out.writeBytes(("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Bench feed " + f
                + "</title><link>https://wire.example.org/</link><description>benchmark corpus</description>\n")
                .getBytes(StandardCharsets.UTF_8));
        for (int i = end - 1; i >= start; i--) {
            out.writeBytes(corpus.posts.get(items.get(i)).itemXml());
        }
        out.writeBytes("</channel></rss>\n".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    @Override
    public void close() {
        server.close();
    }
}
