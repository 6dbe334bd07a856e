package org.evidencepipeline.collector.run;

import org.evidencepipeline.collector.collection.SourceSpec;
import org.evidencepipeline.collector.source.rss.RssIds;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * Which post ids a source may emit, checked for every post and deletion before it is published, whatever the
 * adapter did. A post id is the Kafka key and the archive's identity: a source that could emit an id of another
 * namespace could overwrite, shadow or "delete" another platform's post. Per source type:
 * <ul>
 *   <li>{@code rss}: {@code rss:<feed-key>:<guid>}, scoped to its own feed key, since guids are only unique per feed;
 *       {@code youtube:<videoId>} only from youtube.com's own feed URL (video ids are global, but any other feed
 *       could claim one). See {@link RssIds}.</li>
 *   <li>{@code mastodon}: {@code mastodon:<instance-host>/<status-id>} with the host of the source's own URL: status
 *       ids are only unique per instance, and an instance may only speak for itself.</li>
 *   <li>{@code telegram}: {@code telegram:<channel>/<message-id>}: t.me channel names are global and message ids are
 *       per channel, so the pair is global.</li>
 *   <li>{@code reddit}: {@code reddit:t3_<base36>}: Reddit fullnames are global.</li>
 *   <li>{@code bluesky}, {@code bluesky-jetstream}: {@code bluesky:at://<did>/app.bsky.feed.post/<rkey>}: AT URIs
 *       name the author's repository (a DID) and are global.</li>
 *   <li>any other type: only its own type as the platform.</li>
 * </ul>
 */
final class PostNamespaces {

    /** Why this id may not come from this source, or empty when it may. */
    Optional<String> problem(SourceSpec spec, String platform, String platformId) {
        boolean ok = switch (spec.type()) {
            case "rss" -> "rss".equals(platform) && RssIds.isScopedTo(spec.url(), platformId)
                    || "youtube".equals(platform) && RssIds.isYoutubeFeed(spec.url());
            case "mastodon" -> "mastodon".equals(platform) && host(spec.url()) != null
                    && platformId.startsWith(host(spec.url()) + "/");
            case "telegram" -> "telegram".equals(platform) && platformId.matches("[A-Za-z0-9_]+/\\d+");
            case "reddit" -> "reddit".equals(platform) && platformId.matches("t3_[0-9a-z]+");
            case "bluesky", "bluesky-jetstream" -> "bluesky".equals(platform) && platformId.startsWith("at://");
            default -> spec.type().equals(platform);
        };
        return ok ? Optional.empty() : Optional.of("post id " + platform + ":" + platformId
                + " is outside the namespace of " + spec.type() + " source " + spec.id());
    }

    private static String host(String url) {
        try {
            String host = URI.create(url.trim()).getHost();
            return host == null ? null : host.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
