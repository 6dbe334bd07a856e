package org.evidencepipeline.collector.publish;

import org.evidencepipeline.contracts.CollectorDeadLetter;
import org.evidencepipeline.contracts.PostCollected;
import org.evidencepipeline.contracts.PostDeleted;

/** Where collected posts and dead letters go; each call returns once the record is durable. */
public interface PostSink {
    void publish(PostCollected post);

    void deadLetter(CollectorDeadLetter letter);

    void deleted(PostDeleted deletion);
}
