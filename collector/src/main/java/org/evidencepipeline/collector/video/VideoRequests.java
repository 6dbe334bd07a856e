package org.evidencepipeline.collector.video;

import org.evidencepipeline.collector.collection.Collection;
import org.evidencepipeline.contracts.PostCollected;
import org.evidencepipeline.contracts.ToolInfo;
import org.evidencepipeline.contracts.VideoCaptureRequested;

import java.time.Clock;
import java.util.List;

/**
 * Which new post versions ask the capturer for their video streams: one request per stream the post names
 * ({@link VideoStreams}), each once per post version, when at least one collection that caught the post has
 * {@code capture.videos} on. The requests name only those collections.
 */
public final class VideoRequests {
    private final ToolInfo tool;
    private final Clock clock;

    public VideoRequests(ToolInfo tool, Clock clock) {
        this.tool = tool;
        this.clock = clock;
    }

    /** The requests for this post version's streams, in the order the post names them; empty when none is due. */
    public List<VideoCaptureRequested> forPost(PostCollected post, List<Collection> caught) {
        List<String> wanting = caught.stream().filter(c -> c.capture().videos()).map(Collection::id).toList();
        if (wanting.isEmpty()) {
            return List.of();
        }
        return VideoStreams.of(post).stream()
                .map(s -> new VideoCaptureRequested(VideoCaptureRequested.SCHEMA_VERSION, post.postId(), post.version(),
                        post.platform(), post.url(), s.url(), s.kind(), wanting, clock.instant(), tool))
                .toList();
    }
}
