package io.ziptrace.examples.kafka;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The demo's HTTP answers: plain text between services, an HTML page for people. */
final class Pages {
  private Pages() {}

  static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  /** The front page: what happened to the order, and a link to its trace in Zipkin. */
  static String orderPage(String orderId, String traceId, String traceUrl) {
    return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>ziptrace Kafka demo</title></head><body>\n"
        + "<h1>ziptrace Kafka demo</h1>\n"
        + "<p>" + OrderService.NAME + " placed <code id=\"order-id\">" + escape(orderId) + "</code> and published it on"
        + " Kafka topic <code>" + KafkaDemo.ORDERS_TOPIC + "</code>; " + FulfillmentService.NAME
        + " consumes it and reserves its items at " + InventoryService.NAME + " over HTTP. Reload to place another.</p>\n"
        + "<p>Trace <code id=\"trace-id\">" + traceId + "</code>: <a id=\"trace-link\" href=\"" + escape(traceUrl)
        + "\">see it in Zipkin</a> (its spans reach Zipkin through Kafka too, so the consumer's part"
        + " may take a few seconds to appear)</p>\n</body></html>\n";
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
