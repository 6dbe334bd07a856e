package org.evidencepipeline.ledger.index;

import org.evidencepipeline.archive.StorageException;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** The real bucket, counting the requests and bytes the index makes of it. */
final class CountingRunStore implements RunStore {
    private final RunStore delegate;
    final AtomicLong gets = new AtomicLong();
    final AtomicLong bytesRead = new AtomicLong();
    final AtomicLong puts = new AtomicLong();
    final AtomicLong lists = new AtomicLong();
    final java.util.Queue<String> keysRead = new java.util.concurrent.ConcurrentLinkedQueue<>();

    CountingRunStore(RunStore delegate) {
        this.delegate = delegate;
    }

    void reset() {
        gets.set(0);
        bytesRead.set(0);
        puts.set(0);
        lists.set(0);
        keysRead.clear();
    }

    @Override
    public Optional<byte[]> get(String key) throws StorageException {
        gets.incrementAndGet();
        keysRead.add(key);
        Optional<byte[]> b = delegate.get(key);
        b.ifPresent(x -> bytesRead.addAndGet(x.length));
        return b;
    }

    @Override
    public Optional<byte[]> getRange(String key, long offset, long length) throws StorageException {
        gets.incrementAndGet();
        keysRead.add(key);
        Optional<byte[]> b = delegate.getRange(key, offset, length);
        b.ifPresent(x -> bytesRead.addAndGet(x.length));
        return b;
    }

    @Override
    public void put(String key, byte[] bytes) throws StorageException {
        puts.incrementAndGet();
        delegate.put(key, bytes);
    }

    @Override
    public List<String> keys(String prefix) throws StorageException {
        lists.incrementAndGet();
        return delegate.keys(prefix);
    }

    @Override
    public List<String> children(String prefix) throws StorageException {
        lists.incrementAndGet();
        return delegate.children(prefix);
    }
}
