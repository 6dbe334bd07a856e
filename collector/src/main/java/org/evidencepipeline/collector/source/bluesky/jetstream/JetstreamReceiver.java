package org.evidencepipeline.collector.source.bluesky.jetstream;

import java.io.ByteArrayOutputStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Receives Jetstream text messages with both ends bounded. Each message is handed on as its UTF-8 bytes, stamped
 * with the time its last part arrived ({@link Item.Frame}): the bytes are encoded as the parts arrive, so the message
 * is held once, as the bytes the server sent (valid UTF-8 re-encodes to itself; the client refuses invalid UTF-8).
 * A message larger than {@code maxFrameBytes} is never held whole: its parts are hashed and counted as they arrive,
 * then it is handed on as {@link Item.Oversized} (size and SHA-256) instead of its bytes. The queue is bounded by
 * WebSocket demand: the socket is asked for one more message only when the reader takes one, so at most
 * {@code maxQueued} messages wait and a slow reader slows the socket (TCP back-pressure) rather than the heap;
 * nothing is dropped. If the server gives up on a slow reader, the next poll resumes from the cursor.
 */
final class JetstreamReceiver implements WebSocket.Listener {

    /** What the reader takes from the queue. */
    sealed interface Item {
        /** One text message as its UTF-8 bytes, and when its last part was received. */
        record Frame(byte[] bytes, Instant receivedAt) implements Item {
            String text() {
                return new String(bytes, StandardCharsets.UTF_8);
            }
        }

        /** A message above the cap: only its size, hash, first characters and receipt time were kept. */
        record Oversized(long bytes, String sha256, String head, Instant receivedAt) implements Item {
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
    private final Clock clock;
    /** The message so far, as UTF-8 bytes; dropped once it passes the cap. */
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    /** The first {@link #HEAD_CHARS} characters, for the dead letter of an oversized message. */
    private final StringBuilder head = new StringBuilder();
    /** A high surrogate that ended a part: its pair starts the next part, and they are encoded together. */
    private final StringBuilder carry = new StringBuilder(2);
    private MessageDigest digest = sha256();
    private long bytes;
    private boolean oversized;
    private volatile WebSocket socket;

    JetstreamReceiver(long maxFrameBytes, int maxQueued) {
        this(maxFrameBytes, maxQueued, Clock.systemUTC());
    }

    JetstreamReceiver(long maxFrameBytes, int maxQueued, Clock clock) {
        this.maxFrameBytes = maxFrameBytes;
        this.maxQueued = maxQueued;
        this.clock = clock;
    }

    @Override
    public void onOpen(WebSocket ws) {
        socket = ws;
        ws.request(maxQueued);
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        if (head.length() < HEAD_CHARS) {
            head.append(data, 0, Math.min(data.length(), HEAD_CHARS - head.length()));
        }
        count(data, last);
        if (last) {
            // Stamped when the message is complete: the receipt time of its last byte, before it waits in the queue.
            Instant receivedAt = clock.instant();
            queue.add(oversized ? new Item.Oversized(bytes, HexFormat.of().formatHex(digest.digest()), head.toString(), receivedAt)
                    : new Item.Frame(body.toByteArray(), receivedAt));
            highWater.accumulateAndGet(queue.size(), Math::max);
            body.reset();
            head.setLength(0);
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

    /** Encodes a part: hashes and counts it, and keeps its bytes while the message is within the cap. */
    private void count(CharSequence data, boolean last) {
        CharBuffer in;
        if (carry.length() > 0) {
            in = CharBuffer.wrap(carry.append(data));
        } else {
            in = CharBuffer.wrap(data);
        }
        while (true) {
            encoded.clear();
            var result = utf8.encode(in, encoded, last);
            encoded.flip();
            take(encoded);
            if (!result.isOverflow()) {
                break;
            }
        }
        // Without the end of input the encoder leaves a trailing high surrogate unread: keep it for the next part.
        String rest = in.hasRemaining() ? in.toString() : "";
        carry.setLength(0);
        carry.append(rest);
        if (last) {
            encoded.clear();
            utf8.flush(encoded);
            encoded.flip();
            take(encoded);
            utf8.reset();
            carry.setLength(0);
        }
    }

    private void take(ByteBuffer chunk) {
        bytes += chunk.remaining();
        if (!oversized && bytes > maxFrameBytes) {
            oversized = true; // from here on only the hash and the count grow
            body.reset();
        }
        if (!oversized) {
            body.write(chunk.array(), chunk.arrayOffset() + chunk.position(), chunk.remaining());
        }
        digest.update(chunk);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
