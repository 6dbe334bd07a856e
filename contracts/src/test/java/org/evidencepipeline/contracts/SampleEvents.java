package org.evidencepipeline.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Fixed sample events (Ukrainian text, one image) used by the golden-JSON tests. */
final class SampleEvents {
    static final ToolInfo COLLECTOR = new ToolInfo("collector", "0.1.0", "3f1c");
    static final String IMAGE_SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    static final String IMAGE_SHA512 = "ee26b0dd4af7e749aa1a8ee3c10ae9923f618980772e473f8819a5d4940e0db27ac185f8a0e1d5f84f88bc887fd67b143732c304cc5fa9ad8e6f57f50028a8ff";

    static PostCollected collected() {
        return new PostCollected(1, "rss:https://news.example.org/kharkiv/1", "rss", "https://news.example.org/kharkiv/1", 1,
                "demo-news", List.of("kharkiv-watch"), "https://news.example.org/kharkiv/1",
                new Author(null, "Редакція", "https://news.example.org/"),
                "Обстріл Харкова", "Вранці у Харкові пролунали вибухи, повідомляє міська влада. #Харків",
                "uk", Instant.parse("2026-11-20T06:15:00Z"), Instant.parse("2026-11-20T06:16:03.120Z"),
                List.of(new MediaRef("https://news.example.org/img/1.jpg", "image/jpeg", null)),
                new GeoPoint(49.9935, 36.2304),
                "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae", COLLECTOR, source());
    }

    static final String FETCH_ID = "7d1a54127b222502f5b79b5fb0803061152a44f92b37e23c6527baf665d4da9a";

    static SourceEvidence source() {
        return new SourceEvidence(FETCH_ID, "fetches/7d/" + FETCH_ID + ".warc.gz", "urn:uuid:4c1f0a9e-7b65-3c41-8d2a-51f0e6b7c3d2",
                "https://news.example.org/kharkiv/feed.xml", Instant.parse("2026-11-20T06:16:02.870Z"),
                Instant.parse("2026-11-20T06:16:03.010Z"), 200, "203.0.113.9",
                List.of("8a7c6b5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b"),
                "3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d", 18342, SourceEvidence.XML_ELEMENT, 1207, 1533,
                "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb");
    }

    static PostProvenance postProvenance() {
        ToolInfo storer = new ToolInfo("storer", "0.1.0", "77aa");
        String normalised = "fcde2b2edba56bf408601fb721fe9b5c338d10ee429ea04fae5511b68fbf8fb9";
        String id = PostProvenance.idFor("rss:https://news.example.org/kharkiv/1", 1, source().itemSha256());
        return new PostProvenance(1, PostProvenance.KIND, id, "rss:https://news.example.org/kharkiv/1", 1, "rss",
                "https://news.example.org/kharkiv/1", "demo-news", List.of("kharkiv-watch"), "https://news.example.org/kharkiv/1",
                source(), COLLECTOR, new KafkaCoordinates(Topics.POSTS_ENRICHED, 0, 41), "archive",
                "posts/rss/5a1e/1-" + normalised + ".json", normalised, Instant.parse("2026-11-20T06:16:04.290Z"), storer,
                "4bf92f3577b34da6a3ce929d0e0e4736", PostProvenance.prov(normalised, id, storer, source().itemSha256()));
    }

    static PostEnriched enriched() {
        return new PostEnriched(1, collected(), new LanguageTag("uk", 0.97, "ru", "uk", "lingua-1.2.2"),
                List.of("харків"), List.of(), List.of("https://t.co/x7kq2"), Map.of("https://t.co/x7kq2", "https://news.example.org/kharkiv/1"),
                "fcde2b2edba56bf408601fb721fe9b5c338d10ee429ea04fae5511b68fbf8fb9", "8f3a0c11d2e4b590",
                Instant.parse("2026-11-20T06:16:03.400Z"), new ToolInfo("enricher", "0.1.0", "a0b1"));
    }

    static ProvenanceRecord provenance() {
        ToolInfo storer = new ToolInfo("storer", "0.1.0", "77aa");
        String captureId = "2f0a2c6e-5d43-3a8e-9b1c-0c6f2f7d9a11";
        return new ProvenanceRecord(1, captureId, "rss:https://news.example.org/kharkiv/1", "rss",
                "https://news.example.org/kharkiv/1", List.of("kharkiv-watch"),
                "https://news.example.org/img/1.jpg", "https://cdn.example.org/img/1.jpg",
                List.of("https://cdn.example.org/img/1.jpg"), "203.0.113.7", 200,
                Map.of("content-type", List.of("image/jpeg"), "content-length", List.of("48213")),
                List.of("5f6d0c2b1b1a0e4f8c7e6d5c4b3a2918171615141312111009080706050403ff"),
                Instant.parse("2026-11-20T06:16:04Z"), Instant.parse("2026-11-20T06:16:04.250Z"),
                IMAGE_SHA256, IMAGE_SHA512, "f0e4c2d2c8c8e0f0", null, 48213, "image/jpeg", "image/jpeg", "archive",
                "sha256/9f/86/" + IMAGE_SHA256, "warc/" + captureId + ".warc.gz", new KafkaCoordinates(Topics.POSTS_ENRICHED, 0, 41), storer,
                "4bf92f3577b34da6a3ce929d0e0e4736", ProvenanceRecord.Prov.of(IMAGE_SHA256, captureId, storer,
                "https://cdn.example.org/img/1.jpg"));
    }

    static PostArchived archived() {
        ProvenanceRecord p = provenance();
        return new PostArchived(1, p.postId(), 1, List.of("kharkiv-watch"), "archive",
                "posts/rss/5a1e/1-" + "fcde2b2edba56bf408601fb721fe9b5c338d10ee429ea04fae5511b68fbf8fb9" + ".json",
                "fcde2b2edba56bf408601fb721fe9b5c338d10ee429ea04fae5511b68fbf8fb9",
                List.of(new CaptureOutcome.Stored(p.mediaUrl(), p.captureId(), p.sha256(), p.size(), "image/jpeg",
                                p.objectKey(), "provenance/" + p.captureId() + ".json"),
                        new CaptureOutcome.Refused("http://169.254.169.254/latest/meta-data/", "address 169.254.169.254 is link-local"),
                        new CaptureOutcome.Failed("https://gone.example.org/x.png", "HTTP 404"),
                        new CaptureOutcome.TooLarge("https://big.example.org/v.mp4", 52428800),
                        new CaptureOutcome.Skipped("https://news.example.org/img/21.jpg", "over the cap of 20 media per post")),
                List.of(p), new KafkaCoordinates(Topics.POSTS_ENRICHED, 0, 41),
                Instant.parse("2026-11-20T06:16:04.300Z"), p.tool(), postProvenance());
    }

    static PostDeleted deleted() {
        return new PostDeleted(1, "bluesky:at://did:plc:k7u2xq4mfsyc6rnhbz3ejd5a/app.bsky.feed.post/3mq1xyzabc2a", "bluesky",
                "at://did:plc:k7u2xq4mfsyc6rnhbz3ejd5a/app.bsky.feed.post/3mq1xyzabc2a", "bsky-firehose",
                Instant.parse("2026-11-26T02:00:01Z"), "jetstream delete commit time_us=1795641600450000", COLLECTOR);
    }

    private SampleEvents() {
    }
}
