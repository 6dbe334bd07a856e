package org.evidencepipeline.collector.source.bluesky.jetstream;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.evidencepipeline.collector.collection.SourceSpec;
import org.evidencepipeline.collector.cursor.SourceCursor;
import org.evidencepipeline.collector.evidence.ListeningWindow;
import org.evidencepipeline.collector.evidence.RawItem;
import org.evidencepipeline.collector.http.FetchException;
import org.evidencepipeline.collector.source.FoundDeletion;
import org.evidencepipeline.collector.source.FoundPost;
import org.evidencepipeline.collector.source.RejectedEntry;
import org.evidencepipeline.collector.source.SourceAdapter;
import org.evidencepipeline.collector.source.SourceBatch;
import org.evidencepipeline.collector.source.Text;
import org.evidencepipeline.contracts.PostId;
import org.evidencepipeline.contracts.SourceEvidence;

import org.evidencepipeline.addresspolicy.AddressPolicy;
import org.evidencepipeline.addresspolicy.RefusedAddressException;
import org.evidencepipeline.addresspolicy.VettedResolver;
import org.evidencepipeline.collector.http.AddressRefusedException;

import java.net.URI;
import java.net.UnknownHostException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Bluesky Jetstream firehose ({@code type: bluesky-jetstream}), filtered by {@code wanted-collections}
 * (default {@code app.bsky.feed.post}) and optional {@code wanted-dids}. Each poll connects with the
 * microsecond {@code cursor} saved last time (rewound a little, duplicates are dropped by post id), reads
 * for a window ({@code window}, default 10 s, or {@code max-events}, default 5,000), and disconnects; the
 * newest {@code time_us} seen becomes the next cursor. With a short interval this is a near-continuous
 * stream whose position survives any restart.
 *
 * <p>Evidence: each poll is one {@link ListeningWindow}, and each post points at its whole frame in it. The window keeps
 * every text message the reader took, not only those that yielded posts: the WARC then shows what the connection
 * delivered, in order, with nothing chosen by our parser (likes, identity events and unreadable frames included, and
 * a post's later edit or deletion in the same window), and its content id does not depend on the mapper's version. The
 * price is small: the subscription is filtered by collection on the server, and a window is stored only when it yields
 * a new post version.
 */
public final class JetstreamAdapter implements SourceAdapter {
    private static final long REWIND_MICROS = 2_000_000;

    /**
     * Bounds of one connection: a larger message is counted and dead-lettered (size and hash), never held whole;
     * at most {@code maxQueuedFrames} wait for the reader (back-pressure beyond that); plain {@code ws://} only
     * when allowed. The window's frames are held until it is preserved: bounded by frames alone that would be
     * max-events x max-frame-bytes (5,000 x 1 MiB, about 4.9 GiB, by default), so a window also closes before its
     * frames pass {@code maxWindowBytes} (one frame larger than that is still a window of one). A poll then holds at
     * most maxWindowBytes + maxQueuedFrames x maxFrameBytes, plus its gzipped WARC while that is written.
     */
    public record Limits(long maxFrameBytes, int maxQueuedFrames, boolean allowInsecureWebsocket, long maxWindowBytes) {
        /** {@code collector.jetstream.max-window-bytes}: 32 MiB, about 20,000 typical post frames. */
        public static final long DEFAULT_WINDOW_BYTES = 32L * 1024 * 1024;
        public static final Limits DEFAULTS = new Limits(1024 * 1024, 64, false, DEFAULT_WINDOW_BYTES);

        public Limits(long maxFrameBytes, int maxQueuedFrames, boolean allowInsecureWebsocket) {
            this(maxFrameBytes, maxQueuedFrames, allowInsecureWebsocket, DEFAULT_WINDOW_BYTES);
        }
    }

    private final HttpClient http;
    private final String userAgent;
    private final Limits limits;
    private final VettedResolver resolver;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    public JetstreamAdapter(String userAgent, Duration connectTimeout, Limits limits, VettedResolver resolver) {
        this(userAgent, connectTimeout, limits, resolver, Clock.systemUTC());
    }

    /** @param clock stamps each frame's receipt and the window's opening and closing */
    public JetstreamAdapter(String userAgent, Duration connectTimeout, Limits limits, VettedResolver resolver, Clock clock) {
        // No proxy: it would resolve the name past the address policy.
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).proxy(HttpClient.Builder.NO_PROXY).build();
        this.userAgent = userAgent;
        this.limits = limits;
        this.resolver = resolver;
        this.clock = clock;
        json.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength((int) Math.min(Integer.MAX_VALUE, Math.max(1_000_000, limits.maxFrameBytes()))).maxNestingDepth(64).build());
    }

    /** For replaying from this machine (tests, the demo): loopback only, {@code ws://} allowed, default bounds. */
    public JetstreamAdapter(String userAgent, Duration connectTimeout) {
        this(userAgent, connectTimeout, new Limits(Limits.DEFAULTS.maxFrameBytes(), Limits.DEFAULTS.maxQueuedFrames(), true,
                        Limits.DEFAULTS.maxWindowBytes()),
                new VettedResolver(AddressPolicy.allowing(List.of("127.0.0.0/8"))));
    }

    @Override
    public String type() {
        return "bluesky-jetstream";
    }

    @Override
    public List<String> paramProblems(SourceSpec spec) {
        List<String> problems = new ArrayList<>();
        if (spec.url() != null && !(spec.url().startsWith("ws://") || spec.url().startsWith("wss://"))) {
            problems.add("url must be a ws:// or wss:// Jetstream endpoint, e.g. wss://jetstream2.us-east.bsky.network/subscribe");
        } else if (spec.url() != null && spec.url().startsWith("ws://") && !limits.allowInsecureWebsocket()) {
            problems.add("url must be wss:// (plain ws:// only with collector.jetstream.allow-insecure-websocket=true)");
        }
        try {
            if (spec.param("window") != null && Duration.parse(spec.param("window")).compareTo(Duration.ofSeconds(1)) < 0) {
                problems.add("window must be at least PT1S");
            }
        } catch (java.time.format.DateTimeParseException e) {
            problems.add("window '" + spec.param("window") + "' is not an ISO-8601 duration such as PT10S");
        }
        if (spec.param("max-events") != null && !spec.param("max-events").matches("[1-9][0-9]{0,6}")) {
            problems.add("max-events must be a positive number");
        }
        return problems;
    }

    @Override
    public SourceBatch poll(SourceSpec spec, SourceCursor cursor) throws FetchException, InterruptedException {
        Duration window = spec.param("window") == null ? Duration.ofSeconds(10) : Duration.parse(spec.param("window"));
        int maxEvents = spec.param("max-events") == null ? 5000 : Integer.parseInt(spec.param("max-events"));
        JetstreamEventMapper mapper = new JetstreamEventMapper(
                orDefault(spec.param("image-cdn"), "https://cdn.bsky.app/img/feed_fullsize/plain"),
                orDefault(spec.param("video-base"), "https://video.bsky.app/watch"));
        URI uri = subscribeUri(spec, cursor.position());
        vet(uri);
        JetstreamReceiver frames = new JetstreamReceiver(limits.maxFrameBytes(), limits.maxQueuedFrames(), clock);
        // Before connecting: the server may send before the handshake's future completes here.
        Instant openedAt = clock.instant();
        WebSocket socket = connect(uri, frames);
        List<ListeningWindow.Frame> kept = new ArrayList<>();
        List<ListeningWindow.OversizedFrame> oversized = new ArrayList<>();
        List<Read> read = new ArrayList<>();
        List<RejectedEntry> rejected = new ArrayList<>();
        List<FoundDeletion> deletions = new ArrayList<>();
        long newest = cursor.position() == null ? 0 : Long.parseLong(cursor.position());
        long previous = cursor.position() == null ? -1 : newest;
        long deadline = System.nanoTime() + window.toNanos();
        long windowBytes = 0;
        int events = 0;
        Instant closedAt;
        try {
            while (events < maxEvents) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                JetstreamReceiver.Item item = frames.take(left, TimeUnit.NANOSECONDS);
                if (item == null || item instanceof JetstreamReceiver.Item.Closed) {
                    break;
                }
                if (item instanceof JetstreamReceiver.Item.Oversized big) {
                    events++;
                    oversized.add(new ListeningWindow.OversizedFrame(kept.size(), big.receivedAt(), big.bytes(), big.sha256()));
                    rejected.add(new RejectedEntry("Jetstream frame of " + big.bytes() + " bytes exceeds the " + limits.maxFrameBytes()
                            + " byte cap (collector.jetstream.max-frame-bytes); dropped unread, sha256 " + big.sha256(),
                            Text.excerpt(big.head(), JetstreamReceiver.HEAD_CHARS), big.sha256(), big.bytes()));
                    continue;
                }
                JetstreamReceiver.Item.Frame frame = (JetstreamReceiver.Item.Frame) item;
                // The window is held until it is preserved: past the cap it closes, and this frame, not yet read
                // (the cursor is not past it), comes again in the next poll.
                if (!kept.isEmpty() && windowBytes + frame.bytes().length > limits.maxWindowBytes()) {
                    break;
                }
                events++;
                windowBytes += frame.bytes().length;
                int index = kept.size();
                kept.add(new ListeningWindow.Frame(frame.receivedAt(), frame.bytes()));
                try {
                    JsonNode event = json.readTree(frame.bytes());
                    long timeUs = event.path("time_us").asLong(0);
                    newest = Math.max(newest, timeUs);
                    // The rewound cursor replays what an earlier poll already read. A known post's event at or before
                    // that poll's cursor was handled then (it, or a later event of the post): read again after the
                    // post's edit, its create would differ from the version remembered and pass for a new edit. The
                    // frame stays in the window as received; only the post is not read from it again.
                    mapper.map(event).filter(p -> !(timeUs <= previous && cursor.seen().containsKey(new PostId(p.platform(), p.platformId()).toString())))
                            .ifPresent(p -> read.add(new Read(p, index)));
                    mapper.deletion(event).ifPresent(deletions::add);
                } catch (Exception e) {
                    rejected.add(new RejectedEntry("unreadable Jetstream event: " + e.getMessage(), Text.excerpt(frame.text(), 2048)));
                }
            }
        } finally {
            closedAt = clock.instant();
            socket.abort();
        }
        // Frames still queued at the close are not in the window and were not read: the cursor is not past them.
        ListeningWindow captured = new ListeningWindow(uri, openedAt, closedAt, kept, oversized);
        List<FoundPost> posts = new ArrayList<>();
        for (Read r : read) {
            int length = captured.frames().get(r.frame()).bytes().length;
            posts.add(r.post().withRaw(new RawItem(captured, r.frame(), 0, length, SourceEvidence.JETSTREAM_FRAME)));
        }
        posts.sort(Comparator.comparing(FoundPost::publishedAt, Comparator.nullsFirst(Comparator.naturalOrder())));
        return new SourceBatch(posts, rejected, null, null, newest == 0 ? cursor.position() : Long.toString(newest), false, deletions);
    }

    /** A post and the index of the frame it was read from. */
    private record Read(FoundPost post, int frame) {
    }

    static URI subscribeUri(SourceSpec spec, String position) {
        StringBuilder q = new StringBuilder();
        for (String c : orDefault(spec.param("wanted-collections"), JetstreamEventMapper.POST).split(",")) {
            append(q, "wantedCollections", c.trim());
        }
        if (spec.param("wanted-dids") != null) {
            for (String d : spec.param("wanted-dids").split(",")) {
                append(q, "wantedDids", d.trim());
            }
        }
        if (position != null) {
            append(q, "cursor", Long.toString(Math.max(0, Long.parseLong(position) - REWIND_MICROS)));
        }
        return URI.create(spec.url() + (spec.url().contains("?") ? "&" : "?") + q);
    }

    private static void append(StringBuilder q, String name, String value) {
        if (!value.isEmpty()) {
            q.append(q.length() == 0 ? "" : "&").append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }

    /** The endpoint's scheme and every address of its host, before anything connects. */
    private void vet(URI uri) throws FetchException {
        if ("ws".equalsIgnoreCase(uri.getScheme()) && !limits.allowInsecureWebsocket()) {
            throw new FetchException("Jetstream url must be wss:// (collector.jetstream.allow-insecure-websocket): " + uri, (Duration) null);
        }
        if (!"ws".equalsIgnoreCase(uri.getScheme()) && !"wss".equalsIgnoreCase(uri.getScheme())) {
            throw new FetchException("not a ws(s):// URL: " + uri, (Duration) null);
        }
        try {
            resolver.lookup(uri.getHost());
        } catch (RefusedAddressException e) {
            throw new AddressRefusedException(e.getMessage() + " (Jetstream " + uri + "; allow-list: collector.http.allow-cidrs)");
        } catch (UnknownHostException e) {
            throw new FetchException("cannot resolve " + uri.getHost() + " for Jetstream " + uri, e);
        }
    }

    private WebSocket connect(URI uri, JetstreamReceiver frames) throws FetchException, InterruptedException {
        try {
            return http.newWebSocketBuilder().header("User-Agent", userAgent).connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(uri, frames).get(15, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new FetchException("cannot connect to Jetstream " + uri + ": " + cause, cause);
        }
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
