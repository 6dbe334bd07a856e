package org.evidencepipeline.ledger.index;

import org.evidencepipeline.archive.StorageException;

import java.util.List;
import java.util.Optional;

/** The few bucket operations the index needs; a seam so a test can count the requests a lookup makes. */
interface RunStore {
    Optional<byte[]> get(String key) throws StorageException;

    /** Bytes {@code [offset, offset + length)}, fewer when the object ends sooner; empty when there is no object. */
    Optional<byte[]> getRange(String key, long offset, long length) throws StorageException;

    void put(String key, byte[] bytes) throws StorageException;

    /** Keys under {@code prefix}, in key order. */
    List<String> keys(String prefix) throws StorageException;

    /** Names one level below {@code prefix}. */
    List<String> children(String prefix) throws StorageException;
}
