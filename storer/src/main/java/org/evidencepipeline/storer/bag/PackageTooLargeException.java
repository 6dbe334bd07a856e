package org.evidencepipeline.storer.bag;

/** The package would hold more object bytes than {@code storer.package.max-bytes} allows. */
public final class PackageTooLargeException extends Exception {
    public PackageTooLargeException(String scope, long bytes, long max) {
        super("the package of " + scope + " would hold " + bytes + " bytes of objects, over storer.package.max-bytes=" + max
                + ": export fewer posts (one post at a time) or raise storer.package.max-bytes");
    }
}
