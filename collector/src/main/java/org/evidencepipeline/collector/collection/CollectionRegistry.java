package org.evidencepipeline.collector.collection;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The collections in force. Sources are derived from them: a source referenced by several collections
 * is fetched once and its posts carry every collection id that catches them.
 */
public final class CollectionRegistry {
    /** A source and the collections that watch it. */
    public record WatchedSource(SourceSpec spec, List<Collection> collections) {
    }

    private final CollectionValidator validator;
    private final Map<String, Collection> byId = new LinkedHashMap<>();
    private final List<Consumer<CollectionRegistry>> listeners = new CopyOnWriteArrayList<>();

    public CollectionRegistry(CollectionValidator validator) {
        this.validator = validator;
    }

    public CollectionValidator validator() {
        return validator;
    }

    public void onChange(Consumer<CollectionRegistry> listener) {
        listeners.add(listener);
    }

    public synchronized List<Collection> all() {
        return List.copyOf(byId.values());
    }

    public synchronized Optional<Collection> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Replaces or adds a collection after validating it together with the others. */
    public void put(Collection collection) {
        synchronized (this) {
            List<Collection> next = new ArrayList<>(byId.values());
            next.removeIf(c -> c.id().equals(collection.id()));
            next.add(collection);
            List<String> problems = validator.problems(next);
            if (!problems.isEmpty()) {
                throw new InvalidCollectionException("collection '" + collection.id() + "'", problems);
            }
            byId.put(collection.id(), collection);
        }
        fireChanged();
    }

    public void putAll(List<Collection> collections) {
        synchronized (this) {
            List<String> problems = validator.problems(collections);
            if (!problems.isEmpty()) {
                throw new InvalidCollectionException("collections", problems);
            }
            collections.forEach(c -> byId.put(c.id(), c));
        }
        fireChanged();
    }

    public boolean remove(String id) {
        boolean removed;
        synchronized (this) {
            removed = byId.remove(id) != null;
        }
        if (removed) {
            fireChanged();
        }
        return removed;
    }

    public synchronized Map<String, WatchedSource> sources() {
        Map<String, SourceSpec> specs = new LinkedHashMap<>();
        Map<String, List<Collection>> watchers = new LinkedHashMap<>();
        for (Collection c : byId.values()) {
            for (SourceSpec s : c.sources()) {
                specs.putIfAbsent(s.id(), s);
                watchers.computeIfAbsent(s.id(), k -> new ArrayList<>()).add(c);
            }
        }
        Map<String, WatchedSource> out = new LinkedHashMap<>();
        specs.forEach((id, spec) -> out.put(id, new WatchedSource(spec, List.copyOf(watchers.get(id)))));
        return out;
    }

    private void fireChanged() {
        listeners.forEach(l -> l.accept(this));
    }
}
