package org.evidencepipeline.storer.bag;

import org.evidencepipeline.archive.StorageException;
import org.evidencepipeline.storer.access.ArchiveIndex;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

/**
 * Court packages of a collection or a post: plans one ({@link PackagePlanner}), refuses it when it is over the cap,
 * and streams it ({@link PackageWriter}).
 */
public final class PackageExporter {
    private final ArchiveIndex archive;
    private final PackagePlanner planner;
    private final PackageWriter writer;
    private final PackageSettings settings;

    public PackageExporter(ArchiveIndex archive, PackagePlanner planner, PackageWriter writer, PackageSettings settings) {
        this.archive = archive;
        this.planner = planner;
        this.writer = writer;
        this.settings = settings;
    }

    /** The plan for a collection's posts; empty when the collection has none. */
    public Optional<PackagePlan> collection(String collectionId) throws StorageException, PackageTooLargeException {
        List<String> posts = archive.collection(collectionId).stream().sorted().distinct().toList();
        return posts.isEmpty() ? Optional.empty() : Optional.of(checked(planner.plan("collection " + collectionId, posts)));
    }

    /** The plan for one post's versions; empty when it is not archived. */
    public Optional<PackagePlan> post(String postId) throws StorageException, PackageTooLargeException {
        return archive.post(postId).isEmpty() ? Optional.empty() : Optional.of(checked(planner.plan("post " + postId, List.of(postId))));
    }

    public void write(PackagePlan plan, OutputStream out) throws IOException, StorageException {
        writer.write(plan, out);
    }

    private PackagePlan checked(PackagePlan plan) throws PackageTooLargeException {
        if (plan.knownBytes() > settings.maxBytes()) {
            throw new PackageTooLargeException(plan.scope(), plan.knownBytes(), settings.maxBytes());
        }
        return plan;
    }
}
