package org.evidencepipeline.collector.api;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.evidencepipeline.testsupport.ApiTestTokens;
import org.evidencepipeline.testsupport.KafkaBrokerResource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * Every collector endpoint needs the admin token (the %test profile's ApiTestTokens): the reader token gets
 * 403, a missing or wrong token 401, and nothing changes; an endpoint without a declared role is refused to
 * all; health and metrics stay open.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class ApiRolesTest {
    private static final String COLLECTION = """
            {"id":"guarded","name":"Guarded","sources":[{"id":"guarded-src","type":"rss","url":"https://example.org/rss","interval":"PT10M"}]}
            """;

    /** Each admin endpoint, as a request to send with some credentials. */
    private static final List<Function<RequestSpecification, io.restassured.response.Response>> ENDPOINTS = List.of(
            r -> r.get("/collections"),
            r -> r.get("/collections/guarded"),
            r -> r.contentType(ContentType.JSON).body(COLLECTION).post("/collections"),
            r -> r.contentType(ContentType.JSON).body(COLLECTION).put("/collections/guarded"),
            r -> r.post("/collections/guarded/poll"),
            r -> r.delete("/collections/guarded"));

    @Test
    void everyEndpointRefusesAMissingOrWrongTokenWith401() {
        for (var endpoint : ENDPOINTS) {
            endpoint.apply(given()).then().statusCode(401).contentType(ContentType.JSON)
                    .header("WWW-Authenticate", startsWith("Bearer")).body("error", containsString("unauthorized"));
            endpoint.apply(given().auth().oauth2("wrong-" + ApiTestTokens.ADMIN)).then().statusCode(401)
                    .body(not(containsString(ApiTestTokens.ADMIN)));
            endpoint.apply(given().header("Authorization", ApiTestTokens.ADMIN)).then().statusCode(401);
            endpoint.apply(given().header("Authorization", "Basic " + ApiTestTokens.ADMIN)).then().statusCode(401);
        }
        given().auth().oauth2(ApiTestTokens.ADMIN).get("/collections/guarded").then().statusCode(404);
    }

    @Test
    void everyEndpointRefusesTheReaderTokenWith403() {
        for (var endpoint : ENDPOINTS) {
            endpoint.apply(given().auth().oauth2(ApiTestTokens.READER)).then().statusCode(403).contentType(ContentType.JSON)
                    .body("error", containsString("needs the admin role"));
        }
        // Nothing was created or changed by the refused requests.
        given().auth().oauth2(ApiTestTokens.ADMIN).get("/collections/guarded").then().statusCode(404);
    }

    @Test
    void theAdminTokenOpensTheApi() {
        String opened = COLLECTION.replace("guarded", "opened");
        given().auth().oauth2(ApiTestTokens.ADMIN).contentType(ContentType.JSON).body(opened).post("/collections").then().statusCode(201);
        given().auth().oauth2(ApiTestTokens.ADMIN).get("/collections/opened").then().statusCode(200).body("collection.id", equalTo("opened"));
        given().header("Authorization", "bearer " + ApiTestTokens.ADMIN).delete("/collections/opened").then().statusCode(204);
    }

    @Test
    void anEndpointWithoutADeclaredRoleIsRefusedToEveryone() {
        given().auth().oauth2(ApiTestTokens.ADMIN).get("/test-only/undeclared").then().statusCode(403)
                .body("error", containsString("declares no API role"));
        given().auth().oauth2(ApiTestTokens.READER).get("/test-only/undeclared").then().statusCode(403);
        given().get("/test-only/undeclared").then().statusCode(403);
    }

    @Test
    void healthAndMetricsStayOpen() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/started").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
    }
}
