package io.kurir.queue.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kurir.devstack.KurirTestResource;
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

    /**
     * A queued message that is not due for an hour, written directly, so that the service's own
     * scheduler leaves it alone while the API is looked at.
     */
    void enqueue(String qid, String recipient) throws Exception {
        blobs.putIdempotent("api/" + qid, "Subject: hi\r\n\r\nhello\r\n".getBytes(StandardCharsets.UTF_8));
        try (Connection c = dataSource.getConnection();
                var m = c.prepareStatement("insert into queue_messages (queue_id, arrival_time, sender, blob_id, size, "
                        + "message_id, next_attempt) values (?, now(), 'budi@a.test', ?, 24, ?, now() + interval '1 hour')");
                var r = c.prepareStatement("insert into queue_recipients (queue_id, seq, address, original_address, "
                        + "transport, nexthop, mailbox) values (?, 0, ?, ?, 'smtp', ?, '')")) {
            m.setString(1, qid);
            m.setString(2, "api/" + qid);
            m.setString(3, "<" + qid + "@a.test>");
            m.executeUpdate();
            r.setString(1, qid);
            r.setString(2, recipient);
            r.setString(3, recipient);
            r.setString(4, recipient.substring(recipient.indexOf('@') + 1));
            r.executeUpdate();
        }
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
