package org.evidencepipeline.collector.source.reddit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Reddit post's url is its permalink, https://www.reddit.com/r/&lt;subreddit&gt;/comments/&lt;id&gt;/…: the page the
 * capturer opens. A permalink of another form or of another post is replaced by one built from the subreddit.
 */
class RedditPostUrlIsItsPermalinkTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final RedditPostMapper mapper = new RedditPostMapper();

    @ParameterizedTest(name = "permalink {0}, subreddit {1} -> {2}")
    @CsvSource(nullValues = "-", value = {
            "/r/ukraine/comments/1gz4k3c/night_attack/, ukraine, https://www.reddit.com/r/ukraine/comments/1gz4k3c/night_attack/",
            "/r/u_osint-ua/comments/1gz4k3c/, u_osint-ua, https://www.reddit.com/r/u_osint-ua/comments/1gz4k3c/",
            "-, ukraine, https://www.reddit.com/r/ukraine/comments/1gz4k3c/",
            "/r/ukraine/comments/9zzzzzz/another_post/, ukraine, https://www.reddit.com/r/ukraine/comments/1gz4k3c/",
            "https://evil.example/r/ukraine/comments/1gz4k3c/, ukraine, https://www.reddit.com/r/ukraine/comments/1gz4k3c/",
            "//evil.example/r/ukraine/comments/1gz4k3c/, ukraine, https://www.reddit.com/r/ukraine/comments/1gz4k3c/",
            "-, -, https://www.reddit.com/comments/1gz4k3c/",
    })
    void theUrlIsThePostsOwnPermalink(String permalink, String subreddit, String expected) {
        ObjectNode child = JSON.createObjectNode().put("kind", "t3");
        ObjectNode data = child.putObject("data").put("name", "t3_1gz4k3c").put("title", "Нічна атака")
                .put("created_utc", 1795641600);
        if (permalink != null) {
            data.put("permalink", permalink);
        }
        if (subreddit != null) {
            data.put("subreddit", subreddit);
        }
        assertThat(mapper.map(child).url()).isEqualTo(expected);
    }
}
