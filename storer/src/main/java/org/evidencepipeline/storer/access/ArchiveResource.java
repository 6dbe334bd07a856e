package org.evidencepipeline.storer.access;

import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.evidencepipeline.apiauth.RequiresRole;
import org.evidencepipeline.apiauth.Role;
import org.evidencepipeline.contracts.EventCodec;
import org.evidencepipeline.contracts.PageProvenance;
import org.evidencepipeline.contracts.PostArchived;
import org.evidencepipeline.contracts.ProvenanceRecord;
import org.evidencepipeline.contracts.VideoProvenance;
import org.evidencepipeline.archive.ArchiveStore;
import org.evidencepipeline.archive.StorageException;
import org.evidencepipeline.storer.bag.PackageExporter;
import org.evidencepipeline.storer.bag.PackageResponses;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Read access to the archive: captures by post id, a post's page and video captures, captures (media, page and video)
 * by content hash, the posts of a collection, a collection exported as JSON Lines (one archive record per line,
 * provenance included) for hand-over, and court packages (BagIt zips) of a collection or a post.
 */
@Path("/archive")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class ArchiveResource {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    @Inject
    ArchiveIndex index;
    @Inject
    ArchiveStore store;
    @Inject
    PackageExporter packages;

    private final EventCodec codec = new EventCodec();

    @RequiresRole(Role.READER)
    @GET
    @Path("posts/{postId}")
    public Response post(@PathParam("postId") String postId) throws StorageException {
        List<PostArchived> versions = index.post(postId);
        return versions.isEmpty() ? notFound("no archived post " + postId) : Response.ok(versions).build();
    }

    /**
     * The page provenance records of a post's page captures, every version, oldest first: the page's evidence joins
     * the post's by post id and version (the capturer indexes them under {@code index/post-pages/}).
     */
    @RequiresRole(Role.READER)
    @GET
    @Path("posts/{postId}/pages")
    public Response pages(@PathParam("postId") String postId) throws StorageException {
        List<PageProvenance> pages = new ArrayList<>();
        for (String key : new TreeSet<>(index.pages(postId))) {
            store.get(key).ifPresent(b -> pages.add(codec.read(b, PageProvenance.class)));
        }
        pages.sort(Comparator.comparingInt(PageProvenance::postVersion));
        return pages.isEmpty() ? notFound("no page capture of post " + postId) : Response.ok(pages).build();
    }

    /**
     * The video provenance records of a post's video captures, every version, oldest first: each lists the stream's
     * parts in order with their hashes, the totals, whether the capture is whole, and the muxed file (the capturer
     * indexes them under {@code index/post-videos/}).
     */
    @RequiresRole(Role.READER)
    @GET
    @Path("posts/{postId}/videos")
    public Response videos(@PathParam("postId") String postId) throws StorageException {
        List<VideoProvenance> videos = new ArrayList<>();
        for (String key : new TreeSet<>(index.videos(postId))) {
            store.get(key).ifPresent(b -> videos.add(codec.read(b, VideoProvenance.class)));
        }
        videos.sort(Comparator.comparingInt(VideoProvenance::postVersion));
        return videos.isEmpty() ? notFound("no video capture of post " + postId) : Response.ok(videos).build();
    }

    @RequiresRole(Role.READER)
    @GET
    @Path("sha256/{hash}")
    public Response byHash(@PathParam("hash") String hash) throws StorageException {
        if (!SHA256.matcher(hash).matches()) {
            return Response.status(400).entity(Map.of("error", "a SHA-256 is 64 lower-case hex digits")).build();
        }
        // Media provenance, a page's when one of its artifacts has this hash, a video's when one of its parts or its muxed
        // file has (told apart by "kind").
        List<Object> captures = new ArrayList<>();
        for (String key : index.captures(hash)) {
            Class<?> type = key.startsWith("provenance/pages/") ? PageProvenance.class
                    : key.startsWith("provenance/videos/") ? VideoProvenance.class : ProvenanceRecord.class;
            store.get(key).ifPresent(b -> captures.add(codec.read(b, type)));
        }
        return captures.isEmpty() ? notFound("no capture with SHA-256 " + hash) : Response.ok(captures).build();
    }

    @RequiresRole(Role.READER)
    @GET
    @Path("collections/{id}")
    public Response collection(@PathParam("id") String collectionId) throws StorageException {
        List<String> posts = index.collection(collectionId);
        return posts.isEmpty() ? notFound("no archived posts for collection " + collectionId)
                : Response.ok(Map.of("collection", collectionId, "posts", posts)).build();
    }

    @RequiresRole(Role.READER)
    @GET
    @Path("collections/{id}/export")
    @Produces("application/x-ndjson")
    public Response export(@PathParam("id") String collectionId) throws StorageException {
        List<String> posts = index.collection(collectionId);
        if (posts.isEmpty()) {
            return notFound("no archived posts for collection " + collectionId);
        }
        StreamingOutput body = out -> {
            try {
                for (String postId : posts) {
                    for (PostArchived record : index.post(postId)) {
                        out.write(codec.write(record));
                        out.write('\n');
                    }
                }
            } catch (StorageException e) {
                throw new IOException("export interrupted: " + e.getMessage(), e);
            }
        };
        return Response.ok(body).header("Content-Disposition", "attachment; filename=\"" + collectionId + ".jsonl\"").build();
    }

    /** A collection's court package: a zipped BagIt bag that verifies offline (storer.bag). */
    @RequiresRole(Role.READER)
    @GET
    @Path("collections/{id}/package")
    @Produces("application/zip")
    public Response collectionPackage(@PathParam("id") String collectionId) throws StorageException {
        return PackageResponses.of(packages, () -> packages.collection(collectionId), "no archived posts for collection " + collectionId);
    }

    /** One post's court package, every version. */
    @RequiresRole(Role.READER)
    @GET
    @Path("posts/{postId}/package")
    @Produces("application/zip")
    public Response postPackage(@PathParam("postId") String postId) throws StorageException {
        return PackageResponses.of(packages, () -> packages.post(postId), "no archived post " + postId);
    }

    private static Response notFound(String why) {
        return Response.status(404).type(MediaType.APPLICATION_JSON).entity(Map.of("error", why)).build();
    }

}
