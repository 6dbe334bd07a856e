package org.evidencepipeline.collector.source.bluesky.jetstream;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Receives Jetstream text messages with both ends bounded. A message larger than {@code maxFrameBytes} (UTF-8) is
 * never held whole: its parts are hashed and counted as they arrive, then it is handed on as {@link Item.Oversized}
 * (size and SHA-256) instead of its text. The queue is bounded by WebSocket demand: the socket is asked for one
 * more message only when the reader takes one, so at most {@code maxQueued} messages wait and a slow reader slows
 * the socket (TCP back-pressure) rather than the heap; nothing is dropped. If the server gives up on a slow
 * reader, the next poll resumes from the cursor.
 */
final class JetstreamReceiver implements WebSocket.Listener {

    /** What the reader takes from the queue. */
    sealed interface Item {
        record Frame(String text) implements Item {
        }

        record Oversized(long bytes, String sha256, String head) implements Item {
        }

        record Closed() implements Item {
        }
    }

    private static final Item CLOSED = new Item.Closed();
    /** Characters of an oversized message kept for its dead letter. */
    static final int HEAD_CHARS = 200;

    private final long maxFrameBytes;
    private final int maxQueued;
    private final BlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger highWater = new AtomicInteger();
    private final CharsetEncoder utf8 = StandardCharsets.UTF_8.newEncoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final ByteBuffer encoded = ByteBuffer.allocate(8192);
    private final StringBuilder partial = new StringBuilder();
    private MessageDigest digest = sha256();
    private long bytes;
    private boolean oversized;
    private volatile WebSocket socket;

    JetstreamReceiver(long maxFrameBytes, int maxQueued) {
        this.maxFrameBytes = maxFrameBytes;
        this.maxQueued = maxQueued;
    }

    @Override
    public void onOpen(WebSocket ws) {
        socket = ws;
        ws.request(maxQueued);
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        count(data, last);
        if (!oversized) {
            partial.append(data);
        } else if (partial.length() > 0 && partial.length() < HEAD_CHARS) {
            partial.append(data, 0, Math.min(data.length(), HEAD_CHARS - partial.length()));
        }
        if (!oversized && bytes > maxFrameBytes) {
            oversized = true; // from here on only the hash and the count grow
            partial.setLength(Math.min(partial.length(), HEAD_CHARS));
        }
        if (last) {
            queue.add(oversized ? new Item.Oversized(bytes, HexFormat.of().formatHex(digest.digest()), partial.toString())
                    : new Item.Frame(partial.toString()));
            highWater.accumulateAndGet(queue.size(), Math::max);
            partial.setLength(0);
            bytes = 0;
            oversized = false;
            digest = sha256();
        } else {
            ws.request(1); // the rest of this message: it is not queued, so it does not use the queue's demand
        }
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
        ws.request(1); // Jetstream sends text; binary messages are not events and are skipped unread
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
        queue.add(CLOSED);
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        queue.add(CLOSED);
    }

    /** The next message, or null when none came in time; asks the socket for one more in its place. */
    Item take(long timeout, TimeUnit unit) throws InterruptedException {
        Item item = queue.poll(timeout, unit);
        WebSocket ws = socket;
        if (item != null && !(item instanceof Item.Closed) && ws != null) {
            ws.request(1);
        }
        return item;
    }

    /** Most messages that were ever waiting at once (for tests of the bound). */
    int highWaterMark() {
        return highWater.get();
    }

    int queued() {
        return queue.size();
    }

    private void count(CharSequence data, boolean last) {
        CharBuffer in = CharBuffer.wrap(data);
        while (true) {
            encoded.clear();
            var result = utf8.encode(in, encoded, last);
            encoded.flip();
            bytes += encoded.remaining();
            digest.update(encoded);
            if (!result.isOverflow()) {
                break;
            }
        }
        if (last) {
            encoded.clear();
            utf8.flush(encoded);
            encoded.flip();
            bytes += encoded.remaining();
            digest.update(encoded);
            utf8.reset();
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
