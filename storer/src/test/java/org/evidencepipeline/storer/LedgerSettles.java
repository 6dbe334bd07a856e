package org.evidencepipeline.storer;

import io.restassured.response.Response;
import org.awaitility.core.ConditionTimeoutException;
import org.evidencepipeline.ledger.LedgerLag;
import org.evidencepipeline.testsupport.ApiTestTokens;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/**
 * Waits for the storer's own ledger writer to catch up with what a test archived: every entry appended, and under a
 * signed and time-stamped checkpoint (the test profile checkpoints every second; every user of this has a TSA, and a
 * checkpoint whose stamp timed out on a loaded machine is stamped again). Verification is then final, and the test asserts on
 * it; a ledger that never catches up is left for that assertion to report, with its detail, after the wait.
 */
public final class LedgerSettles {
    private LedgerSettles() {
    }

    /** Polls {@code GET path} (a /verify path, as the reader) until none of its items waits on the ledger writer. */
    public static void on(String path) {
        on(path, ApiTestTokens.READER);
    }

    /** The same with the bearer token a test's own profile configures. */
    public static void on(String path, String token) {
        try {
            await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(300)).until(() -> settled(path, token));
        } catch (ConditionTimeoutException e) {
            // the test's own assertion says what is still wrong
        }
    }

    private static boolean settled(String path, String token) {
        Response r = given().auth().oauth2(token).get(path);
        if (r.statusCode() != 200) {
            return false;
        }
        Map<String, Integer> totals = r.jsonPath().getMap("totals");
        return totals != null && LedgerLag.caughtUpAndStamped(s -> totals.getOrDefault(s, 0), 0);
    }
}
