package io.kurir.queue.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kurir.devstack.KurirTestResource;
import io.kurir.mail.payload.IncomingRecord;
import io.kurir.mail.payload.Recipient;
import io.kurir.store.Migrations;
import io.kurir.store.PgBlobStore;
import io.kurir.store.queue.QueueStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin API against real Kafka and PostgreSQL; the test profile sets kurir.admin-token. */
@QuarkusTest
@QuarkusTestResource(KurirTestResource.class)
class QueueAdminApiIT {

    static final String TOKEN = "test-admin-token";

    @Inject
    DataSource dataSource;
    QueueStore queue;
    PgBlobStore blobs;

    @BeforeEach
    void queueWithTwoMessages() throws Exception {
        Migrations.migrate(dataSource);
        queue = new QueueStore(dataSource);
        blobs = new PgBlobStore(dataSource);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("delete from queue_messages");
            s.executeUpdate("delete from blobs where id like 'api/%'");
        }
        enqueue("API1", "anto@b.test");
        enqueue("API2", "cici@c.test");
    }

    void enqueue(String qid, String recipient) {
        blobs.putIdempotent("api/" + qid, "Subject: hi\r\n\r\nhello\r\n".getBytes(StandardCharsets.UTF_8));
        queue.enqueue(new IncomingRecord(1, qid, Instant.now(), "budi@a.test",
                List.of(new Recipient(recipient, recipient, "smtp", recipient.substring(recipient.indexOf('@') + 1), "")),
                "api/" + qid, 24, "<" + qid + "@a.test>", null, null, false));
    }

    static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + TOKEN);
    }

    @Test
    void withoutTheRightTokenEverythingUnderAdminIs401() {
        given().when().get("/admin/queue").then().statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("error", equalTo("a valid bearer token is required"));
        given().header("Authorization", "Bearer wrong").when().delete("/admin/queue/API1").then().statusCode(401);
        given().header("Authorization", "Basic " + TOKEN).when().post("/admin/queue/API1/hold").then().statusCode(401);
        given().when().get("/admin/no-such-thing").then().statusCode(401);
        admin().when().get("/admin/queue/API1").then().statusCode(200).body("state", equalTo("active"));
        given().when().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void listAndShow() {
        admin().when().get("/admin/queue").then().statusCode(200)
                .body("queueId", hasItems("API1", "API2"))
                .body("find { it.queueId == 'API1' }.recipients[0].address", equalTo("anto@b.test"));
        admin().when().get("/admin/queue/API2").then().statusCode(200)
                .body("sender", equalTo("budi@a.test"))
                .body("recipients[0].status", equalTo("pending"))
                .body("recipients[0].nexthop", equalTo("c.test"));
        admin().when().get("/admin/queue/NOPE").then().statusCode(404)
                .body("error", equalTo("NOPE: no such queue file"));
        admin().when().get("/admin/queue/bad!id").then().statusCode(400).body("error", equalTo("invalid queue id"));
    }

    @Test
    void holdReleaseRequeueAndDelete() {
        admin().when().post("/admin/queue/API1/hold").then().statusCode(200)
                .body("changed", equalTo(1)).body("state", equalTo("hold"));
        admin().when().post("/admin/queue/API1/hold").then().statusCode(200)
                .body("changed", equalTo(0)).body("state", equalTo("hold"));
        admin().when().post("/admin/queue/API1/release").then().statusCode(200)
                .body("changed", equalTo(1)).body("state", equalTo("active"));
        admin().when().post("/admin/queue/API1/requeue").then().statusCode(200)
                .body("changed", equalTo(1)).body("state", equalTo("active"));
        admin().when().post("/admin/queue/NOPE/release").then().statusCode(404);

        admin().when().delete("/admin/queue/API1").then().statusCode(200)
                .body("changed", equalTo(1)).body("state", equalTo("deleted"));
        assertTrue(blobs.get("api/API1").isEmpty(), "the queue file is removed with the message");
        admin().when().get("/admin/queue/API1").then().statusCode(404);
        admin().when().delete("/admin/queue/API1").then().statusCode(404);
    }

    @Test
    void flushAndShape() {
        admin().when().post("/admin/queue/flush?domain=b.test").then().statusCode(200)
                .body("messages", equalTo(0)).body("destinations", equalTo(0));
        admin().when().post("/admin/queue/flush").then().statusCode(200);
        admin().when().post("/admin/queue/flush?domain=a@b.test").then().statusCode(400)
                .body("error", equalTo("invalid domain"));
        admin().when().get("/admin/queue/shape").then().statusCode(200)
                .body("bucketMinutes", hasItems(5, 1280))
                .body("total.total", equalTo(2))
                .body("rows.domain", hasItems("b.test", "c.test"));
        admin().when().get("/admin/queue/shape?queue=hold").then().statusCode(200).body("total.total", equalTo(0));
        admin().when().get("/admin/queue/shape?queue=bogus").then().statusCode(400);
    }
}
