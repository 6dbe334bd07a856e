package org.evidencepipeline.collector.api;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.evidencepipeline.testsupport.KafkaBrokerResource;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** With pipeline.api.token set, /collections* needs the bearer token; health and metrics stay open. */
@QuarkusTest
@TestProfile(ApiTokenTest.WithToken.class)
@QuarkusTestResource(KafkaBrokerResource.class)
class ApiTokenTest {
    static final String TOKEN = "collector-test-token-7f3a9c1e5b2d4068";

    public static class WithToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pipeline.api.token", TOKEN);
        }
    }

    private static final String COLLECTION = """
            {"id":"guarded","name":"Guarded","sources":[{"id":"guarded-src","type":"rss","url":"https://example.org/rss","interval":"PT10M"}]}
            """;

    @Test
    void requestsWithoutTheTokenAreRefusedAndChangeNothing() {
        given().get("/collections").then().statusCode(401).contentType(ContentType.JSON)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("error", containsString("unauthorized"));
        given().header("Authorization", "Bearer wrong-" + TOKEN).get("/collections").then().statusCode(401);
        given().header("Authorization", TOKEN).get("/collections").then().statusCode(401);
        given().header("Authorization", "Basic " + TOKEN).get("/collections/guarded").then().statusCode(401);
        given().contentType(ContentType.JSON).body(COLLECTION).post("/collections").then().statusCode(401);
        given().post("/collections/guarded/poll").then().statusCode(401);
        given().delete("/collections/guarded").then().statusCode(401);
        // Nothing was created by the refused POST.
        given().header("Authorization", "Bearer " + TOKEN).get("/collections/guarded").then().statusCode(404);
    }

    @Test
    void theTokenOpensTheApi() {
        given().header("Authorization", "Bearer " + TOKEN).contentType(ContentType.JSON).body(COLLECTION.replace("guarded", "opened"))
                .post("/collections").then().statusCode(201);
        given().header("Authorization", "Bearer " + TOKEN).get("/collections/opened").then().statusCode(200)
                .body("collection.id", equalTo("opened"));
        given().header("Authorization", "bearer " + TOKEN).delete("/collections/opened").then().statusCode(204);
    }

    @Test
    void healthAndMetricsStayOpen() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/started").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
    }
}
